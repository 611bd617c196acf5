package core_test

import (
	"context"
	"fmt"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/store"
)

// flakyUpdater is a server-side store (keeping its tokens, as the Redis
// store does) whose Update fails for want of the store while down.
type flakyUpdater struct {
	memStore
	down    atomic.Bool
	updates atomic.Int32
}

func (s *flakyUpdater) Update(_ context.Context, token string, r store.Record) error {
	if s.down.Load() {
		return fmt.Errorf("%w: down", core.ErrStoreUnavailable)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[token] = r
	s.updates.Add(1)
	return nil
}

// data is the record the store holds (it holds one session): a refresh
// saved changes it.
func (s *flakyUpdater) data(t *testing.T) string {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.m {
		return string(r.Data)
	}
	t.Fatal("the store holds no session")
	return ""
}

func TestRefreshedSessionSavedWhenTheStoreIsBack(t *testing.T) {
	// Two refreshes of one session while its store is down: the session
	// is served from memory, and once the store is back the newer tokens
	// are what it holds (an older save never lands after a newer one), so
	// that another instance opens and refreshes it.
	store := &flakyUpdater{}
	clock := &akClock{}
	a := newAKAppClock(t, nil, clock, store, nil)
	b := a.browser()
	b.signIn(url.Values{"organization": {"org_01DEMOACME"}, "login_hint": {"alice@acme.test"}})
	signedIn := store.data(t)
	store.down.Store(true)
	for i := range 2 {
		clock.advance(6 * time.Minute)
		if st, _ := b.me(); st != 200 {
			t.Fatalf("refresh %d with the store down: %d, want 200", i, st)
		}
	}
	if store.data(t) != signedIn {
		t.Fatal("the store took a save while down")
	}
	store.down.Store(false)
	deadline := time.Now().Add(5 * time.Second)
	for store.updates.Load() == 0 || store.data(t) == signedIn {
		if time.Now().After(deadline) {
			t.Fatal("the refreshed session was never saved once the store was back")
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // any older save would land by now
	other := newAKAppClock(t, a.emu, clock, store, func(c *core.Config) { c.RedirectURI = a.srv.URL + "/auth/callback" })
	ob := other.browser()
	ob.c.Jar.SetCookies(mustURL(other.srv.URL), b.c.Jar.Cookies(mustURL(a.srv.URL)))
	if st, m := ob.me(); st != 200 || m["email"] != "alice@acme.test" {
		t.Fatalf("another instance opening the saved session: %d %v", st, m)
	}
	clock.advance(6 * time.Minute)
	if st, _ := ob.me(); st != 200 {
		t.Fatalf("another instance refreshing the saved session: %d, want 200 (the store holds the newest refresh token)", st)
	}
	if n := store.updates.Load(); n != 2 {
		t.Fatalf("%d updates, want 2 (the newest pending save, then the other instance's refresh)", n)
	}
}
