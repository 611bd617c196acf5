package redisstore_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core/events"
	"github.com/ssokit/workosauth/internal/redistest"
	redisstore "github.com/ssokit/workosauth/stores/redis"
	"github.com/ssokit/workosauth/workostest"
)

// hookCounter is an OnEvent that counts its calls and fails while fail
// is set.
type hookCounter struct {
	calls atomic.Int32
	fail  atomic.Bool
}

func (h *hookCounter) onEvent(context.Context, events.Event) error {
	h.calls.Add(1)
	if h.fail.Load() {
		return errors.New("the app's database is down")
	}
	return nil
}

// deliverEvent delivers a signed user.created event to in and returns
// the status.
func deliverEvent(t *testing.T, in *instance, secret, id string) int {
	t.Helper()
	e, err := workostest.NewEvent("user.created", map[string]any{"object": "user", "id": "user_01A"})
	if err != nil {
		t.Fatal(err)
	}
	e.ID = id
	req, err := workostest.WebhookRequest("http://app.test/auth/webhooks", secret, e, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	in.h.ServeHTTP(w, req)
	return w.Code
}

// TestOnEventClaimAnswerLost: Redis records the claim of an event but its
// answer comes too late (the server was busy): the delivery gets 503, and
// the event must not stay claimed for days. A redelivery while the short
// lease holds gets 503 too, without OnEvent; once it has expired, one
// runs OnEvent, once.
func TestOnEventClaimAnswerLost(t *testing.T) {
	const secret = "whsec_claims_0123456789"
	srv := redistest.Start(t)
	hook := &hookCounter{}
	in := newInstance(t, srv.Client(), instanceOpts{timeout: 300 * time.Millisecond, webhookSecret: secret, onEvent: hook.onEvent})
	if st := deliverEvent(t, in, secret, "event_01WARM"); st != http.StatusOK { // Redis has the claim's script from now on
		t.Fatalf("a first event: %d", st)
	}
	hook.calls.Store(0)
	srv.Sleep(time.Second) // busy: the claim waits past the timeout, then lands
	if st := deliverEvent(t, in, secret, "event_01LATE"); st != http.StatusServiceUnavailable {
		t.Fatalf("the claim's answer came too late: %d, want 503", st)
	}
	time.Sleep(1200 * time.Millisecond)
	key := redisstore.DefaultPrefix + "client_test:event:event_01LATE" // under the client ID
	ttl, err := srv.Do("PTTL", key)
	if err != nil {
		t.Fatal(err)
	}
	if ms := ttl.(int64); ms <= 0 || ms > int64(time.Minute/time.Millisecond) {
		t.Fatalf("the claim that landed holds for %d ms, want a lease of a minute at most (the claim landed: %v)", ms, ms > 0)
	}
	if st := deliverEvent(t, in, secret, "event_01LATE"); st != http.StatusServiceUnavailable || hook.calls.Load() != 0 {
		t.Fatalf("a redelivery while the lease holds: %d, %d calls; want 503 and no call", st, hook.calls.Load())
	}
	if _, err := srv.Do("PEXPIRE", key, 1); err != nil { // the lease runs out
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond)
	for range 3 {
		if st := deliverEvent(t, in, secret, "event_01LATE"); st != http.StatusOK {
			t.Fatalf("a redelivery after the lease: %d", st)
		}
	}
	if n := hook.calls.Load(); n != 1 {
		t.Fatalf("OnEvent ran %d times, want once", n)
	}
	if ttl, _ := srv.Do("PTTL", key); ttl.(int64) < int64(3*24*time.Hour/time.Millisecond) {
		t.Fatalf("a handled event is remembered for %v ms, want longer than WorkOS retries (3 days)", ttl)
	}
}

// TestOnEventFailureRunsItAgain: OnEvent fails; the delivery gets 503 and
// the claim is given back, so that WorkOS's redelivery, to any instance,
// runs it again; once it succeeds, never again.
func TestOnEventFailureRunsItAgain(t *testing.T) {
	const secret = "whsec_claims_0123456789"
	srv := redistest.Start(t)
	hook := &hookCounter{}
	o := instanceOpts{timeout: time.Second, webhookSecret: secret, onEvent: hook.onEvent}
	a, b := newInstance(t, srv.Client(), o), newInstance(t, srv.Client(), o)
	hook.fail.Store(true)
	if st := deliverEvent(t, a, secret, "event_01FAIL"); st != http.StatusServiceUnavailable {
		t.Fatalf("OnEvent failed: %d, want 503 (delivered again)", st)
	}
	hook.fail.Store(false)
	if st := deliverEvent(t, b, secret, "event_01FAIL"); st != http.StatusOK || hook.calls.Load() != 2 {
		t.Fatalf("the redelivery to another instance: %d, %d calls; want 200 after a second call", st, hook.calls.Load())
	}
	for _, in := range []*instance{a, b} {
		if st := deliverEvent(t, in, secret, "event_01FAIL"); st != http.StatusOK {
			t.Fatalf("a repeat: %d", st)
		}
	}
	if n := hook.calls.Load(); n != 2 {
		t.Fatalf("OnEvent ran %d times, want 2 (the failure, then once)", n)
	}
}
