// A program that must not compile: OnDenied mixed up. Never run.
package main

import (
	"net/http"

	"github.com/gofiber/fiber/v2"

	workoschi "github.com/ssokit/workosauth/adapters/chi"
	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
)

func main() {
	var auth *core.Auth
	_ = workoschi.RequireWorkOS(auth, workoshttp.OnDenied(http.NotFoundHandler())) // another adapter's
	_ = workoschi.RequireWorkOS(auth, workoschi.OnDenied(http.NotFoundHandler()))  // not a guard option
	_ = workoschi.OnDenied(func(c *fiber.Ctx) error { return nil })                // another router's handler
}
