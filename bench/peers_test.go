package bench

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/ssokit/workosauth/core"
)

// peer is a session guard built on another library, as an app using that
// library writes it: decode the session cookie, read the profile, put it
// in the request's context, call next (401 when anything fails).
type peer struct {
	name string
	// setup encodes p in the peer's session format and returns the session
	// cookie and the guard, which puts a *core.Profile under peerKey{}.
	setup func(tb testing.TB, p core.Profile) (*http.Cookie, func(http.Handler) http.Handler)
	// perRequest marks a guard that caches its work on the *http.Request
	// (gorilla's registry): each iteration then serves a shallow copy of
	// the request, as a server would serve a new one (one more allocation
	// of about 250 bytes, charged to the peer).
	perRequest bool
}

// peers are the guards workosauth is compared with.
var peers = []peer{
	{name: "gorilla-sessions", setup: gorillaPeer, perRequest: true},
	{name: "jwe-authjs", setup: authjsPeer},
	{name: "jwt-hs256", setup: jwtPeer},
}

// peerKey is the context key of the peers' *core.Profile.
type peerKey struct{}

// peerHandler is the no-op handler behind a peer's guard.
func peerHandler(pr *probe) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if pr.armed {
			if p, ok := r.Context().Value(peerKey{}).(*core.Profile); ok {
				pr.email = p.Email
			}
		}
	})
}

// BenchmarkPeer runs the plumbing floor and each peer's guard on the same
// profile as BenchmarkGuard, in the same run.
func BenchmarkPeer(b *testing.B) {
	b.Run("floor", func(b *testing.B) { benchFloor(b, nethttpRouter) })
	for _, pe := range peers {
		b.Run(pe.name, func(b *testing.B) {
			c, guard := pe.setup(b, alice(b))
			r := httptest.NewRequest(http.MethodGet, guardedPath, nil)
			r.Header.Set("Accept", "application/json")
			r.AddCookie(c)
			pr := &probe{}
			h := guard(peerHandler(pr))
			w := newSink()
			serve := func() {
				w.code = 0
				h.ServeHTTP(w, r)
			}
			if pe.perRequest {
				serve = func() {
					w.code = 0
					fresh := *r
					h.ServeHTTP(w, &fresh)
				}
			}
			pr.arm()
			serve()
			expectStatus(b, w, http.StatusOK)
			pr.expect(b, aliceEmail)
			measure(b, serve)
			b.ReportMetric(float64(len(c.Value)), "cookie-B") // after measure: b.Loop resets metrics
		})
	}
}

// deny answers a request the peer's guard refuses.
func deny(w http.ResponseWriter) {
	http.Error(w, "unauthenticated", http.StatusUnauthorized)
}
