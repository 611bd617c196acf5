package core

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core/store"
)

// memStore is a server-side session store in memory, as Redis is to
// several instances: it can lose a session behind their backs (as a Redis
// that restarted without its data does) or stop answering.
type memStore struct {
	mu    sync.Mutex
	m     map[string]store.Record // token -> record
	down  atomic.Bool
	loads atomic.Int64
	gate  atomic.Pointer[chan struct{}] // when set, Load waits until it closes
	bound []string                      // client IDs New bound it to
}

func newMemStore() *memStore { return &memStore{m: map[string]store.Record{}} }

func (m *memStore) Save(_ context.Context, r store.Record) (string, error) {
	if m.down.Load() {
		return "", store.ErrUnavailable
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	token := randomToken(16)
	m.m[token] = r
	return token, nil
}

func (m *memStore) Load(_ context.Context, token string) (store.Record, error) {
	m.loads.Add(1)
	if g := m.gate.Load(); g != nil {
		<-*g
	}
	if m.down.Load() {
		return store.Record{}, store.ErrUnavailable
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if r, ok := m.m[token]; ok {
		return r, nil
	}
	return store.Record{}, fmt.Errorf("%w: memstore: no such session", store.ErrNotFound)
}

func (m *memStore) Renew(_ context.Context, token string, r store.Record) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if old, ok := m.m[token]; !ok || old.ID != r.ID {
		return "", fmt.Errorf("%w: memstore: no such session", store.ErrNotFound)
	}
	m.m[token] = r
	return token, nil
}

func (m *memStore) Delete(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for t, r := range m.m {
		if r.ID == id {
			delete(m.m, t)
		}
	}
	return nil
}

func (m *memStore) Bind(b store.Binding) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.bound = append(m.bound, b.ClientID)
	if len(m.bound) > 1 && m.bound[0] != b.ClientID {
		return errors.New("memstore: bound to another client ID")
	}
	return nil
}

// lose forgets every session, as a Redis restarted without persistence.
func (m *memStore) lose() {
	m.mu.Lock()
	defer m.mu.Unlock()
	clear(m.m)
}

