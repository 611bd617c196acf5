package core

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core/store"
	"github.com/ssokit/workosauth/core/store/storetest"
)

// memBus is an in-process store.Feed shared by several Auths, as
// Redis is shared by several instances. It can be cut off, as a network
// is.
type memBus struct {
	mu        sync.Mutex
	log       []store.Revocation
	followers map[store.Follower]bool
	down      atomic.Bool
}

func newMemBus() *memBus { return &memBus{followers: map[store.Follower]bool{}} }

func (b *memBus) Publish(_ context.Context, r store.Revocation) error {
	if b.down.Load() {
		return ErrStoreUnavailable
	}
	b.mu.Lock()
	b.log = append(b.log, r)
	fs := make([]store.Follower, 0, len(b.followers))
	for f := range b.followers {
		fs = append(fs, f)
	}
	b.mu.Unlock()
	for _, f := range fs {
		f.Revoked(r)
	}
	return nil
}

func (b *memBus) Follow(ctx context.Context, f store.Follower) error {
	b.mu.Lock()
	for _, r := range b.log {
		f.Revoked(r)
	}
	b.followers[f] = true
	b.mu.Unlock()
	f.Synced(true)
	<-ctx.Done()
	b.mu.Lock()
	delete(b.followers, f)
	b.mu.Unlock()
	return nil
}

// setDown cuts the bus off: every follower hears it is out of sync.
func (b *memBus) setDown(down bool) {
	b.down.Store(down)
	b.mu.Lock()
	defer b.mu.Unlock()
	for f := range b.followers {
		f.Synced(!down)
	}
}

func TestFeedEndsSessionsOnEveryInstance(t *testing.T) {
	bus := newMemBus()
	one := newTestAuth(t, func(c *Config) { c.Sessions.Revocations = bus })
	two := newTestAuth(t, func(c *Config) { c.Sessions.Revocations = bus })
	t.Cleanup(func() { one.Close(); two.Close() })
	cs := sessionCookiesFor(t, one, alice())
	s := two.session(newFake("GET", "/").withCookies(cs...)) // cached on two
	if s == nil {
		t.Fatal("the session does not open on the second instance")
	}
	if err := one.revokeSession(t.Context(), s); err != nil {
		t.Fatal(err)
	}
	if two.session(newFake("GET", "/").withCookies(cs...)) != nil {
		t.Fatal("a session revoked on one instance still opens (from its cache) on another")
	}
	// An instance started later learns what is in force.
	three := newTestAuth(t, func(c *Config) { c.Sessions.Revocations = bus })
	t.Cleanup(func() { three.Close() })
	if three.session(newFake("GET", "/").withCookies(cs...)) != nil {
		t.Fatal("an instance started after the revocation opens the session")
	}
	// By user, everywhere.
	other := sessionCookiesFor(t, two, alice())
	if one.session(newFake("GET", "/").withCookies(other...)) == nil {
		t.Fatal("a second session does not open")
	}
	if err := three.RevokeUser(t.Context(), alice().ID); err != nil {
		t.Fatal(err)
	}
	for i, a := range []*Auth{one, two, three} {
		if a.session(newFake("GET", "/").withCookies(other...)) != nil {
			t.Errorf("instance %d: RevokeUser on another instance did not reach it", i+1)
		}
	}
}

func TestFeedOutOfSyncAnswers503AndRecovers(t *testing.T) {
	bus := newMemBus()
	a := newTestAuth(t, func(c *Config) { c.Sessions.Revocations = bus })
	t.Cleanup(func() { a.Close() })
	held := sessionCookiesFor(t, a, alice())
	issuer := newTestAuth(t, nil)
	unseen := sessionCookiesFor(t, issuer, alice())
	g := a.mustGuard()

	bus.setDown(true)
	if s, d := g.Check(newFake("GET", "/").withCookies(held...)); s == nil || d != nil {
		t.Fatalf("a session this instance holds was refused while the feed is down: %+v", d)
	}
	s, d := g.Check(newFake("GET", "/").withCookies(unseen...))
	if s != nil || d == nil || d.Status != http.StatusServiceUnavailable || d.Code != "session_unavailable" {
		t.Fatalf("a session this instance cannot check: session %v, denial %+v; want 503", s != nil, d)
	}
	x := newFake("GET", "/dashboard")
	x.header.Set("Accept", "text/html")
	g.Refuse(x, d)
	if x.status != http.StatusServiceUnavailable || x.resp.Get("Retry-After") == "" || location(x) != "" {
		t.Fatalf("503 answer: %d Retry-After %q Location %q", x.status, x.resp.Get("Retry-After"), location(x))
	}
	if len(x.setCooks) != 0 {
		t.Fatalf("the 503 touched cookies: %v", x.setCooks)
	}
	// Sign-out cannot end it everywhere now: 503, and the cookie is kept
	// so that trying again works.
	so := newFake("POST", "/auth/signout").withCookies(unseen...)
	a.serveAuth(so)
	if so.status != http.StatusServiceUnavailable || len(so.setCooks) != 0 {
		t.Fatalf("sign-out while the session cannot be checked: %d, cookies %v", so.status, so.setCooks)
	}

	bus.setDown(false)
	if s, d := g.Check(newFake("GET", "/").withCookies(unseen...)); s == nil || d != nil {
		t.Fatalf("not recovered after the feed came back: %+v", d)
	}
}

