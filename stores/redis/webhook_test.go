package redisstore_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core/events"
	"github.com/ssokit/workosauth/workostest"
)

// TestWebhookOnOneInstanceEndsSessionsOnAll: WorkOS delivers a webhook to
// one instance of a fleet on one Redis; the removed user's sessions are
// refused on every instance within a second, another user's are not, and
// the app's hook runs once although WorkOS delivers the event twice, to
// two instances (the Redis store is the shared EventLog).
func TestWebhookOnOneInstanceEndsSessionsOnAll(t *testing.T) {
	const secret = "whsec_fleet_0123456789"
	for _, b := range backends(t) {
		for _, mode := range []struct {
			name string
			o    instanceOpts
		}{{"redis store", instanceOpts{}}, {"cookie store with Revocations", instanceOpts{cookieStore: true}}} {
			t.Run(b.name+"/"+mode.name, func(t *testing.T) {
				var hooks atomic.Int32
				o := mode.o
				o.webhookSecret = secret
				o.onEvent = func(context.Context, events.Event) error { hooks.Add(1); return nil }
				fleet := startFleet(t, b.client, 2, o)
				a, bb := fleet[0], fleet[1]
				alice, bob := a.signIn(t, "prof_alice"), a.signIn(t, "prof_bob")
				for _, in := range fleet {
					in.want(t, "before the event", alice, http.StatusOK)
					in.want(t, "before the event, bob", bob, http.StatusOK)
				}
				e, err := workostest.NewEvent(events.DirectoryUserDeleted, map[string]any{
					"object": "directory_user", "id": "directory_user_alice", "directory_id": "directory_acme",
					"organization_id": "org_acme", "idp_id": "idp_prof_alice", "email": "prof_alice@acme.test",
					"emails":     []any{map[string]any{"primary": true, "type": "work", "value": "prof_alice@acme.test"}},
					"first_name": "Alice", "last_name": "Liddell", "state": "inactive",
				})
				if err != nil {
					t.Fatal(err)
				}
				deliver := func(in *instance) int {
					req, err := workostest.WebhookRequest("http://app.test/auth/webhooks", secret, e, time.Now())
					if err != nil {
						t.Fatal(err)
					}
					w := httptest.NewRecorder()
					in.h.ServeHTTP(w, req)
					return w.Code
				}
				start := time.Now()
				if st := deliver(a); st < 200 || st > 299 {
					t.Fatalf("a signed delivery to instance A answered %d", st)
				}
				took := refusedWithin(t, bb, alice, start, time.Second)
				t.Logf("%s/%s: a webhook on A reached B in %v", b.name, mode.name, took.Round(100*time.Microsecond))
				a.want(t, "the removed user on the instance that took the webhook", alice, http.StatusUnauthorized)
				for _, in := range fleet {
					in.want(t, "another user of the organization", bob, http.StatusOK)
				}
				if st := deliver(bb); st < 200 || st > 299 { // WorkOS retries, maybe to another instance
					t.Fatalf("the same delivery to instance B answered %d", st)
				}
				if n := hooks.Load(); n != 1 {
					t.Fatalf("OnEvent ran %d times for one event delivered to two instances", n)
				}
				again := a.signIn(t, "prof_alice") // re-activated later: signing in works
				bb.want(t, "a sign-in after the event", again, http.StatusOK)
			})
		}
	}
}
