// Command gin is the workosauth example on Gin: a public home page, a
// guarded dashboard, an admin page (admins only: others get the refusal
// page), a guarded JSON /api/me and the sign-in routes. With no WorkOS
// settings at all it runs against the WorkOS emulator
// (workostest.DevMode; WorkOS settings without WORKOS_CLIENT_ID: it
// refuses to start):
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
	"github.com/ssokit/workosauth/workostest"
)

func main() {
	cfg, redis, err := exampleapp.Config("gin") // core.ConfigFromEnv() with the examples' own settings
	if err != nil {
		log.Fatal(err)
	}
	addr := exampleapp.Addr()
	// No WorkOS settings at all: the emulator stands in for WorkOS (dev
	// mode). WorkOS settings without WORKOS_CLIENT_ID: an error.
	cfg, emulator, err := workostest.DevMode(cfg, addr)
	if err != nil {
		log.Fatal(err)
	}
	auth, err := core.New(cfg)
	if err != nil {
		log.Fatal(err)
	}
	app := exampleapp.New(cfg, auth, addr, emulator, redis)
	defer app.Close()

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
	// A method an auth route does not take gets core's 405, as on every router.
	r.HandleMethodNotAllowed = true
	r.NoMethod(workosgin.NoMethod(auth))
	get("/", workosgin.RequireWorkOS(auth, core.Optional(), core.NoStore()), func(c *gin.Context) {
		p, ok := workosgin.Profile(c)
		c.Data(http.StatusOK, "text/html; charset=utf-8", exampleapp.Home(auth, "workosauth on Gin", p, ok))
	})
	guard := workosgin.RequireWorkOS(auth, exampleapp.GuardOptions(cfg.AuthKit.Enabled)...)
	get("/dashboard", guard, func(c *gin.Context) {
		s, _ := workosgin.Session(c) // the guard let it through: there is one
		c.Data(http.StatusOK, "text/html; charset=utf-8", exampleapp.Dashboard(c.Request.Context(), auth, s.Profile))
	})
	get("/api/me", guard, func(c *gin.Context) {
		p, _ := workosgin.Profile(c)
		c.JSON(http.StatusOK, exampleapp.Me(c.Request.Context(), p))
	})
	get("/admin", workosgin.RequireWorkOS(auth, core.RequireRole("admin"), core.NoStore()), func(c *gin.Context) {
		p, _ := workosgin.Profile(c)
		c.Data(http.StatusOK, "text/html; charset=utf-8", exampleapp.Admin(c.Request.Context(), auth, p))
	})

	if err := app.ListenAndServe(r); err != nil {
		log.Fatal(err)
	}
}
