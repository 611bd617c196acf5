// Command chi is the workosauth example on chi: a public home page, a
// guarded dashboard, an admin page (admins only: others get the refusal
// page), a guarded JSON /api/me and the sign-in routes. With no WorkOS
// settings at all it runs against the WorkOS emulator
// (workostest.DevMode; WorkOS settings without WORKOS_CLIENT_ID: it
// refuses to start):
//
//	go run ./examples/chi
package main

import (
	"encoding/json"
	"log"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	workoschi "github.com/ssokit/workosauth/adapters/chi"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/examples/internal/exampleapp"
	"github.com/ssokit/workosauth/workostest"
)

func main() {
	cfg, redis, err := exampleapp.Config("chi") // core.ConfigFromEnv() with the examples' own settings
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

	r := chi.NewRouter()
	r.Use(middleware.GetHead) // HEAD answered like GET, as net/http does
	r.Mount("/auth", workoschi.Routes(auth))
	r.With(workoschi.RequireWorkOS(auth, core.Optional(), core.NoStore())).Get("/", func(w http.ResponseWriter, r *http.Request) {
		p, ok := workoschi.Profile(r)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(exampleapp.Home(auth, "workosauth on chi", p, ok))
	})
	r.Group(func(r chi.Router) {
		r.Use(workoschi.RequireWorkOS(auth, exampleapp.GuardOptions(cfg.AuthKit.Enabled)...))
		r.Get("/dashboard", func(w http.ResponseWriter, r *http.Request) {
			s, _ := workoschi.Session(r) // the guard let it through: there is one
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(exampleapp.Dashboard(r.Context(), auth, s.Profile))
		})
		r.Get("/api/me", func(w http.ResponseWriter, r *http.Request) {
			p, _ := workoschi.Profile(r)
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(exampleapp.Me(r.Context(), p))
		})
	})
	r.With(workoschi.RequireWorkOS(auth, core.RequireRole("admin"), core.NoStore())).Get("/admin", func(w http.ResponseWriter, r *http.Request) {
		p, _ := workoschi.Profile(r)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(exampleapp.Admin(r.Context(), auth, p))
	})

	if err := app.ListenAndServe(r); err != nil {
		log.Fatal(err)
	}
}
