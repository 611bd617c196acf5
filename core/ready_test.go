package core

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/ssokit/workosauth/core/store"
	"github.com/ssokit/workosauth/core/store/storetest"
)

func TestReadiness(t *testing.T) {
	down := fmt.Errorf("%w: no answer from Redis lately", ErrStoreUnavailable)
	for _, c := range []struct {
		feed, synced bool
		storeErr     error
		reasons      []string
	}{
		{false, false, nil, nil}, // no feed: nothing to be in sync with
		{true, true, nil, nil},
		{true, false, nil, []string{reasonFeedNotSynced}},
		{false, false, down, []string{reasonStoreUnavailable}},
		{true, false, down, []string{reasonStoreUnavailable, reasonFeedNotSynced}},
	} {
		err := readiness(c.feed, c.synced, c.storeErr)
		var nr *notReadyError
		switch {
		case c.reasons == nil && err != nil:
			t.Errorf("%+v: not ready: %v", c, err)
		case c.reasons != nil && !errors.As(err, &nr):
			t.Errorf("%+v: ready, want %v", c, c.reasons)
		case c.reasons != nil && !slices.Equal(nr.reasons, c.reasons):
			t.Errorf("%+v: reasons %v, want %v", c, nr.reasons, c.reasons)
		case c.storeErr != nil && !errors.Is(err, ErrStoreUnavailable):
			t.Errorf("%+v: %v does not wrap the store's error", c, err)
		}
	}
}

// healthStore is the cookie store with a health check that can be turned
// off, as the Redis store's is when Redis stops answering.
type healthStore struct {
	store.Store
	down  atomic.Bool
	calls atomic.Int32
}

func (s *healthStore) Healthy(context.Context) error {
	s.calls.Add(1)
	if s.down.Load() {
		return fmt.Errorf("%w: no answer lately", ErrStoreUnavailable)
	}
	return nil
}

// The healthStore is also the feed and the event log, as the Redis store
// is: asked once.
type healthFeed struct {
	*healthStore
	*memBus
}

// readyAnswer serves a readiness probe and returns its status and body.
func readyAnswer(t *testing.T, a *Auth, method string) (int, map[string]any) {
	t.Helper()
	x := newFake(method, "/ready")
	a.serveReady(x)
	var body map[string]any
	if err := json.Unmarshal(x.body, &body); err != nil {
		t.Fatalf("body %q: %v", x.body, err)
	}
	if x.resp.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q", x.resp.Get("Cache-Control"))
	}
	return x.status, body
}

// Readiness follows the feed's sync and the store's health, flipping to
// 503 with the reasons and back to 200; a closed Auth is not ready.
func TestReadyFollowsFeedAndStore(t *testing.T) {
	bus := newMemBus()
	st := &healthStore{Store: storetest.NewMemory()}
	a := newTestAuth(t, func(c *Config) { c.Sessions.Revocations = bus; c.Sessions.Store = st })
	if status, body := readyAnswer(t, a, "GET"); status != 200 || body["ready"] != true {
		t.Fatalf("a fresh instance: %d %v", status, body)
	}
	bus.setDown(true)
	if status, body := readyAnswer(t, a, "GET"); status != 503 || fmt.Sprint(body["reasons"]) != "[revocation_feed_not_synced]" {
		t.Errorf("feed out of sync: %d %v", status, body)
	}
	st.down.Store(true)
	if status, body := readyAnswer(t, a, "GET"); status != 503 || fmt.Sprint(body["reasons"]) != "[store_unavailable revocation_feed_not_synced]" {
		t.Errorf("store down too: %d %v", status, body)
	}
	bus.setDown(false)
	if status, body := readyAnswer(t, a, "HEAD"); status != 503 || fmt.Sprint(body["reasons"]) != "[store_unavailable]" {
		t.Errorf("store down: %d %v", status, body)
	}
	st.down.Store(false)
	if status, _ := readyAnswer(t, a, "GET"); status != 200 {
		t.Errorf("back: %d", status)
	}
	if status, _ := readyAnswer(t, a, "POST"); status != 405 {
		t.Errorf("POST: %d", status)
	}
	a.Close()
	if status, body := readyAnswer(t, a, "GET"); status != 503 || fmt.Sprint(body["reasons"]) != "[revocation_feed_not_synced]" {
		t.Errorf("closed: %d %v", status, body)
	}
}

// A backend that is store, feed and event log at once is asked once per
// probe; an app without a feed or a health check is ready.
func TestReadyAsksEachBackendOnce(t *testing.T) {
	hs := &healthStore{Store: storetest.NewMemory()}
	both := &healthFeed{healthStore: hs, memBus: newMemBus()}
	a := newTestAuth(t, func(c *Config) { c.Sessions.Store = both; c.Sessions.Revocations = both })
	t.Cleanup(func() { a.Close() })
	if err := a.ready(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := hs.calls.Load(); n != 1 {
		t.Errorf("the backend was asked %d times, want 1", n)
	}
	plain := newTestAuth(t, nil)
	if err := plain.ready(t.Context()); err != nil {
		t.Errorf("no feed, no health check: %v", err)
	}
}
