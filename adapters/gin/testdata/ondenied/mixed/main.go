// A program that must not compile: OnDenied mixed up. Never run.
package main

import (
	"net/http"

	"github.com/gin-gonic/gin"

	workosfiber "github.com/ssokit/workosauth/adapters/fiber"
	workosgin "github.com/ssokit/workosauth/adapters/gin"
	"github.com/ssokit/workosauth/core"
)

func main() {
	var auth *core.Auth
	_ = workosgin.RequireWorkOS(auth, workosfiber.OnDenied(nil))                   // another router's
	_ = workosgin.RequireWorkOS(auth, workosgin.OnDenied(func(c *gin.Context) {})) // not a guard option
	_ = workosgin.OnDenied(http.NotFoundHandler())                                 // another router's handler
}
