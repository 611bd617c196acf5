package workosgin

import (
	"github.com/gin-gonic/gin"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/adapter"
	"github.com/ssokit/workosauth/internal/httpx"
)

// Ready returns the readiness probe's handler (r.GET("/readyz",
// workosgin.Ready(auth))): 200 {"ready":true} while auth can keep its
// promises, 503 {"ready":false,"reasons":[...]} while it cannot (its
// store unreachable, its revocation feed not in sync: see
// core.Auth.Ready). Liveness stays separate: give the livenessProbe a
// route of its own that always answers.
func Ready(auth *core.Auth) gin.HandlerFunc {
	return func(c *gin.Context) {
		adapter.ServeReady(auth, &httpx.Exchange{W: c.Writer, R: c.Request})
	}
}
