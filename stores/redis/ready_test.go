package redisstore_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/internal/redistest"
)

// readyAnswer is a readiness probe's answer.
type readyAnswer struct {
	status  int
	Ready   bool     `json:"ready"`
	Reasons []string `json:"reasons"`
}

func probeReady(t *testing.T, h http.Handler) readyAnswer {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
	a := readyAnswer{status: rec.Code}
	if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
		t.Fatalf("readiness answer %d %q: %v", rec.Code, rec.Body, err)
	}
	return a
}

// An instance on a real redis-server (its store, feed and event log) is
// ready while Redis answers; once redis-server is stopped its readiness
// handler answers 503 naming the store (and the feed, once it notices),
// and 200 again once redis-server is back and the feed has caught up.
func TestReadinessFollowsRedis(t *testing.T) {
	srv := redistest.Start(t)
	in := newInstance(t, srv.Client(), instanceOpts{timeout: 500 * time.Millisecond})
	ready := workoshttp.Ready(in.auth)
	until := func(what string, ok func(readyAnswer) bool) readyAnswer {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for {
			a := probeReady(t, ready)
			if ok(a) {
				return a
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: still %+v after 20s", what, a)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	if a := probeReady(t, ready); a.status != 200 || !a.Ready || a.Reasons != nil {
		t.Fatalf("redis answers: %+v, want 200 ready", a)
	}

	srv.Kill()
	a := probeReady(t, ready) // the probe's own ping finds Redis gone
	if a.status != 503 || a.Ready || !slices.Contains(a.Reasons, "store_unavailable") {
		t.Fatalf("redis stopped: %+v, want 503 store_unavailable", a)
	}
	until("the feed notices", func(a readyAnswer) bool {
		return a.status == 503 && slices.Equal(a.Reasons, []string{"store_unavailable", "revocation_feed_not_synced"})
	})
	if err := in.auth.Ready(t.Context()); err == nil {
		t.Error("Auth.Ready: nil while redis is stopped")
	}

	srv.Restart()
	until("redis back", func(a readyAnswer) bool { return a.status == 200 && a.Ready && a.Reasons == nil })
	if err := in.auth.Ready(t.Context()); err != nil {
		t.Errorf("Auth.Ready with redis back: %v", err)
	}
}
