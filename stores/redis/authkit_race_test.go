package redisstore_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/store"
	redisstore "github.com/ssokit/workosauth/stores/redis"
)

// heldLoads is a Redis store whose next loads, once held, read Redis and
// then wait to be let go: a request that read a session before another
// instance saved its refresh, and goes on after.
type heldLoads struct {
	*redisstore.Store
	mu    sync.Mutex
	holds []chan struct{} // the loads to hold, in the order they come
	read  chan struct{}   // a held load has read Redis
}

// hold holds the next n loads, and returns what lets each go, in the
// order they come.
func (h *heldLoads) hold(n int) []chan struct{} {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.read = make(chan struct{}, n)
	h.holds = make([]chan struct{}, n)
	for i := range h.holds {
		h.holds[i] = make(chan struct{})
	}
	return h.holds
}

func (h *heldLoads) Load(ctx context.Context, token string) (store.Record, error) {
	r, err := h.Store.Load(ctx, token)
	h.mu.Lock()
	var wait chan struct{}
	if len(h.holds) > 0 {
		wait, h.holds = h.holds[0], h.holds[1:]
	}
	read := h.read
	h.mu.Unlock()
	if wait != nil {
		read <- struct{}{}
		<-wait
	}
	return r, err
}

// askAsync sends in.ask in the background; its status comes on answers.
func (in *akInstance) askAsync(signedIn *http.Request, answers chan<- int) {
	go func() {
		st, _ := in.ask(signedIn)
		answers <- st
	}()
}

// warm opens signedIn's session on in, once its revocation feed is in
// sync (until then, a session it has not opened gets 503).
func (in *akInstance) warm(t *testing.T, signedIn *http.Request) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		st, _ := in.ask(signedIn)
		if st == http.StatusOK {
			return
		}
		if st != http.StatusServiceUnavailable || time.Now().After(deadline) {
			t.Fatalf("opening the session: %d, want 200", st)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestAuthKitAdoptedRefreshIsRemembered forces the interleaving behind
// the flaky TestAuthKitRefreshAcrossInstances. Two requests on B read the
// session (refresh token R0, access token expired) from Redis; A
// refreshes it (R0 spent, R1 saved); B's first request is refused by
// WorkOS and adopts R1 from Redis; then B's second request, which read R0
// before A's save, goes on. B knows R0 is spent: the second request gets
// the adopted session without a call to WorkOS, and the stale record it
// read does not replace the adopted one in B's cache of opened sessions
// (a minute later, past the time refresh outcomes are kept, B still
// serves R1 without calling WorkOS).
func TestAuthKitAdoptedRefreshIsRemembered(t *testing.T) {
	f := newAKFleet(t)
	a := f.instance(t)
	held := &heldLoads{}
	b := f.instanceWith(t, func(rs *redisstore.Store) store.Store { held.Store = rs; return held },
		func(c *core.Config) { c.Sessions.Recheck = 2 * time.Minute })
	signedIn := f.emu.AuthKitSignIn(a.auth, httptest.NewRequest("GET", "http://app.test/api/me", nil), "alice@acme.test", "org_01DEMOACME")
	a.warm(t, signedIn)
	b.warm(t, signedIn)
	f.clock.advance(6 * time.Minute) // past the access token, and past B's recheck: B reads Redis again
	before := f.emu.RefreshCount()
	release := held.hold(2)
	answers := make(chan int, 2)
	b.askAsync(signedIn, answers)
	b.askAsync(signedIn, answers)
	<-held.read
	<-held.read // both of B's requests hold R0
	if st, _ := a.ask(signedIn); st != 200 {
		t.Fatalf("A refreshing: %d", st)
	}
	close(release[0]) // the other request still waits
	if st := <-answers; st != 200 {
		t.Fatalf("B's first request, refused by WorkOS: %d, want 200 (it adopts A's refresh)", st)
	}
	close(release[1])
	if st := <-answers; st != 200 {
		t.Fatalf("B's second request, with the record read before A's save: %d, want 200", st)
	}
	if n := f.emu.RefreshCount() - before; n != 2 {
		t.Fatalf("%d refresh calls at WorkOS, want 2 (A's, and B's refused one): B spent a refresh token it knew was spent", n)
	}
	f.clock.advance(time.Minute) // the outcomes B kept are forgotten; R1's access token is still valid
	if st, _ := b.ask(signedIn); st != 200 {
		t.Fatalf("B a minute later: %d", st)
	}
	if n := f.emu.RefreshCount() - before; n != 2 {
		t.Fatalf("%d refresh calls at WorkOS, want 2: B's cache kept the record read before A's save over the adopted one", n)
	}
	if n := f.revocations(t); n != 0 {
		t.Fatalf("%d revocations in Redis, want none", n)
	}
}

// TestAuthKitAdoptedExpiredNeverSignsOut: B, whose sessions are never
// asked about again (SessionRecheck negative), holds an old record (R0)
// while A refreshed twice. B's refresh of R0 is refused; Redis holds R1,
// expired too; A refreshes R1 just before B adopts it, so B's refresh of
// R1 is refused as well. B reads Redis again and adopts R2: the user is
// not signed out, nothing is revoked.
func TestAuthKitAdoptedExpiredNeverSignsOut(t *testing.T) {
	f := newAKFleet(t)
	a := f.instance(t)
	held := &heldLoads{}
	b := f.instanceWith(t, func(rs *redisstore.Store) store.Store { held.Store = rs; return held },
		func(c *core.Config) { c.Sessions.Recheck = -1 })
	signedIn := f.emu.AuthKitSignIn(a.auth, httptest.NewRequest("GET", "http://app.test/api/me", nil), "alice@acme.test", "org_01DEMOACME")
	a.warm(t, signedIn)
	b.warm(t, signedIn)
	f.clock.advance(6 * time.Minute)
	if st, _ := a.ask(signedIn); st != 200 { // R0 -> R1
		t.Fatalf("A's first refresh: %d", st)
	}
	f.clock.advance(6 * time.Minute) // R1's access token has expired too
	release := held.hold(1)
	onB := make(chan int, 1)
	b.askAsync(signedIn, onB) // refused for R0, B reads R1 from Redis and waits
	<-held.read
	if st, _ := a.ask(signedIn); st != 200 { // R1 -> R2
		t.Fatalf("A's second refresh: %d", st)
	}
	close(release[0])
	if st := <-onB; st != 200 {
		t.Fatalf("B, refused for R0 and then for R1: %d, want 200 (it adopts R2)", st)
	}
	if n := f.revocations(t); n != 0 {
		t.Fatalf("%d revocations in Redis, want none", n)
	}
	for i, in := range []*akInstance{a, b} {
		if st, _ := in.ask(signedIn); st != 200 {
			t.Fatalf("instance %d after: %d", i, st)
		}
	}
}
