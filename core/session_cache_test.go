package core

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ssokit/workosauth/core/store"
)

// countingStore counts the records it opens.
type countingStore struct {
	store.Store
	loads atomic.Int64
}

func (c *countingStore) Load(ctx context.Context, token string) (store.Record, error) {
	c.loads.Add(1)
	return c.Store.Load(ctx, token)
}

// newCountingAuth returns an Auth with the test configuration, edited,
// whose cookie store counts Loads.
func newCountingAuth(t *testing.T, edit func(*Config)) (*Auth, *countingStore) {
	t.Helper()
	a := newTestAuth(t, edit)
	counting := &countingStore{Store: a.store.st}
	a.store.st = counting
	return a, counting
}

// largeProfile is a profile of a few KiB that still fits in a cookie whole.
func largeProfile(i int) Profile {
	p := alice()
	p.ID = fmt.Sprintf("prof_%04d", i)
	p.Groups = nil
	for g := range 30 {
		p.Groups = append(p.Groups, fmt.Sprintf("group-%04d-%02d-%s", i, g, strings.Repeat("g", 24)))
	}
	p.CustomAttributes = map[string]any{"level": 3, "active": true}
	for k := range 15 {
		p.CustomAttributes[fmt.Sprintf("attr_%02d", k)] = strings.Repeat("v", 40)
	}
	return p
}

// cachedCost adds up sessionCost over the cached sessions.
func cachedCost(a *Auth) (n int64) {
	a.sessions.DeleteFunc(func(token string, e *cachedSession) bool {
		n += sessionCost(token, e.s)
		return false
	})
	return n
}

