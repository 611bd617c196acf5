package bench

import (
	"context"
	"net/http"
	"strings"

	"github.com/gofiber/fiber/v2"
	workosfiber "github.com/ssokit/workosauth/adapters/fiber"
	"github.com/ssokit/workosauth/core"
	"github.com/valyala/fasthttp"
)

// fiberRouter is workosfiber on a fiber.App, the guard as the route's
// middleware. Requests go straight into app.Handler() on a prepared
// fasthttp.RequestCtx: no network, no app.Test.
var fiberRouter = router{
	name: "fiber",
	guard: func(auth *core.Auth, pr *probe, opts ...core.GuardOption) server {
		app := newFiberApp()
		app.Get(guardedPath, workosfiber.RequireWorkOS(auth, opts...), func(c *fiber.Ctx) error {
			if pr.armed {
				p, _ := workosfiber.Profile(c)
				pr.email = p.Email
			}
			return nil
		})
		return fiberServer{app}
	},
	floor: func(name string, pr *probe) server {
		app := newFiberApp()
		app.Get(guardedPath, func(c *fiber.Ctx) error {
			v := c.Cookies(name)
			if v == "" {
				return c.SendStatus(http.StatusUnauthorized)
			}
			// Both places the adapter fills: c.Locals and the user context.
			c.Locals("floor", v)
			c.SetUserContext(context.WithValue(c.UserContext(), floorKey{}, v))
			return c.Next()
		}, func(c *fiber.Ctx) error {
			if pr.armed {
				v, _ := c.Locals("floor").(string)
				pr.email = strings.Clone(v) // v is a view of fasthttp's buffer
			}
			return nil
		})
		return fiberServer{app}
	},
}

func newFiberApp() *fiber.App {
	return fiber.New(fiber.Config{DisableStartupMessage: true})
}

// fiberServer serves through a fiber.App's fasthttp handler.
type fiberServer struct{ app *fiber.App }

func (s fiberServer) prepare(r *http.Request) (func(), func() (int, string)) {
	var req fasthttp.Request
	req.Header.SetMethod(r.Method)
	req.SetRequestURI(r.URL.RequestURI())
	req.Header.SetHost(r.Host)
	for name, values := range r.Header {
		for _, v := range values {
			req.Header.Add(name, v)
		}
	}
	ctx := new(fasthttp.RequestCtx)
	ctx.Init(&req, nil, nil)
	h := s.app.Handler()
	serve := func() {
		ctx.Response.Reset()  // as fasthttp's server does between requests,
		ctx.ResetUserValues() // Fiber's UserContext included: else each request's context wraps the last one's
		h(ctx)
	}
	inspect := func() (int, string) {
		return ctx.Response.StatusCode(), string(ctx.Response.Header.ContentType())
	}
	return serve, inspect
}
