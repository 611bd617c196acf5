// Command fiber is the workosauth example on Fiber: a public home page, a
// guarded dashboard, an admin page (admins only: others get the refusal
// page), a guarded JSON /api/me and the sign-in routes. With no WorkOS
// settings at all it runs against the WorkOS emulator
// (workostest.DevMode; WorkOS settings without WORKOS_CLIENT_ID: it
// refuses to start):
//
//	go run ./examples/fiber
package main

import (
	"log"
	"time"

	"github.com/gofiber/fiber/v2"

	workosfiber "github.com/ssokit/workosauth/adapters/fiber"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/examples/internal/exampleapp"
	"github.com/ssokit/workosauth/workostest"
)

func main() {
	cfg, redis, err := exampleapp.Config("fiber") // core.ConfigFromEnv() with the examples' own settings
	if err != nil {
		log.Fatal(err)
	}
	addr := exampleapp.Addr()
	// No WorkOS settings at all: the emulator stands in for WorkOS (dev
	// mode). WorkOS settings without WORKOS_CLIENT_ID: an error.
	cfg, emulator, err := workostest.DevMode(cfg, addr)
	if err != nil {
		log.Fatal(err)
	}
	auth, err := core.New(cfg)
	if err != nil {
		log.Fatal(err)
	}
	app := exampleapp.New(cfg, auth, addr, emulator, redis)
	defer app.Close()

	f := fiber.New(fiber.Config{
		DisableStartupMessage: true,
		Network:               "tcp", // IPv4 and IPv6 addresses alike (Fiber's default is tcp4)
		ReadBufferSize:        16 << 10,
		ReadTimeout:           15 * time.Second,
		WriteTimeout:          15 * time.Second,
		IdleTimeout:           60 * time.Second,
		// Believe no proxy's X-Forwarded-* in c.Hostname, c.IP or
		// c.Protocol (workosauth never reads them through Fiber).
		EnableTrustedProxyCheck: true,
	})
	workosfiber.Register(f.Group("/auth"), auth)
	f.Get("/", workosfiber.RequireWorkOS(auth, core.Optional(), core.NoStore()), func(c *fiber.Ctx) error {
		p, ok := workosfiber.Profile(c)
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		return c.Send(exampleapp.Home(auth, "workosauth on Fiber", p, ok))
	})
	guard := workosfiber.RequireWorkOS(auth, exampleapp.GuardOptions(cfg.AuthKit.Enabled)...)
	f.Get("/dashboard", guard, func(c *fiber.Ctx) error {
		s, _ := workosfiber.Session(c) // the guard let it through: there is one
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		return c.Send(exampleapp.Dashboard(c.UserContext(), auth, s.Profile))
	})
	f.Get("/api/me", guard, func(c *fiber.Ctx) error {
		p, _ := workosfiber.Profile(c)
		return c.JSON(exampleapp.Me(c.UserContext(), p))
	})
	f.Get("/admin", workosfiber.RequireWorkOS(auth, core.RequireRole("admin"), core.NoStore()), func(c *fiber.Ctx) error {
		p, _ := workosfiber.Profile(c)
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		return c.Send(exampleapp.Admin(c.UserContext(), auth, p))
	})

	if err := app.Run(func() error { return f.Listen(app.Addr) }, f.ShutdownWithContext); err != nil {
		log.Fatal(err)
	}
}
