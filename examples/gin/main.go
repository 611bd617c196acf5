// Command gin is the workosauth example on Gin: a public home page, a
// guarded dashboard, a guarded JSON /api/me and the sign-in routes. With
// no WORKOS_CLIENT_ID it runs against the embedded WorkOS emulator:
//
//	go run ./examples/gin
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

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
	get("/", workosgin.RequireWorkOS(auth, core.Optional()), func(c *gin.Context) {
		p, ok := workosgin.Profile(c)
		c.Data(http.StatusOK, "text/html; charset=utf-8", exampleapp.Home(auth, "workosauth on Gin", p, ok))
	})
	guard := workosgin.RequireWorkOS(auth)
	get("/dashboard", guard, func(c *gin.Context) {
		p, _ := workosgin.Profile(c)
		c.Data(http.StatusOK, "text/html; charset=utf-8", exampleapp.Dashboard(auth, p))
	})
	get("/api/me", guard, func(c *gin.Context) {
		p, _ := workosgin.Profile(c)
		c.JSON(http.StatusOK, p)
	})

	srv := &http.Server{Addr: app.Addr, Handler: r, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	fmt.Print(app.Banner())
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}