// unavailableStore fails every Load as a store that cannot be reached.
type unavailableStore struct {
	store.Store
	down atomic.Bool
}

func (u *unavailableStore) Load(ctx context.Context, token string) (store.Record, error) {
	if u.down.Load() {
		return store.Record{}, errors.Join(store.ErrUnavailable, errors.New("dial tcp: connection refused"))
	}
	return u.Store.Load(ctx, token)
}

func (u *unavailableStore) Save(ctx context.Context, r store.Record) (string, error) {
	if u.down.Load() {
		return "", store.ErrUnavailable
	}
	return u.Store.Save(ctx, r)
}

func TestStoreUnavailable(t *testing.T) {
	store := &unavailableStore{Store: storetest.NewMemory()}
	log := &recordLogger{}
	a := newTestAuth(t, func(c *Config) { c.Sessions.Store = store; c.Sessions.CacheSize = -1; c.Logger = log.slog() })
	cookies := sessionCookiesFor(t, a, alice())
	store.down.Store(true)
	s, d := a.mustGuard().Check(newFake("GET", "/api/me").withCookies(cookies...))
	if s != nil || d == nil || d.Status != http.StatusServiceUnavailable {
		t.Fatalf("store down: session %v, denial %+v; want 503", s != nil, d)
	}
	if _, _, err := a.sessionCookies(t.Context(), alice()); !errors.Is(err, ErrStoreUnavailable) {
		t.Fatalf("saving while the store is down: %v", err)
	}
	if e := sessionError(ErrStoreUnavailable); e.Status != http.StatusServiceUnavailable || e.Code != "session_unavailable" {
		t.Fatalf("a sign-in during the outage: %+v; want a clear 503", e)
	}
	if !strings.Contains(strings.Join(log.lines, "\n"), "unavailable") {
		t.Fatalf("the outage is not in the log: %v", log.lines)
	}
	store.down.Store(false)
	if s, d := a.mustGuard().Check(newFake("GET", "/api/me").withCookies(cookies...)); s == nil || d != nil {
		t.Fatalf("the session was lost to the outage: %+v", d)
	}
}

func TestFeedPublishFailureStillEndsHere(t *testing.T) {
	bus := newMemBus()
	log := &recordLogger{}
	a := newTestAuth(t, func(c *Config) { c.Sessions.Revocations = bus; c.Logger = log.slog() })
	t.Cleanup(func() { a.Close() })
	cs := sessionCookiesFor(t, a, alice())
	s := a.session(newFake("GET", "/").withCookies(cs...))
	bus.down.Store(true)
	if err := a.revokeSession(t.Context(), s); !errors.Is(err, ErrStoreUnavailable) {
		t.Fatalf("Revoke with the feed down: %v, want ErrStoreUnavailable", err)
	}
	if a.session(newFake("GET", "/").withCookies(cs...)) != nil {
		t.Fatal("a revocation the feed could not take did not end the session here")
	}
}

func TestCloseStopsFollowing(t *testing.T) {
	bus := newMemBus()
	a := newTestAuth(t, func(c *Config) { c.Sessions.Revocations = bus })
	done := make(chan struct{})
	go func() { a.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not return")
	}
	bus.mu.Lock()
	n := len(bus.followers)
	bus.mu.Unlock()
	if n != 0 {
		t.Fatalf("%d followers after Close", n)
	}
}
