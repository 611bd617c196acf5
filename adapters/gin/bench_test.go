package workosgin_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"

	workosgin "github.com/ssokit/workosauth/adapters/gin"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

// BenchmarkRequireWorkOS is the guard's hot path through workosgin on a
// gin.Engine, to a no-op handler: "signed-in" carries a valid session
// cookie (the session cache hit every request after a sign-in gets),
// "unauthenticated" none (the 401 JSON answer), and "floor" is the same
// engine with the plumbing alone (c.Cookie, c.Set, the request's context)
// for comparison. The comparison with other session libraries is in the
// bench module (see BENCHMARKS.md).
func BenchmarkRequireWorkOS(b *testing.B) {
	gin.SetMode(gin.ReleaseMode)
	auth, err := core.New(core.Config{ClientID: "client_bench", APIKey: core.NewSecret("sk_test_bench"),
		RedirectURI: "http://127.0.0.1:8080/auth/callback", CookiePassword: core.NewSecret("bench-cookie-password-0123456789abcdef")})
	if err != nil {
		b.Fatal(err)
	}
	p, _ := workostest.DemoProfile("alice@acme.test")
	signedIn := workostest.SignIn(auth, httptest.NewRequest("GET", "/dashboard", nil), p)
	var seen string
	noop := func(c *gin.Context) {
		if p, ok := workosgin.Profile(c); ok {
			seen = p.Email
		}
	}
	guarded := gin.New()
	guarded.GET("/dashboard", workosgin.RequireWorkOS(auth), noop)

	b.Run("signed-in", func(b *testing.B) {
		w := &discardWriter{h: http.Header{}}
		guarded.ServeHTTP(w, signedIn)
		if w.code != http.StatusOK || seen != p.Email {
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
		w := &discardWriter{h: http.Header{}}
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
		floor := gin.New()
		floor.GET("/dashboard", func(c *gin.Context) {
			v, err := c.Cookie(name)
			if err != nil {
				c.AbortWithStatus(http.StatusUnauthorized)
				return
			}
			c.Set("floor", v)
			c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), key{}, v))
			c.Next()
		}, noop)
		w := &discardWriter{h: http.Header{}}
		floor.ServeHTTP(w, signedIn)
		if w.code != http.StatusOK {
			b.Fatalf("status %d, want 200", w.code)
		}
		b.ReportAllocs()
		for b.Loop() {
			floor.ServeHTTP(w, signedIn)
		}
	})
}

// discardWriter is a ResponseWriter that keeps the first status (gin
// writes 200 itself when the handler wrote nothing) and drops the body,
// so that it does not grow when reused.
type discardWriter struct {
	h    http.Header
	code int
}

func (d *discardWriter) Header() http.Header { return d.h }

func (d *discardWriter) WriteHeader(code int) {
	if d.code == 0 {
		d.code = code
	}
}

func (d *discardWriter) Write(p []byte) (int, error) {
	d.WriteHeader(http.StatusOK)
	return len(p), nil
}
