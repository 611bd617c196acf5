// A program that must compile: OnDenied with this router's handler type,
// then RequireWorkOS with guard options. Never run.
package main

import (
	"github.com/gin-gonic/gin"

	workosgin "github.com/ssokit/workosauth/adapters/gin"
	"github.com/ssokit/workosauth/core"
)

func main() {
	var auth *core.Auth
	_ = workosgin.OnDenied(func(c *gin.Context) {}).RequireWorkOS(auth, core.RequireRole("admin"))
	_ = workosgin.RequireWorkOS(auth, core.Optional())
}
