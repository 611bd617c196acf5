package bench

import (
	"context"
	"net/http"

	"github.com/ssokit/workosauth/core"
)

// router is one adapter and its router, wired two ways around the same
// no-op handler on guardedPath: behind the adapter's RequireWorkOS, and
// behind the router's plumbing floor.
type router struct {
	name string
	// guard serves guardedPath behind RequireWorkOS(auth, opts...); its
	// handler reports the profile's email, read the router's way, to pr.
	guard func(auth *core.Auth, pr *probe, opts ...core.GuardOption) server
	// floor serves guardedPath behind the plumbing floor: read the cookie
	// called name and put its value in the context the router's way, with
	// no crypto. Its handler reports that value to pr.
	floor func(name string, pr *probe) server
}

// routers are the adapters measured, in the order of the tables.
var routers = []router{nethttpRouter, chiRouter, ginRouter, fiberRouter}

// server serves a prepared request again and again.
type server interface {
	// prepare readies r and returns serve, which runs it through the app
	// once, and inspect, which reports the last answer's status and
	// Content-Type.
	prepare(r *http.Request) (serve func(), inspect func() (int, string))
}

// httpServer is a server for routers that speak net/http.
type httpServer struct{ h http.Handler }

func (s httpServer) prepare(r *http.Request) (func(), func() (int, string)) {
	w := newSink()
	serve := func() {
		w.code = 0
		s.h.ServeHTTP(w, r)
	}
	return serve, func() (int, string) { return w.status(), w.h.Get("Content-Type") }
}

// floorKey is the context key of the floor's value.
type floorKey struct{}

// floorMiddleware is the net/http plumbing floor: the cookie, by
// r.Cookie; the value, into the context; next.
func floorMiddleware(name string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c, err := r.Cookie(name)
			if err != nil {
				http.Error(w, "unauthenticated", http.StatusUnauthorized)
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), floorKey{}, c.Value)))
		})
	}
}

// floorHandler is the no-op handler behind a net/http floor.
func floorHandler(pr *probe) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if pr.armed {
			pr.email, _ = r.Context().Value(floorKey{}).(string)
		}
	})
}
