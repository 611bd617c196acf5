// Command nethttp is the workosauth example on net/http: a public home
// page, a guarded dashboard, a guarded JSON /api/me and the sign-in
// routes. With no WorkOS settings at all it runs against the embedded
// WorkOS emulator (WorkOS settings without WORKOS_CLIENT_ID: it refuses to
// start):
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
)

func main() {
	app, err := exampleapp.Load("net/http")
	if err != nil {
		log.Fatal(err)
	}
	defer app.Close()
	auth := app.Auth

	mux := http.NewServeMux()
	mux.Handle("/auth/", workoshttp.Handler(auth))
	optional := workoshttp.RequireWorkOS(auth, core.Optional(), core.NoStore())
	mux.Handle("GET /{$}", optional(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := workoshttp.Profile(r)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(exampleapp.Home(auth, "workosauth on net/http", p, ok))
	})))
	guard := workoshttp.RequireWorkOS(auth, exampleapp.GuardOptions()...)
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

	if err := app.ListenAndServe(mux); err != nil {
		log.Fatal(err)
	}
}
