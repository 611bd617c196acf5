package storetest

import (
	"testing"
	"time"

	"github.com/ssokit/workosauth/core/store"
)

// sessionRevoker runs the subtests of the SessionRevoker contract.
func (s *suite) sessionRevoker(t *testing.T) {
	subtests(t, s, []subtest[store.SessionRevoker]{
		{"revoke_session", s.revokeSession},
	})
}

// revokeSession: RevokeSession ends the record (its token opens nothing,
// at once) and publishes the revocation, as Delete and Publish would;
// a session the store never held is revoked without an error.
func (s *suite) revokeSession(t *testing.T, rv store.SessionRevoker) {
	st, feed := rv.(store.Store), rv.(store.Feed)
	f := &recorder{}
	follow(t, feed, f)
	eventually(t, "Synced(true)", f.isSynced)
	r := record("revoked")
	token := save(t, st, r)
	for _, id := range []string{r.ID, newID()} {
		rev := store.Revocation{SessionID: id, Until: time.Now().Add(time.Hour).Truncate(time.Second)}
		if err := rv.RevokeSession(ctx(t), rev); err != nil {
			t.Fatalf("RevokeSession: %v", err)
		}
		eventually(t, "the revocation reaches the follower", func() bool { return f.got(rev) })
	}
	_, err := st.Load(ctx(t), token)
	notFound(t, "Load after RevokeSession", err)
}
