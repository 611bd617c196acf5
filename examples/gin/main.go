// Command gin is the workosauth example on Gin: a public home page, a
// guarded dashboard, a guarded JSON /api/me and the sign-in routes. With
// no WorkOS settings at all it runs against the embedded WorkOS emulator
// (WorkOS settings without WORKOS_CLIENT_ID: it refuses to start):
//
//	go run ./examples/gin
package main

import (
	"log"
	"net/http"
	"os"

	"github.com/gin-gonic/gin"

	workosgin "github.com/ssokit/workosauth/adapters/gin"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/examples/internal/exampleapp"
)

func main() {
	app, err := exampleapp.Load("gin")
	if err != nil {
		log.Fatal(err)
	}
	defer app.Close()
	auth := app.Auth

	if os.Getenv(gin.EnvGinMode) == "" {
		gin.SetMode(gin.ReleaseMode)
	}
	r := gin.New()
	r.Use(gin.Recovery())
	r.SetTrustedProxies(nil) // c.ClientIP is the peer; workosauth never reads X-Forwarded-* itself
	// HEAD answered like GET, as net/http does.
	get := func(path string, h ...gin.HandlerFunc) {
		r.Match([]string{http.MethodGet, http.MethodHead}, path, h...)
	}

	workosgin.Register(r.Group("/auth"), auth)
	get("/", workosgin.RequireWorkOS(auth, core.Optional(), core.NoStore()), func(c *gin.Context) {
		p, ok := workosgin.Profile(c)
		c.Data(http.StatusOK, "text/html; charset=utf-8", exampleapp.Home(auth, "workosauth on Gin", p, ok))
	})
	guard := workosgin.RequireWorkOS(auth, exampleapp.GuardOptions()...)
	get("/dashboard", guard, func(c *gin.Context) {
		s, _ := workosgin.Session(c) // the guard let it through: there is one
		c.Data(http.StatusOK, "text/html; charset=utf-8", exampleapp.Dashboard(c.Request.Context(), auth, s.Profile))
	})
	get("/api/me", guard, func(c *gin.Context) {
		p, _ := workosgin.Profile(c)
		c.JSON(http.StatusOK, exampleapp.Me(c.Request.Context(), p))
	})

	if err := app.ListenAndServe(r); err != nil {
		log.Fatal(err)
	}
}
