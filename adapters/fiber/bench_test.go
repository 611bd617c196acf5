package workosfiber_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	workosfiber "github.com/ssokit/workosauth/adapters/fiber"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

// BenchmarkRequireWorkOS is the guard's hot path through workosfiber, to a
// no-op handler, run by app.Handler() on a prepared fasthttp.RequestCtx
// (no network, no app.Test): "signed-in" carries a valid session cookie
// (the session cache hit every request after a sign-in gets),
// "unauthenticated" none (the 401 JSON answer), and "floor" is the same
// app with the plumbing alone (c.Cookies, c.Locals, the user context) for
// comparison. The comparison with other session libraries is in the bench
// module (see BENCHMARKS.md).
func BenchmarkRequireWorkOS(b *testing.B) {
	auth, err := core.New(core.Config{ClientID: "client_bench", APIKey: core.NewSecret("sk_test_bench"),
		RedirectURI: "http://127.0.0.1:8080/auth/callback", CookiePassword: core.NewSecret("bench-cookie-password-0123456789abcdef")})
	if err != nil {
		b.Fatal(err)
	}
	p, _ := workostest.DemoProfile("alice@acme.test")
	_, cookies, err := workostest.SessionCookies(context.Background(), auth, p)
	if err != nil || len(cookies) != 1 {
		b.Fatalf("session cookies %d: %v", len(cookies), err)
	}
	var seen string
	noop := func(c *fiber.Ctx) error {
		if p, ok := workosfiber.Profile(c); ok {
			seen = p.Email
		}
		return nil
	}
	guarded := fiber.New(fiber.Config{DisableStartupMessage: true})
	guarded.Get("/dashboard", workosfiber.RequireWorkOS(auth), noop)

	b.Run("signed-in", func(b *testing.B) {
		ctx := benchRequest(cookies[0])
		h := guarded.Handler()
		h(ctx)
		if ctx.Response.StatusCode() != http.StatusOK || seen != p.Email {
			b.Fatalf("status %d, handler saw %q: want 200 with %s", ctx.Response.StatusCode(), seen, p.Email)
		}
		b.ReportAllocs()
		for b.Loop() {
			ctx.Response.Reset() // as fasthttp's server does between requests
			h(ctx)
		}
	})
	b.Run("unauthenticated", func(b *testing.B) {
		ctx := benchRequest(nil)
		h := guarded.Handler()
		h(ctx)
		if ct := string(ctx.Response.Header.ContentType()); ctx.Response.StatusCode() != http.StatusUnauthorized || !strings.HasPrefix(ct, "application/json") {
			b.Fatalf("status %d %q, want 401 JSON", ctx.Response.StatusCode(), ct)
		}
		b.ReportAllocs()
		for b.Loop() {
			ctx.Response.Reset()
			h(ctx)
		}
	})
	b.Run("floor", func(b *testing.B) {
		type key struct{}
		name := cookies[0].Name
		floor := fiber.New(fiber.Config{DisableStartupMessage: true})
		floor.Get("/dashboard", func(c *fiber.Ctx) error {
			v := c.Cookies(name)
			if v == "" {
				return c.SendStatus(http.StatusUnauthorized)
			}
			c.Locals("floor", v)
			c.SetUserContext(context.WithValue(c.UserContext(), key{}, v))
			return c.Next()
		}, noop)
		ctx := benchRequest(cookies[0])
		h := floor.Handler()
		h(ctx)
		if ctx.Response.StatusCode() != http.StatusOK {
			b.Fatalf("status %d, want 200", ctx.Response.StatusCode())
		}
		b.ReportAllocs()
		for b.Loop() {
			ctx.Response.Reset()
			h(ctx)
		}
	})
}

// benchRequest returns a prepared GET /dashboard from an API client, with
// the cookie when there is one.
func benchRequest(c *http.Cookie) *fasthttp.RequestCtx {
	var req fasthttp.Request
	req.Header.SetMethod(http.MethodGet)
	req.SetRequestURI("/dashboard")
	req.Header.SetHost("127.0.0.1:8080")
	req.Header.Set("Accept", "application/json")
	if c != nil {
		req.Header.SetCookie(c.Name, c.Value)
	}
	ctx := new(fasthttp.RequestCtx)
	ctx.Init(&req, nil, nil)
	return ctx
}
