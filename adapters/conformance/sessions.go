package conformance

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/store"
	"github.com/ssokit/workosauth/core/store/storetest"
)

// flakyStore is a server-side session store that can be made
// unavailable, as Redis can be: Load and Save then fail with
// store.ErrUnavailable.
type flakyStore struct {
	store.Store
	down atomic.Bool
}

func (f *flakyStore) Load(ctx context.Context, token string) (store.Record, error) {
	if f.down.Load() {
		return store.Record{}, errors.Join(store.ErrUnavailable, context.DeadlineExceeded)
	}
	return f.Store.Load(ctx, token)
}

func (f *flakyStore) Save(ctx context.Context, r store.Record) (string, error) {
	if f.down.Load() {
		return "", store.ErrUnavailable
	}
	return f.Store.Save(ctx, r)
}

// testStoreUnavailable: when the session store cannot answer, a guarded
// route answers 503 with Retry-After (a navigation too: it is not sent to
// sign in, and no cookie is touched), then recovers by itself.
func testStoreUnavailable(t *testing.T, e *env) {
	e, store := newFlakyEnv(t, e)
	b := e.browser(t)
	b.signInAs(alice, AcmeOrg)
	store.down.Store(true)
	r := b.api("GET", "/api/me")
	if r.Status != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" {
		t.Fatalf("%s: want 503 with Retry-After while the store is down", r)
	}
	if m := r.jsonBody(t); m["error"] != "session_unavailable" {
		t.Errorf("%s: error %v, want session_unavailable", r, m["error"])
	}
	n := b.nav("/dashboard")
	if n.Status != http.StatusServiceUnavailable || n.Header.Get("Location") != "" || len(n.Header.Values("Set-Cookie")) != 0 {
		t.Fatalf("%s: a navigation while the store is down must get 503, no redirect, no cookie change", n)
	}
	store.down.Store(false)
	b.wantSignedIn(alice)
}

// newFlakyEnv starts an app of its own whose session store can be made
// unavailable, and asked on every request.
func newFlakyEnv(t *testing.T, e *env) (*env, *flakyStore) {
	t.Helper()
	store := &flakyStore{Store: storetest.NewMemory()}
	e = newEnvWith(t, e.adapter, func(c *core.Config) {
		c.Sessions.Store = store
		c.Sessions.CacheSize = -1 // every request asks the store
	})
	e.outage = true
	return e, store
}
