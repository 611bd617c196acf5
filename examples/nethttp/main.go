// Command nethttp is the workosauth example on net/http: a public home page, a
// guarded dashboard, an admin page (admins only: others get the refusal
// page), a guarded JSON /api/me and the sign-in routes. With no WorkOS
// settings at all it runs against the WorkOS emulator
// (workostest.DevMode; WorkOS settings without WORKOS_CLIENT_ID: it
// refuses to start):
//
//	go run ./examples/nethttp
package main

import (
	"encoding/json"
	"log"
	"net/http"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/examples/internal/exampleapp"
	"github.com/ssokit/workosauth/workostest"
)

func main() {
	cfg, redis, err := exampleapp.Config("net/http") // core.ConfigFromEnv() with the examples' own settings
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

	mux := http.NewServeMux()
	mux.Handle("/auth/", workoshttp.Handler(auth))
	optional := workoshttp.RequireWorkOS(auth, core.Optional(), core.NoStore())
	mux.Handle("GET /{$}", optional(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := workoshttp.Profile(r)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(exampleapp.Home(auth, "workosauth on net/http", p, ok))
	})))
	guard := workoshttp.RequireWorkOS(auth, exampleapp.GuardOptions(cfg.AuthKit.Enabled)...)
	mux.Handle("GET /dashboard", guard(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, _ := workoshttp.Session(r) // the guard let it through: there is one
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(exampleapp.Dashboard(r.Context(), auth, s.Profile))
	})))
	mux.Handle("GET /api/me", guard(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := workoshttp.Profile(r)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(exampleapp.Me(r.Context(), p))
	})))
	admins := workoshttp.RequireWorkOS(auth, core.RequireRole("admin"), core.NoStore())
	mux.Handle("GET /admin", admins(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := workoshttp.Profile(r)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(exampleapp.Admin(r.Context(), auth, p))
	})))

	if err := app.ListenAndServe(mux); err != nil {
		log.Fatal(err)
	}
}
