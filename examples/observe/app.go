package main

import (
	"encoding/json"
	"net/http"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/examples/internal/exampleapp"
	"github.com/ssokit/workosauth/workostest"
)

// app is the examples' app, served on net/http.
type app struct {
	*exampleapp.App
	authKit bool
}

// loadApp configures the app as examples/nethttp does: from the
// environment, or in dev mode against the emulator.
func loadApp() (*app, error) {
	cfg, redis, err := exampleapp.Config("observe (net/http)")
	if err != nil {
		return nil, err
	}
	addr := exampleapp.Addr()
	cfg, emulator, err := workostest.DevMode(cfg, addr)
	if err != nil {
		return nil, err
	}
	auth, err := core.New(cfg)
	if err != nil {
		return nil, err
	}
	return &app{App: exampleapp.New(cfg, auth, addr, emulator, redis), authKit: cfg.AuthKit.Enabled}, nil
}

// handler serves the pages examples/nethttp serves: a public home page, a
// guarded dashboard and /api/me, and the auth routes.
func (a *app) handler() http.Handler {
	auth := a.Auth
	optional := workoshttp.RequireWorkOS(auth, core.Optional(), core.NoStore())
	guard := workoshttp.RequireWorkOS(auth, exampleapp.GuardOptions(a.authKit)...)
	html := func(w http.ResponseWriter, page []byte) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}
	mux := http.NewServeMux()
	mux.Handle("/auth/", workoshttp.Handler(auth))
	mux.Handle("GET /{$}", optional(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := workoshttp.Profile(r)
		html(w, exampleapp.Home(auth, "workosauth, observed", p, ok))
	})))
	mux.Handle("GET /dashboard", guard(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, _ := workoshttp.Session(r)
		html(w, exampleapp.Dashboard(r.Context(), auth, s.Profile))
	})))
	mux.Handle("GET /api/me", guard(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := workoshttp.Profile(r)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(exampleapp.Me(r.Context(), p))
	})))
	return mux
}
