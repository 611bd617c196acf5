// Package exampleapp is what the example apps share, so that each differs
// from the others only where its router does: configuration from the
// environment (or dev mode against the embedded WorkOS emulator) and the
// pages.
package exampleapp

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

// App is an example's configured Auth and where to listen.
type App struct {
	Auth *core.Auth
	// Addr is host:port to listen on.
	Addr string
	// DevMode is true when the embedded emulator stands in for WorkOS.
	DevMode  bool
	emulator *workostest.Server
}

// Providers are the OAuth buttons the examples offer.
var providers = []string{"GoogleOAuth", "MicrosoftOAuth", "GitHubOAuth"}

// Load reads the configuration from the environment (see CONTRACT.md and
// the README). With no WORKOS_CLIENT_ID it starts the embedded WorkOS
// emulator, seeded with demo organizations and users (dev mode).
func Load(name string) (*App, error) {
	addr := listenAddr()
	cfg := core.ConfigFromEnv()
	cfg.AppName = "workosauth · " + name
	cfg.Providers = providers
	cfg.AfterSignInPath = "/dashboard"
	cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	app := &App{Addr: addr}
	if cfg.ClientID == "" {
		if err := app.devMode(&cfg); err != nil {
			return nil, err
		}
	}
	auth, err := core.New(cfg)
	if err != nil {
		app.Close()
		return nil, err
	}
	app.Auth = auth
	return app, nil
}

func (app *App) devMode(cfg *core.Config) error {
	host, port, err := net.SplitHostPort(app.Addr)
	if err != nil {
		return fmt.Errorf("ADDR %q: %w", app.Addr, err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	if cfg.RedirectURI == "" {
		cfg.RedirectURI = "http://" + net.JoinHostPort(host, port) + "/auth/callback"
	}
	if cfg.CookiePassword == "" {
		b := make([]byte, 32)
		rand.Read(b)
		cfg.CookiePassword = hex.EncodeToString(b) // sessions last as long as this process
	}
	emu, err := workostest.Start("127.0.0.1:0", workostest.Options{RedirectURIs: []string{cfg.RedirectURI}})
	if err != nil {
		return fmt.Errorf("starting the WorkOS emulator: %w", err)
	}
	app.emulator, app.DevMode = emu, true
	cfg.ClientID, cfg.APIKey, cfg.BaseURL = emu.ClientID, emu.APIKey, emu.URL
	return nil
}

func listenAddr() string {
	if a := strings.TrimSpace(os.Getenv("ADDR")); a != "" {
		return a
	}
	if p := strings.TrimSpace(os.Getenv("PORT")); p != "" {
		return "127.0.0.1:" + p
	}
	return "127.0.0.1:8080"
}

// Banner is what an example prints when it starts.
func (app *App) Banner() string {
	var b strings.Builder
	fmt.Fprintf(&b, "listening on %s — open %s/\n", app.Addr, app.Auth.Origin())
	if app.DevMode {
		fmt.Fprintf(&b, "dev mode: WORKOS_CLIENT_ID is unset, so the embedded WorkOS emulator at %s stands in for WorkOS.\n", app.emulator.URL)
		if app.Auth.AuthKit() {
			b.WriteString("AuthKit mode (WORKOS_AUTHKIT=1): /auth/signin opens the emulator's hosted page; pick a user and organization.\n")
		} else {
			b.WriteString("sign in as alice@acme.test (admin), bob@acme.test or carol@globex.test, or with a provider button.\n")
		}
	}
	return b.String()
}

// Close stops the emulator, if any.
func (app *App) Close() {
	if app.emulator != nil {
		app.emulator.Close()
	}
}
