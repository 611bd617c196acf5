package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core/store"
)

// updater runs the subtests of the Updater contract.
func (s *suite) updater(t *testing.T) {
	subtests(t, s, []subtest[store.Updater]{
		{"keeps_the_token", s.updateKeepsToken},
		{"after_delete", s.updateAfterDelete},
		{"other_id", s.updateOtherID},
		{"tampered_token", s.updateTamperedToken},
	})
}

// updateKeepsToken: after Update, the same token opens the new record.
func (s *suite) updateKeepsToken(t *testing.T, st store.Updater) {
	r := record("before update")
	token := save(t, st, r)
	r2 := store.Record{ID: r.ID, Data: []byte("refreshed tokens"), ExpiresAt: r.ExpiresAt.Add(time.Hour)}
	if err := st.Update(ctx(t), token, r2); err != nil {
		t.Fatalf("Update: %v", err)
	}
	opens(t, st, "the token after Update", token, r2)
}

// updateAfterDelete: Update never brings back a deleted record.
func (s *suite) updateAfterDelete(t *testing.T, st store.Updater) {
	r := record("signed out")
	token := save(t, st, r)
	if err := st.Delete(ctx(t), r.ID); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	err := st.Update(ctx(t), token, store.Record{ID: r.ID, Data: []byte("revived"), ExpiresAt: r.ExpiresAt})
	notFound(t, "Update of a deleted record", err)
	_, err = st.Load(ctx(t), token)
	notFound(t, "the deleted record after an Update", err)
}

// updateOtherID: Update of a token with a record of another ID is
// refused and changes neither record.
func (s *suite) updateOtherID(t *testing.T, st store.Updater) {
	a, b := record("record a"), record("record b")
	ta, tb := save(t, st, a), save(t, st, b)
	err := st.Update(ctx(t), ta, store.Record{ID: b.ID, Data: []byte("b through a's token"), ExpiresAt: b.ExpiresAt})
	refused(t, "Update of a's token with b's ID", err)
	opens(t, st, "a after the refused update", ta, a)
	opens(t, st, "b after the refused update", tb, b)
}

// updateTamperedToken: Update through an altered token is refused and
// changes nothing.
func (s *suite) updateTamperedToken(t *testing.T, st store.Updater) {
	r := record("kept")
	token := save(t, st, r)
	for _, i := range []int{0, len(token) / 2, len(token) - 1} {
		err := st.Update(ctx(t), flip(token, i), store.Record{ID: r.ID, Data: []byte("forged"), ExpiresAt: r.ExpiresAt})
		refused(t, fmt.Sprintf("Update through the token altered at byte %d", i), err)
	}
	opens(t, st, "the record after forged updates", token, r)
}
