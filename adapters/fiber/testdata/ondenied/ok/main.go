// A program that must compile: OnDenied with this router's handler type,
// then RequireWorkOS with guard options. Never run.
package main

import (
	"github.com/gofiber/fiber/v2"

	workosfiber "github.com/ssokit/workosauth/adapters/fiber"
	"github.com/ssokit/workosauth/core"
)

func main() {
	var auth *core.Auth
	_ = workosfiber.OnDenied(func(c *fiber.Ctx) error { return nil }).RequireWorkOS(auth, core.RequireRole("admin"))
	_ = workosfiber.RequireWorkOS(auth, core.Optional())
}
