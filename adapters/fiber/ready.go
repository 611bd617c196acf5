package workosfiber

import (
	"github.com/gofiber/fiber/v2"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/adapter"
)

// Ready returns the readiness probe's handler (app.Get("/readyz",
// workosfiber.Ready(auth))): 200 {"ready":true} while auth can keep its
// promises, 503 {"ready":false,"reasons":[...]} while it cannot (its
// store unreachable, its revocation feed not in sync: see
// core.Auth.Ready). Liveness stays separate: give the livenessProbe a
// route of its own that always answers.
func Ready(auth *core.Auth) fiber.Handler {
	return func(c *fiber.Ctx) error {
		adapter.ServeReady(auth, &exchange{c: c})
		return nil
	}
}
