package conformance

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"testing"

	"github.com/ssokit/workosauth/core/store"
)

// readyPath is the standard app's readiness route: the adapter's Ready.
const readyPath = "/readyz"

// Healthy makes the flaky store a backend that can say whether it
// answers, as the Redis store does: core's readiness asks it.
func (f *flakyStore) Healthy(context.Context) error {
	if f.down.Load() {
		return fmt.Errorf("%w: the test turned it off", store.ErrUnavailable)
	}
	return nil
}

// testReadiness: the adapter's readiness handler answers 200
// {"ready":true} while the store answers, 503 {"ready":false,"reasons":
// ["store_unavailable"]} with Retry-After and no-store while it does not,
// and 200 again once it is back; HEAD answers as GET, without a body.
func testReadiness(t *testing.T, e *env) {
	e, st := newFlakyEnv(t, e)
	b := e.browser(t)
	want := func(status int, body map[string]any) {
		t.Helper()
		r := b.api("GET", readyPath)
		if r.Status != status || r.Header.Get("Cache-Control") != "no-store" || !reflect.DeepEqual(r.jsonBody(t), body) {
			t.Fatalf("%s %q (Cache-Control %q), want %d %v", r, r.Body, r.Header.Get("Cache-Control"), status, body)
		}
		if status == http.StatusServiceUnavailable && r.Header.Get("Retry-After") == "" {
			t.Errorf("%s: no Retry-After", r)
		}
		if h := b.api("HEAD", readyPath); h.Status != status || h.Body != "" {
			t.Errorf("HEAD: %s with %d bytes, want %d and no body", h, len(h.Body), status)
		}
	}
	want(http.StatusOK, map[string]any{"ready": true})
	st.down.Store(true)
	want(http.StatusServiceUnavailable, map[string]any{"ready": false, "reasons": []any{"store_unavailable"}})
	st.down.Store(false)
	want(http.StatusOK, map[string]any{"ready": true})
}
