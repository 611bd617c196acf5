// A program that must not compile: OnDenied mixed up. Never run.
package main

import (
	"net/http"

	"github.com/gin-gonic/gin"

	workosgin "github.com/ssokit/workosauth/adapters/gin"
	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
)

func main() {
	var auth *core.Auth
	_ = workoshttp.RequireWorkOS(auth, workosgin.OnDenied(nil))                     // another router's
	_ = workoshttp.RequireWorkOS(auth, workoshttp.OnDenied(http.NotFoundHandler())) // not a guard option
	_ = workoshttp.OnDenied(func(c *gin.Context) {})                                // another router's handler
	_ = core.OnDenied(42)                                                           // gone
}
