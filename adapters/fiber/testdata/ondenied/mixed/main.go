// A program that must not compile: OnDenied mixed up. Never run.
package main

import (
	"github.com/gin-gonic/gin"
	"github.com/gofiber/fiber/v2"

	workosfiber "github.com/ssokit/workosauth/adapters/fiber"
	workosgin "github.com/ssokit/workosauth/adapters/gin"
	"github.com/ssokit/workosauth/core"
)

func main() {
	var auth *core.Auth
	_ = workosfiber.RequireWorkOS(auth, workosgin.OnDenied(nil))                                       // another router's
	_ = workosfiber.RequireWorkOS(auth, workosfiber.OnDenied(func(c *fiber.Ctx) error { return nil })) // not a guard option
	_ = workosfiber.OnDenied(func(c *gin.Context) {})                                                  // another router's handler
}
