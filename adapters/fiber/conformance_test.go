package workosfiber_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/ssokit/workosauth/adapters/conformance"
	workosfiber "github.com/ssokit/workosauth/adapters/fiber"
	"github.com/ssokit/workosauth/core"
)

func TestConformance(t *testing.T) { conformance.Run(t, fiberAdapter{}) }

// fiberAdapter builds the conformance suite's standard app on Fiber.
type fiberAdapter struct{}

var _ conformance.Adapter = fiberAdapter{}

func (fiberAdapter) Name() string { return "fiber" }

// Handler bridges net/http to the Fiber app through app.Test, which
// serves the request on fasthttp as a real connection would.
func (fiberAdapter) Handler(auth *core.Auth) http.Handler {
	return bridge(standardApp(auth))
}

// standardApp is the suite's standard app, in Fiber's idiom.
// Fiber's Get routes answer HEAD too.
func standardApp(auth *core.Auth) *fiber.App {
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	workosfiber.Register(app.Group("/auth"), auth)
	app.Get("/", func(c *fiber.Ctx) error { return c.SendString("public") })
	app.Get("/readyz", workosfiber.Ready(auth))

	guard := workosfiber.RequireWorkOS(auth)
	app.Get("/dashboard", guard, func(c *fiber.Ctx) error {
		p, _ := workosfiber.Profile(c)
		return c.SendString("dashboard " + p.Email)
	})
	app.Get("/api/me", guard, func(c *fiber.Ctx) error {
		p, _ := workosfiber.Profile(c)
		return c.JSON(p)
	})
	app.Get("/ctx", guard, func(c *fiber.Ctx) error {
		p, _ := core.ProfileFrom(c.UserContext())
		return c.SendString("ctx " + p.Email)
	})
	app.Get("/session", guard, func(c *fiber.Ctx) error {
		s, _ := workosfiber.Session(c)
		return c.SendString(sessionText(s))
	})
	app.Get("/optional", workosfiber.RequireWorkOS(auth, core.Optional()), func(c *fiber.Ctx) error {
		if p, ok := workosfiber.Profile(c); ok {
			return c.SendString("optional " + p.Email)
		}
		return c.SendString("optional anonymous")
	})
	app.Get("/optional-admin", workosfiber.RequireWorkOS(auth, core.Optional(), core.RequireRole("admin")), func(c *fiber.Ctx) error {
		if p, ok := workosfiber.Profile(c); ok {
			return c.SendString("optional-admin " + p.Email)
		}
		return c.SendString("optional-admin anonymous")
	})
	app.Get("/admin", workosfiber.RequireWorkOS(auth, core.RequireRole("admin")), func(c *fiber.Ctx) error { return c.SendString("admin") })
	app.Get("/acme", workosfiber.RequireWorkOS(auth, core.RequireOrganization(conformance.AcmeOrg)), func(c *fiber.Ctx) error { return c.SendString("acme") })
	app.Get("/eng", workosfiber.RequireWorkOS(auth, core.RequireGroup("Engineering")), func(c *fiber.Ctx) error { return c.SendString("eng") })
	app.Get("/custom", workosfiber.OnDenied(func(c *fiber.Ctx) error {
		d, _ := core.RefusalFrom(c.UserContext())
		return c.Status(http.StatusTeapot).SendString("denied " + d.Code)
	}).RequireWorkOS(auth), func(c *fiber.Ctx) error { return c.SendString("custom") })
	if conformance.AuthKit(auth) {
		app.Get("/api/token", workosfiber.RequireWorkOS(auth, core.AcceptBearer()), func(c *fiber.Ctx) error {
			k, _ := core.AuthKitFrom(c.UserContext())
			return c.SendString("token " + k.User.ID)
		})
		app.Get("/perm", workosfiber.RequireWorkOS(auth, core.RequirePermission("widgets:write")), func(c *fiber.Ctx) error { return c.SendString("perm") })
	}
	app.Post("/api/switch", func(c *fiber.Ctx) error {
		s, err := workosfiber.SwitchOrganization(c, auth, c.FormValue("organization_id"))
		status, body := conformance.SwitchAnswer(s, err)
		return c.Status(status).SendString(body)
	})
	app.Post("/api/echo", guard, func(c *fiber.Ctx) error {
		p, _ := workosfiber.Profile(c)
		return c.SendString("echo " + p.Email)
	})
	return app
}

// bridge serves net/http requests with a Fiber app through app.Test,
// copying the status, every header (each Set-Cookie) and the body back.
func bridge(app *fiber.App) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, err := app.Test(r, -1)
		if err != nil {
			http.Error(w, "fiber bridge: "+err.Error(), http.StatusBadGateway)
			return
		}
		defer res.Body.Close()
		for name, values := range res.Header {
			for _, v := range values {
				w.Header().Add(name, v)
			}
		}
		w.WriteHeader(res.StatusCode)
		_, _ = io.Copy(w, res.Body)
	})
}

// sessionText is what GET /session answers.
func sessionText(s *core.Session) string {
	if s == nil {
		return "session none"
	}
	if s.ID != "" {
		return "session " + s.Profile.Email + " with id"
	}
	return "session " + s.Profile.Email
}
