package bench

import (
	"net/http"
	"strings"
	"testing"
)

// BenchmarkGuard is the hot path: a request with a valid session cookie
// through each adapter's RequireWorkOS to a no-op handler. The session was
// opened when it was set (as after a sign-in), so this is a cache hit.
func BenchmarkGuard(b *testing.B) {
	for _, rt := range routers {
		b.Run(rt.name, func(b *testing.B) {
			auth := newAuth(b, nil)
			pr := &probe{}
			serve, inspect := rt.guard(auth, pr).prepare(signedIn(auth, alice(b)))
			pr.arm()
			serve()
			expectAnswer(b, inspect, http.StatusOK, "")
			pr.expect(b, aliceEmail)
			measure(b, serve)
		})
	}
}

// BenchmarkFloor is each router's plumbing floor on the same request: the
// cookie read the router's way, its value put in the router's context, the
// no-op handler called; no crypto. BenchmarkPeer/floor is nethttp's.
func BenchmarkFloor(b *testing.B) {
	for _, rt := range routers {
		b.Run(rt.name, func(b *testing.B) { benchFloor(b, rt) })
	}
}

// benchFloor measures rt's floor on the signed-in request.
func benchFloor(b *testing.B, rt router) {
	auth := newAuth(b, nil)
	r := signedIn(auth, alice(b))
	pr := &probe{}
	serve, inspect := rt.floor(cookieName(auth), pr).prepare(r)
	pr.arm()
	serve()
	expectAnswer(b, inspect, http.StatusOK, "")
	pr.expect(b, sessionCookie(b, auth, r))
	measure(b, serve)
}

// BenchmarkUnauthenticated is a request without a session from an API
// client: the guard answers 401 with a JSON error.
func BenchmarkUnauthenticated(b *testing.B) {
	for _, rt := range routers {
		b.Run(rt.name, func(b *testing.B) {
			auth := newAuth(b, nil)
			pr := &probe{}
			serve, inspect := rt.guard(auth, pr).prepare(anonymous())
			pr.arm()
			serve()
			expectAnswer(b, inspect, http.StatusUnauthorized, "application/json")
			pr.expect(b, "")
			measure(b, serve)
		})
	}
}

// expectAnswer fails unless the last answer had the status and a
// Content-Type starting with contentType.
func expectAnswer(tb testing.TB, inspect func() (int, string), status int, contentType string) {
	tb.Helper()
	got, ct := inspect()
	if got != status || !strings.HasPrefix(ct, contentType) {
		tb.Fatalf("answer %d %q, want %d %q", got, ct, status, contentType)
	}
}