// waitLoads waits until the store has been asked n times, failing after
// 5 s.
func (m *memStore) waitLoads(t *testing.T, n int64) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for m.loads.Load() < n {
		if time.Now().After(deadline) {
			t.Fatalf("the store was asked %d times, want %d", m.loads.Load(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// recheckAuth is an Auth on a memStore, on a manual clock, with a
// SessionRecheck of 20 s, and a function that asks its guard for a
// session.
func recheckAuth(t *testing.T) (*Auth, *memStore, *testClock, func([]*http.Cookie) *Session) {
	clock := newManualClock()
	store := newMemStore()
	a := newTestAuth(t, func(c *Config) {
		c.Sessions.Store, c.Now, c.Sessions.Recheck = store, clock.now, 20*time.Second
	})
	g := a.mustGuard()
	return a, store, clock, func(cs []*http.Cookie) *Session {
		s, _ := g.Check(newFake("GET", "/").withCookies(cs...))
		return s
	}
}

// TestSessionRecheck: a session opened from a server-side store is served
// from the cache without asking the store for SessionRecheck; in its last
// quarter a request still gets it at once and the store is asked in the
// background; past it the store's answer decides. A session the store
// lost is refused within the bound, not kept for good.
func TestSessionRecheck(t *testing.T) {
	a, store, clock, ask := recheckAuth(t)
	busy := sessionCookiesFor(t, a, alice()) // cached by the sign-in
	idle := sessionCookiesFor(t, a, alice())
	for range 100 {
		if ask(busy) == nil || ask(idle) == nil {
			t.Fatal("a session just signed in is refused")
		}
	}
	if n := store.loads.Load(); n != 0 {
		t.Fatalf("cache hits within the bound asked the store %d times", n)
	}

	// The last quarter: served at once, checked once in the background
	// (the store's answer is held back meanwhile: no request waits for it).
	clock.advance(16 * time.Second)
	gate := make(chan struct{})
	store.gate.Store(&gate)
	release := sync.OnceFunc(func() { store.gate.Store(nil); close(gate) })
	t.Cleanup(release)
	served := make(chan bool)
	go func() {
		ok := true
		for range 50 {
			ok = ok && ask(busy) != nil
		}
		served <- ok
	}()
	select {
	case ok := <-served:
		if !ok {
			t.Fatal("a session in its last quarter of trust is refused")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("requests in the last quarter of trust waited for the store")
	}
	release()
	store.waitLoads(t, 1)
	time.Sleep(20 * time.Millisecond)
	if n := store.loads.Load(); n != 1 {
		t.Fatalf("50 requests in the last quarter asked the store %d times, want 1 (in the background)", n)
	}

	// Redis loses every session: without a word to the instance.
	store.lose()
	clock.advance(5 * time.Second) // busy was checked 5 s ago; idle is past its bound
	if ask(idle) != nil {
		t.Fatal("a session the store lost is still served from the cache past SessionRecheck")
	}
	if ask(busy) == nil {
		t.Fatal("a session checked 5 s ago is refused without reason")
	}
	clock.advance(11 * time.Second) // busy in its last quarter: checked in the background, then dropped
	ask(busy)
	store.waitLoads(t, 3)
	deadline := time.Now().Add(5 * time.Second)
	for ask(busy) != nil {
		if time.Now().After(deadline) {
			t.Fatal("a session the store lost is still served after its background check")
		}
		time.Sleep(time.Millisecond)
	}
}

// TestSessionRecheckStoreDown: past the bound, a store that cannot answer
// leaves the cached session served (an outage signs no one out), asked
// again later; once it answers, its answer decides.
func TestSessionRecheckStoreDown(t *testing.T) {
	a, store, clock, ask := recheckAuth(t)
	cs := sessionCookiesFor(t, a, alice())
	store.down.Store(true)
	clock.advance(21 * time.Second)
	for range 20 {
		if ask(cs) == nil {
			t.Fatal("a cached session was refused because its store is down")
		}
	}
	if n := store.loads.Load(); n != 1 {
		t.Fatalf("20 requests while the store is down asked it %d times, want 1 (then asked again later)", n)
	}
	store.down.Store(false)
	store.lose()
	clock.advance(6 * time.Second)
	if ask(cs) != nil {
		t.Fatal("once the store answers again, a session it lost is still served")
	}
}

// TestCookieSessionsNotRechecked: the cookie store is never asked again
// (a sealed session says the same each time it is opened).
func TestCookieSessionsNotRechecked(t *testing.T) {
	if a := newTestAuth(t, nil); a.recheck != 0 {
		t.Fatalf("cookie store: recheck %v, want none", a.recheck)
	}
	if a := newTestAuth(t, func(c *Config) { c.Sessions.Store = newMemStore() }); a.recheck != (30 * time.Second) {
		t.Fatalf("server-side store: recheck %v, want %v", a.recheck, (30 * time.Second))
	}
	if a := newTestAuth(t, func(c *Config) { c.Sessions.Store, c.Sessions.Recheck = newMemStore(), -1 }); a.recheck != 0 {
		t.Fatalf("SessionRecheck -1: recheck %v, want none", a.recheck)
	}
}

// TestFollowerReset: when the feed says its shared state was lost, the
// instance drops every session it holds (each is asked of the store
// again) and hands back the revocations in force it knows, by ID and by
// match, for the feed to record again.
func TestFollowerReset(t *testing.T) {
	clock := newManualClock()
	store := newMemStore()
	bus := newMemBus()
	a := newTestAuth(t, func(c *Config) {
		c.Sessions.Store, c.Now, c.Sessions.Revocations, c.Sessions.Recheck = store, clock.now, bus, time.Hour
	})
	t.Cleanup(func() { a.Close() })
	g := a.mustGuard()
	cs := sessionCookiesFor(t, a, alice())
	if s, _ := g.Check(newFake("GET", "/").withCookies(cs...)); s == nil {
		t.Fatal("the session does not open")
	}
	if err := a.RevokeSession(t.Context(), "sid-gone"); err != nil {
		t.Fatal(err)
	}
	if err := a.RevokeUser(t.Context(), "prof_01BOB"); err != nil {
		t.Fatal(err)
	}
	store.lose()
	revs := (&follower{a: a}).Reset()
	if s, _ := g.Check(newFake("GET", "/").withCookies(cs...)); s != nil {
		t.Fatal("after Reset, a session the store lost is still served from the cache")
	}
	var byID, byMatch bool
	for _, r := range revs {
		byID = byID || r.SessionID == "sid-gone" && r.Until.After(clock.now())
		byMatch = byMatch || r.Match == MatchUser("prof_01BOB").key && !r.Before.After(clock.now()) && r.Until.After(clock.now())
	}
	if !byID || !byMatch || len(revs) != 2 {
		t.Fatalf("Reset handed back %+v; want the revocation by ID and the one by user", revs)
	}
	// Expired revocations are not handed back.
	clock.advance((30 * 24 * time.Hour) + time.Hour)
	if revs := (&follower{a: a}).Reset(); len(revs) != 0 {
		t.Fatalf("Reset handed back expired revocations: %+v", revs)
	}
}

// TestStoreBoundToClientID: New tells a store (and a feed) that keeps
// data apart per WorkOS environment the client ID; one bound to another
// client ID is refused.
func TestStoreBoundToClientID(t *testing.T) {
	store := newMemStore()
	newTestAuth(t, func(c *Config) { c.Sessions.Store = store })
	if len(store.bound) != 1 || store.bound[0] != "client_test" {
		t.Fatalf("bound to %v, want [client_test]", store.bound)
	}
	_, err := New(Config{
		ClientID:       "client_other",
		APIKey:         NewSecret("sk_x"),
		RedirectURI:    "http://app.test/auth/callback",
		CookiePassword: NewSecret(testPassword),
		Sessions:       SessionConfig{Store: store},
	})
	if !errors.Is(err, ErrConfig) {
		t.Fatalf("a store bound to another client ID: %v, want ErrConfig", err)
	}
}

// TestSignOutUnavailableSaysWhenToRetry: a sign-out that cannot find the
// session (the store is down) answers 503 with Retry-After and keeps the
// cookie.
func TestSignOutUnavailableSaysWhenToRetry(t *testing.T) {
	store := newMemStore()
	issuer := newTestAuth(t, func(c *Config) { c.Sessions.Store = store })
	cs := sessionCookiesFor(t, issuer, alice())
	a := newTestAuth(t, func(c *Config) { c.Sessions.Store = store }) // has not cached it
	store.down.Store(true)
	x := newFake("POST", "/auth/signout").withCookies(cs...)
	x.header.Set("Origin", "http://app.test")
	x.header.Set("Accept", "application/json")
	a.serveAuth(x)
	if x.status != http.StatusServiceUnavailable || x.resp.Get("Retry-After") == "" {
		t.Fatalf("sign-out with the store down: %d, Retry-After %q; want 503 with Retry-After", x.status, x.resp.Get("Retry-After"))
	}
	if len(x.setCooks) != 0 {
		t.Fatalf("a sign-out that could not finish touched cookies: %v", x.setCooks)
	}
}
