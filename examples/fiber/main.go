// Command fiber is the workosauth example on Fiber: a public home page, a
// guarded dashboard, a guarded JSON /api/me and the sign-in routes. With
// no WorkOS settings at all it runs against the embedded WorkOS emulator
// (WorkOS settings without WORKOS_CLIENT_ID: it refuses to start):
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
)

func main() {
	app, err := exampleapp.Load("fiber")
	if err != nil {
		log.Fatal(err)
	}
	defer app.Close()
	auth := app.Auth

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
	guard := workosfiber.RequireWorkOS(auth, exampleapp.GuardOptions()...)
	f.Get("/dashboard", guard, func(c *fiber.Ctx) error {
		s, _ := workosfiber.Session(c) // the guard let it through: there is one
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		return c.Send(exampleapp.Dashboard(c.UserContext(), auth, s.Profile))
	})
	f.Get("/api/me", guard, func(c *fiber.Ctx) error {
		p, _ := workosfiber.Profile(c)
		return c.JSON(exampleapp.Me(c.UserContext(), p))
	})

	if err := app.Run(func() error { return f.Listen(app.Addr) }, f.ShutdownWithContext); err != nil {
		log.Fatal(err)
	}
}
