package redisstore_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/store"
	"github.com/ssokit/workosauth/internal/redistest"
	redisstore "github.com/ssokit/workosauth/stores/redis"
	"github.com/ssokit/workosauth/workostest"
)

// shiftClock is a clock tests move on, shared by the Auths and the
// emulator.
type shiftClock struct {
	mu  sync.Mutex
	off time.Duration
}

func (c *shiftClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.off)
}

func (c *shiftClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.off += d
}

// akFleet is AuthKit instances on one Redis, against the emulator.
type akFleet struct {
	srv   *redistest.Server
	emu   *workostest.Server
	clock *shiftClock
}

const akRedirect = "http://app.test/auth/callback"

func newAKFleet(t *testing.T) *akFleet {
	f := &akFleet{srv: redistest.Start(t), clock: &shiftClock{}}
	f.emu = workostest.NewServer(t, workostest.Options{RedirectURIs: []string{akRedirect}, Now: f.clock.now})
	return f
}

// akInstance is one instance: its Auth and its guarded /api/me.
type akInstance struct {
	auth *core.Auth
	h    http.Handler
}

func (f *akFleet) instance(t *testing.T) *akInstance { return f.instanceOn(t, nil) }

// unsavable is a Redis store whose Update does not reach Redis while
// down is set (always, when down is nil), as when the connection of the
// process that refreshed a session drops.
type unsavable struct {
	*redisstore.Store
	down *atomic.Bool
}

func (u unsavable) Update(ctx context.Context, token string, r store.Record) error {
	if u.down == nil || u.down.Load() {
		return fmt.Errorf("%w: the test's Redis does not answer this", store.ErrUnavailable)
	}
	return u.Store.Update(ctx, token, r)
}

// instanceOn is an instance whose store is wrap of its Redis store (nil:
// the Redis store as it is).
func (f *akFleet) instanceOn(t *testing.T, wrap func(*redisstore.Store) store.Store) *akInstance {
	t.Helper()
	rs := redisstore.New(f.srv.Client(), redisstore.Options{Timeout: 300 * time.Millisecond})
	var sessions store.Store = rs
	if wrap != nil {
		sessions = wrap(rs)
	}
	auth, err := core.New(core.Config{
		ClientID:       f.emu.ClientID,
		APIKey:         core.NewSecret(f.emu.APIKey),
		RedirectURI:    akRedirect,
		CookiePassword: core.NewSecret(testPassword),
		Now:            f.clock.now,
		Sessions: core.SessionConfig{
			Store:       sessions,
			Revocations: rs,
		},
		WorkOS:  core.WorkOSConfig{BaseURL: f.emu.URL},
		Events:  core.EventConfig{Log: rs},
		AuthKit: core.AuthKitConfig{Enabled: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { auth.Close() })
	return &akInstance{auth: auth, h: workoshttp.RequireWorkOS(auth)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := workoshttp.Profile(r)
		w.Write([]byte(p.Email))
	}))}
}

// ask sends GET /api/me with the cookies of signedIn.
func (in *akInstance) ask(signedIn *http.Request) (int, http.Header) {
	r := signedIn.Clone(signedIn.Context())
	r.Header.Set("Accept", "application/json")
	w := httptest.NewRecorder()
	in.h.ServeHTTP(w, r)
	return w.Code, w.Header()
}

// revocations is how many revocations Redis holds.
func (f *akFleet) revocations(t *testing.T) int64 {
	n, err := f.srv.Do("ZCARD", redisstore.DefaultPrefix+"revoked")
	if err != nil {
		t.Fatal(err)
	}
	return n.(int64)
}

