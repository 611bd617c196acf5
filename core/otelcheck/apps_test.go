package otelcheck

import (
	"fmt"
	"net"
	"net/http"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/gofiber/fiber/v2"
	"go.opentelemetry.io/otel/trace"

	workoschi "github.com/ssokit/workosauth/adapters/chi"
	workosfiber "github.com/ssokit/workosauth/adapters/fiber"
	workosgin "github.com/ssokit/workosauth/adapters/gin"
	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
)

// router serves the test app with one adapter on ln until the test ends:
// the auth routes under /auth, GET /api/me behind the guard (the
// profile's ID), GET /readyz, each request in a server span of tracer
// started the router's way (as otelhttp, otelgin or otelfiber would).
type router struct {
	name  string
	serve func(t *testing.T, ln net.Listener, auth *core.Auth, tracer trace.Tracer)
}

var routers = []router{
	{"nethttp", serveNetHTTP},
	{"chi", serveChi},
	{"gin", serveGin},
	{"fiber", serveFiber},
}

// serverSpan is net/http middleware that runs each request in a server
// span, as otelhttp.NewHandler does.
func serverSpan(tracer trace.Tracer, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, span := tracer.Start(r.Context(), r.Method+" "+r.URL.Path, trace.WithSpanKind(trace.SpanKindServer))
		defer span.End()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func me(w http.ResponseWriter, r *http.Request) {
	p, _ := core.ProfileFrom(r.Context())
	fmt.Fprint(w, p.ID)
}

func serveHTTP(t *testing.T, ln net.Listener, h http.Handler) {
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
}

func serveNetHTTP(t *testing.T, ln net.Listener, auth *core.Auth, tracer trace.Tracer) {
	mux := http.NewServeMux()
	mux.Handle("/auth/", workoshttp.Handler(auth))
	mux.Handle("GET /api/me", workoshttp.RequireWorkOS(auth)(http.HandlerFunc(me)))
	mux.Handle("GET /readyz", workoshttp.Ready(auth))
	serveHTTP(t, ln, serverSpan(tracer, mux))
}

func serveChi(t *testing.T, ln net.Listener, auth *core.Auth, tracer trace.Tracer) {
	r := chi.NewRouter()
	r.Use(func(next http.Handler) http.Handler { return serverSpan(tracer, next) })
	r.Mount("/auth", workoschi.Routes(auth))
	r.With(workoschi.RequireWorkOS(auth)).Get("/api/me", me)
	r.Get("/readyz", workoschi.Ready(auth).ServeHTTP)
	serveHTTP(t, ln, r)
}

func serveGin(t *testing.T, ln net.Listener, auth *core.Auth, tracer trace.Tracer) {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(func(c *gin.Context) {
		ctx, span := tracer.Start(c.Request.Context(), c.Request.Method+" "+c.FullPath(), trace.WithSpanKind(trace.SpanKindServer))
		defer span.End()
		c.Request = c.Request.WithContext(ctx)
		c.Next()
	})
	workosgin.Register(r.Group("/auth"), auth)
	r.GET("/api/me", workosgin.RequireWorkOS(auth), func(c *gin.Context) {
		p, _ := workosgin.Profile(c)
		c.String(200, p.ID)
	})
	r.GET("/readyz", workosgin.Ready(auth))
	serveHTTP(t, ln, r)
}

func serveFiber(t *testing.T, ln net.Listener, auth *core.Auth, tracer trace.Tracer) {
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Use(func(c *fiber.Ctx) error {
		ctx, span := tracer.Start(c.UserContext(), c.Method()+" "+c.Path(), trace.WithSpanKind(trace.SpanKindServer))
		defer span.End()
		c.SetUserContext(ctx)
		return c.Next()
	})
	workosfiber.Register(app.Group("/auth"), auth)
	app.Get("/api/me", workosfiber.RequireWorkOS(auth), func(c *fiber.Ctx) error {
		p, _ := workosfiber.Profile(c)
		return c.SendString(p.ID)
	})
	app.Get("/readyz", workosfiber.Ready(auth))
	go app.Listener(ln)
	t.Cleanup(func() { app.Shutdown() })
}