func TestSessionCacheBytesHoldsWithManyLargeSessions(t *testing.T) {
	const budget = 512 << 10 // 16 KiB a shard: two large sessions each
	issuer := newTestAuth(t, func(c *Config) { c.Sessions.CacheSize = -1 })
	a, store := newCountingAuth(t, func(c *Config) { c.Sessions.CacheBytes = budget })

	const n = 200
	cookies := make([][]*http.Cookie, n)
	for i := range cookies {
		cookies[i] = sessionCookiesFor(t, issuer, largeProfile(i))
	}
	s0 := a.session(newFake("GET", "/").withCookies(cookies[0]...))
	if s0 == nil || len(s0.Profile.Groups) != 30 || len(s0.Profile.CustomAttributes) != 17 {
		t.Fatalf("large session was trimmed or did not open: %+v", s0)
	}
	token := a.readSessionToken(newFake("GET", "/").withCookies(cookies[0]...))
	one := sessionCost(token, s0)
	if one < 4000 || one > budget/32 {
		t.Fatalf("a large session costs %d; the test wants 4000..%d", one, budget/32)
	}

	// Open them all, many times, from several goroutines, while a watcher
	// checks the bound.
	stop := make(chan struct{})
	var watcher sync.WaitGroup
	watcher.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			if c := a.sessions.Cost(); c > budget {
				t.Errorf("cache holds %d bytes > %d", c, budget)
				return
			}
		}
	})
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range n {
				k := (i*7 + g*53) % n
				s := a.session(newFake("GET", "/").withCookies(cookies[k]...))
				if s == nil || s.Profile.ID != fmt.Sprintf("prof_%04d", k) {
					t.Errorf("session %d: opened %+v", k, s)
					return
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	watcher.Wait()

	cost, entries := a.sessions.Cost(), a.sessions.Len()
	if cost > budget || cost != cachedCost(a) {
		t.Errorf("cache reports %d bytes, entries cost %d, budget %d", cost, cachedCost(a), budget)
	}
	// Far fewer than the 10000 entries SessionCacheSize allows, yet the
	// budget is in use.
	if max := int(budget / one); entries == 0 || entries > max+max/10 {
		t.Errorf("cache holds %d large sessions; the byte budget allows about %d", entries, max)
	}
	if cost < budget/2 {
		t.Errorf("cache holds only %d of %d bytes", cost, budget)
	}
	if store.loads.Load() <= n {
		t.Errorf("store opened %d sessions for %d cookies: nothing was evicted", store.loads.Load(), n)
	}
	t.Logf("%d large sessions of ~%d bytes: %d cached in %d bytes, %d store loads for %d requests",
		n, one, entries, cost, store.loads.Load(), 4*n+1)
}

func TestSessionOverBudgetStillWorks(t *testing.T) {
	const budget = 32 * 2000 // 2000 bytes a shard
	issuer := newTestAuth(t, func(c *Config) { c.Sessions.CacheSize = -1 })
	a, store := newCountingAuth(t, func(c *Config) { c.Sessions.CacheBytes = budget })

	large := sessionCookiesFor(t, issuer, largeProfile(1))
	small := sessionCookiesFor(t, issuer, Profile{ID: "prof_small", Email: "bob@acme.test"})
	for name, tt := range map[string]struct {
		cookies []*http.Cookie
		cached  bool
	}{"large": {large, false}, "small": {small, true}} {
		store.loads.Store(0)
		for i := range 5 {
			x := newFake("GET", "/").withCookies(tt.cookies...)
			s := a.session(x)
			if s == nil {
				t.Fatalf("%s: request %d signed out", name, i)
			}
			if cost := sessionCost(a.readSessionToken(x), s); (cost <= budget/32) != tt.cached {
				t.Fatalf("%s: costs %d against a share of %d", name, cost, budget/32)
			}
		}
		want := int64(5)
		if tt.cached {
			want = 1
		}
		if got := store.loads.Load(); got != want {
			t.Errorf("%s: store opened the session %d times in 5 requests, want %d", name, got, want)
		}
	}
	if n, cost := a.sessions.Len(), a.sessions.Cost(); n != 1 || cost > budget/32 {
		t.Errorf("cache holds %d sessions in %d bytes; want only the small one", n, cost)
	}

	// Signing in with a session over budget works too: the cookie is set,
	// the cache keeps nothing of it, and the cookie opens.
	_, cs, err := a.sessionCookies(t.Context(), largeProfile(2))
	if err != nil {
		t.Fatal(err)
	}
	if n := a.sessions.Len(); n != 1 {
		t.Errorf("cache holds %d sessions after a sign-in over budget, want 1", n)
	}
	if s := a.session(newFake("GET", "/").withCookies(cs...)); s == nil || s.Profile.ID != "prof_0002" {
		t.Errorf("session over budget did not open: %+v", s)
	}
}

func TestSessionCacheBytesConfig(t *testing.T) {
	a := newTestAuth(t, nil)
	if a.cfg.Sessions.CacheBytes != (32<<20) || a.sessions == nil {
		t.Errorf("default: SessionCacheBytes = %d, cache %v", a.cfg.Sessions.CacheBytes, a.sessions != nil)
	}
	if b := newTestAuth(t, func(c *Config) { c.Sessions.CacheBytes = -1 }); b.sessions != nil {
		t.Error("negative SessionCacheBytes: cache built")
	}
	if b := newTestAuth(t, func(c *Config) { c.Sessions.CacheSize = -1 }); b.sessions != nil {
		t.Error("negative SessionCacheSize: cache built")
	}
	// Without a cache every request opens its cookie, and works.
	b, store := newCountingAuth(t, func(c *Config) { c.Sessions.CacheBytes = -1 })
	cs := sessionCookiesFor(t, b, alice())
	for range 3 {
		if s := b.session(newFake("GET", "/").withCookies(cs...)); s == nil {
			t.Fatal("signed out without a cache")
		}
	}
	if n := store.loads.Load(); n != 3 {
		t.Errorf("store opened %d times for 3 requests without a cache", n)
	}
}

func TestSessionCost(t *testing.T) {
	bare := &Session{}
	base := sessionCost("", bare)
	if base != sessionOverhead {
		t.Errorf("empty session costs %d, want %d", base, sessionOverhead)
	}
	tests := []struct {
		name  string
		token string
		p     Profile
		extra int64
	}{
		{"token", strings.Repeat("t", 1000), Profile{}, 1000},
		{"strings", "", Profile{ID: "prof_1", Email: "a@b.c", Name: "Al"}, 6 + 5 + 2},
		{"role", "", Profile{Role: &Role{Slug: "admin"}}, headerCost + 5},
		{"roles", "", Profile{Roles: []Role{{"a"}, {"bb"}}}, 2*headerCost + 3},
		{"groups", "", Profile{Groups: []string{"eng", "ops"}}, 2*headerCost + 6},
		{"custom string", "", Profile{CustomAttributes: map[string]any{"dept": "R&D"}}, 2*headerCost + 4 + 3},
		{"custom other", "", Profile{CustomAttributes: map[string]any{"n": 42, "deep": []any{strings.Repeat("x", 1000)}}}, 2*(3*headerCost) + 1 + 4},
		{"raw", "", Profile{RawAttributes: map[string]any{"picture": "https://x"}}, 2*headerCost + 7 + 9},
	}
	for _, tt := range tests {
		if got := sessionCost(tt.token, &Session{Profile: tt.p}) - base; got != tt.extra {
			t.Errorf("%s: costs %d over an empty session, want %d", tt.name, got, tt.extra)
		}
	}
}
