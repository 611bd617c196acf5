package bench

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"
	workosgin "github.com/ssokit/workosauth/adapters/gin"
	"github.com/ssokit/workosauth/core"
)

func init() { gin.SetMode(gin.ReleaseMode) }

// ginRouter is workosgin on a gin.Engine (gin.New: no logger, no recovery),
// with the guard as the route's middleware.
var ginRouter = router{
	name: "gin",
	guard: func(auth *core.Auth, pr *probe, opts ...core.GuardOption) server {
		e := gin.New()
		e.GET(guardedPath, workosgin.RequireWorkOS(auth, opts...), func(c *gin.Context) {
			if pr.armed {
				p, _ := workosgin.Profile(c)
				pr.email = p.Email
			}
		})
		return httpServer{e}
	},
	floor: func(name string, pr *probe) server {
		e := gin.New()
		e.GET(guardedPath, func(c *gin.Context) {
			v, err := c.Cookie(name)
			if err != nil {
				c.AbortWithStatus(http.StatusUnauthorized)
				return
			}
			// Both places the adapter fills: c.Keys and the request's context.
			c.Set("floor", v)
			c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), floorKey{}, v))
			c.Next()
		}, func(c *gin.Context) {
			if pr.armed {
				pr.email = c.GetString("floor")
			}
		})
		return httpServer{e}
	},
}
