package workoschi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/go-chi/chi/v5"

	workoschi "github.com/ssokit/workosauth/adapters/chi"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

// BenchmarkRequireWorkOS is the guard's hot path through workoschi on a
// chi.Mux (r.Use), to a no-op handler: "signed-in" carries a valid session
// cookie (the session cache hit every request after a sign-in gets),
// "unauthenticated" none (the 401 JSON answer), and "floor" is the same
// router with the plumbing alone (r.Cookie, context.WithValue,
// r.WithContext) for comparison. The comparison with other session
// libraries is in the bench module (see BENCHMARKS.md).
func BenchmarkRequireWorkOS(b *testing.B) {
	auth, err := core.New(core.Config{ClientID: "client_bench", APIKey: core.NewSecret("sk_test_bench"),
		RedirectURI: "http://127.0.0.1:8080/auth/callback", CookiePassword: core.NewSecret("bench-cookie-password-0123456789abcdef")})
	if err != nil {
		b.Fatal(err)
	}
	p, _ := workostest.DemoProfile("alice@acme.test")
	signedIn := workostest.SignIn(auth, httptest.NewRequest("GET", "/dashboard", nil), p)
	var seen string
	noop := func(w http.ResponseWriter, r *http.Request) {
		if p, ok := workoschi.Profile(r); ok {
			seen = p.Email
		}
	}
	guarded := chi.NewRouter()
	guarded.Use(workoschi.RequireWorkOS(auth))
	guarded.Get("/dashboard", noop)

	b.Run("signed-in", func(b *testing.B) {
		w := &benchWriter{h: http.Header{}}
		guarded.ServeHTTP(w, signedIn)
		if w.code != 0 || seen != p.Email {
			b.Fatalf("status %d, handler saw %q: want 200 with %s", w.code, seen, p.Email)
		}
		b.ReportAllocs()
		for b.Loop() {
			guarded.ServeHTTP(w, signedIn)
		}
	})
	b.Run("unauthenticated", func(b *testing.B) {
		r := httptest.NewRequest("GET", "/dashboard", nil)
		r.Header.Set("Accept", "application/json")
		w := &benchWriter{h: http.Header{}}
		guarded.ServeHTTP(w, r)
		if w.code != http.StatusUnauthorized || w.h.Get("Content-Type") != "application/json; charset=utf-8" {
			b.Fatalf("status %d %q, want 401 JSON", w.code, w.h.Get("Content-Type"))
		}
		b.ReportAllocs()
		for b.Loop() {
			guarded.ServeHTTP(w, r)
		}
	})
	b.Run("floor", func(b *testing.B) {
		type key struct{}
		name := signedIn.Cookies()[0].Name
		floor := chi.NewRouter()
		floor.Use(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				c, err := r.Cookie(name)
				if err != nil {
					w.WriteHeader(http.StatusUnauthorized)
					return
				}
				next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), key{}, c.Value)))
			})
		})
		floor.Get("/dashboard", noop)
		w := &benchWriter{h: http.Header{}}
		floor.ServeHTTP(w, signedIn)
		if w.code != 0 {
			b.Fatalf("status %d, want 200", w.code)
		}
		b.ReportAllocs()
		for b.Loop() {
			floor.ServeHTTP(w, signedIn)
		}
	})
}

// benchWriter is a ResponseWriter that keeps the first status and drops
// the body, so that it does not grow when reused.
type benchWriter struct {
	h    http.Header
	code int
}

func (d *benchWriter) Header() http.Header { return d.h }

func (d *benchWriter) WriteHeader(code int) {
	if d.code == 0 {
		d.code = code
	}
}

func (d *benchWriter) Write(p []byte) (int, error) { return len(p), nil }