// TestAuthKitRefreshDuringRedisOutage: Redis stops answering while an
// instance refreshes an AuthKit session, so the new tokens (WorkOS has
// spent the old refresh token) cannot be saved. No one is signed out: the
// instance serves the session from memory and saves it once Redis is
// back; another instance, refused by WorkOS meanwhile, answers 503 and
// then adopts the saved tokens; nothing is revoked.
func TestAuthKitRefreshDuringRedisOutage(t *testing.T) {
	f := newAKFleet(t)
	a, b := f.instance(t), f.instance(t)
	signedIn := f.emu.AuthKitSignIn(a.auth, httptest.NewRequest("GET", "http://app.test/api/me", nil), "alice@acme.test", "org_01DEMOACME")
	for i, in := range []*akInstance{a, b} {
		if st, _ := in.ask(signedIn); st != 200 {
			t.Fatalf("instance %d before: %d", i, st)
		}
	}
	f.clock.advance(6 * time.Minute) // the access token has expired
	before := f.emu.RefreshCount()
	f.srv.Pause(1500 * time.Millisecond)
	if st, _ := a.ask(signedIn); st != 200 {
		t.Fatalf("A refreshes while Redis is paused: %d, want 200 (served from memory)", st)
	}
	if f.emu.RefreshCount()-before != 1 {
		t.Fatalf("A did not refresh at WorkOS")
	}
	if st, h := b.ask(signedIn); st != http.StatusServiceUnavailable || strings.Contains(h.Get("Set-Cookie"), "Max-Age=0") {
		t.Fatalf("B, refused by WorkOS while Redis cannot say why: %d %v, want 503 and the cookie kept", st, h)
	}
	time.Sleep(1700 * time.Millisecond) // Redis answers again; A's save lands
	deadline := time.Now().Add(10 * time.Second)
	for {
		st, h := b.ask(signedIn)
		if st == 200 {
			break
		}
		if st != http.StatusServiceUnavailable || time.Now().After(deadline) {
			t.Fatalf("B after the outage: %d %v, want 503 then 200", st, h)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if st, _ := a.ask(signedIn); st != 200 {
		t.Fatalf("A after the outage: %d", st)
	}
	if st, _ := f.instance(t).ask(signedIn); st != 200 {
		t.Fatalf("a new instance reading the saved session: %d, want 200", st)
	}
	if n := f.revocations(t); n != 0 {
		t.Fatalf("%d revocations in Redis, want none", n)
	}
}

// TestAuthKitRefusedRefreshWithStaleStoreRevokesNothing: the instance
// that refreshed a session cannot save it (as when it is gone before
// Redis answered), so the store keeps the refresh token WorkOS has spent. Another
// instance's refresh is refused: it drops its copy of the cookie, and
// publishes no revocation (the session may live on elsewhere).
func TestAuthKitRefusedRefreshWithStaleStoreRevokesNothing(t *testing.T) {
	f := newAKFleet(t)
	a := f.instanceOn(t, func(s *redisstore.Store) store.Store { return unsavable{Store: s} })
	b := f.instance(t)
	signedIn := f.emu.AuthKitSignIn(a.auth, httptest.NewRequest("GET", "http://app.test/api/me", nil), "alice@acme.test", "org_01DEMOACME")
	for _, in := range []*akInstance{a, b} {
		in.ask(signedIn)
	}
	f.clock.advance(6 * time.Minute)
	if st, _ := a.ask(signedIn); st != 200 {
		t.Fatalf("A, its save failing: %d, want 200", st)
	}
	st, h := b.ask(signedIn)
	if st != http.StatusUnauthorized || !strings.Contains(h.Get("Set-Cookie"), "Max-Age=0") {
		t.Fatalf("B, refused by WorkOS with the old token still in Redis: %d %v, want 401 and this cookie cleared", st, h)
	}
	if n := f.revocations(t); n != 0 {
		t.Fatalf("%d revocations in Redis, want none", n)
	}
	if st, _ := a.ask(signedIn); st != 200 {
		t.Fatalf("A, which holds the refreshed session: %d, want 200 (nothing revoked it)", st)
	}
}

// TestAuthKitRefreshSaveRetried: the save of a refreshed session fails
// (the instance's connection to Redis drops) and is retried; another
// instance refused by WorkOS meanwhile waits for it and adopts it,
// instead of dropping the cookie.
func TestAuthKitRefreshSaveRetried(t *testing.T) {
	f := newAKFleet(t)
	var down atomic.Bool
	a := f.instanceOn(t, func(s *redisstore.Store) store.Store { return unsavable{Store: s, down: &down} })
	b := f.instance(t)
	signedIn := f.emu.AuthKitSignIn(a.auth, httptest.NewRequest("GET", "http://app.test/api/me", nil), "alice@acme.test", "org_01DEMOACME")
	for _, in := range []*akInstance{a, b} {
		in.ask(signedIn)
	}
	f.clock.advance(6 * time.Minute)
	down.Store(true)
	if st, _ := a.ask(signedIn); st != 200 {
		t.Fatalf("A, its save failing: %d, want 200", st)
	}
	go func() {
		time.Sleep(300 * time.Millisecond)
		down.Store(false)
	}()
	if st, h := b.ask(signedIn); st != 200 {
		t.Fatalf("B, refused by WorkOS while A's save is retried: %d %v, want 200 (adopted once it lands)", st, h)
	}
	if st, _ := f.instance(t).ask(signedIn); st != 200 {
		t.Fatalf("a new instance: %d", st)
	}
	if n := f.revocations(t); n != 0 {
		t.Fatalf("%d revocations in Redis, want none", n)
	}
}
