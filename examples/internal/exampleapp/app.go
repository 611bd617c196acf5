// Package exampleapp is what the example apps share, so that each differs
// from the others only where its router does: configuration from the
// environment (or dev mode against the embedded WorkOS emulator) and the
// pages.
package exampleapp

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path"
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
	DevMode        bool
	emulator       *workostest.Server
	webhookSecrets []string
	redis          io.Closer // the Redis client, with REDIS_URL
}

// Providers are the OAuth buttons the examples offer.
var providers = []string{"GoogleOAuth", "MicrosoftOAuth", "GitHubOAuth"}

// Load reads the configuration from the environment (see CONTRACT.md and
// the README). With no WorkOS settings at all it starts the embedded
// WorkOS emulator, seeded with demo organizations and users (dev mode).
// With WORKOS_API_KEY, WORKOS_REDIRECT_URI, WORKOS_COOKIE_PASSWORD,
// WORKOS_COOKIE_PASSWORD_PREVIOUS or WORKOS_BASE_URL set but no
// WORKOS_CLIENT_ID it refuses to start, naming WORKOS_CLIENT_ID.
func Load(name string) (*App, error) {
	addr := listenAddr()
	cfg := core.ConfigFromEnv()
	cfg.AppName = "workosauth · " + name
	cfg.Providers = providers
	cfg.AfterSignInPath = "/dashboard"
	cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	secrets := webhookSecrets()
	cfg.WebhookSecrets = core.NewSecrets(secrets...)
	app := &App{Addr: addr, webhookSecrets: secrets}
	if cfg.ClientID == "" {
		if set := workosSettings(cfg); len(set) > 0 {
			return nil, fmt.Errorf("%s is not set, but %s %s: refusing to fall back to dev mode (the embedded WorkOS emulator) with WorkOS settings; set %s, or unset them all for dev mode",
				core.EnvClientID, strings.Join(set, ", "), isAre(len(set)), core.EnvClientID)
		}
		if err := app.devMode(&cfg); err != nil {
			return nil, err
		}
	}
	rc, err := useRedis(&cfg)
	if err != nil {
		app.Close()
		return nil, err
	}
	app.redis = rc
	auth, err := core.New(cfg)
	if err != nil {
		app.Close()
		return nil, err
	}
	app.Auth = auth
	return app, nil
}

// workosSettings names the WorkOS settings cfg has from the environment,
// besides the client ID. Dev mode is for a machine with none of them:
// production settings with a forgotten WORKOS_CLIENT_ID must never start
// an app that trusts the embedded emulator.
func workosSettings(cfg core.Config) []string {
	var set []string
	for _, s := range []struct {
		name string
		on   bool
	}{
		{core.EnvAPIKey, !cfg.APIKey.IsZero()},
		{core.EnvRedirectURI, cfg.RedirectURI != ""},
		{core.EnvCookiePassword, !cfg.CookiePassword.IsZero()},
		{core.EnvCookiePasswordPrevious, len(cfg.PreviousCookiePasswords) > 0},
		{core.EnvBaseURL, cfg.BaseURL != ""},
	} {
		if s.on {
			set = append(set, s.name)
		}
	}
	return set
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func (app *App) devMode(cfg *core.Config) error {
	host, port, err := net.SplitHostPort(app.Addr)
	if err != nil {
		return fmt.Errorf("ADDR %q: %w", app.Addr, err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	cfg.RedirectURI = "http://" + net.JoinHostPort(host, port) + "/auth/callback"
	b := make([]byte, 32)
	rand.Read(b)
	cfg.CookiePassword = core.NewSecret(hex.EncodeToString(b)) // sessions last as long as this process
	emu, err := workostest.Start("127.0.0.1:0", workostest.Options{RedirectURIs: []string{cfg.RedirectURI}, ConfirmLoginHint: true})
	if err != nil {
		return fmt.Errorf("starting the WorkOS emulator: %w", err)
	}
	app.emulator, app.DevMode = emu, true
	cfg.ClientID, cfg.APIKey, cfg.BaseURL = emu.ClientID, core.NewSecret(emu.APIKey), emu.URL
	if len(cfg.WebhookSecrets) > 0 { // the emulator delivers its events to the app, as WorkOS would
		redirect, _ := url.Parse(cfg.RedirectURI)
		redirect.Path = path.Join(path.Dir(redirect.Path), "webhooks")
		emu.AddWebhookEndpoint(redirect.String(), cfg.WebhookSecrets[0].Reveal())
	}
	return nil
}

// webhookSecrets reads WORKOS_WEBHOOK_SECRET: the secret of the webhook
// endpoint set up in the WorkOS dashboard, then previous ones still
// accepted while rotating, comma-separated. Set, it enables POST
// /auth/webhooks.
func webhookSecrets() []string {
	var out []string
	for _, s := range strings.Split(os.Getenv("WORKOS_WEBHOOK_SECRET"), ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Emulator is the embedded WorkOS emulator in dev mode, nil otherwise:
// its DeleteDirectoryUser and the like deliver their events to the app
// when WORKOS_WEBHOOK_SECRET is set.
func (app *App) Emulator() *workostest.Server { return app.emulator }

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
		fmt.Fprintf(&b, "dev mode: no WorkOS settings, so the embedded WorkOS emulator at %s stands in for WorkOS.\n", app.emulator.URL)
		if app.Auth.AuthKit() {
			b.WriteString("AuthKit mode (WORKOS_AUTHKIT=1): /auth/signin opens the emulator's hosted page; pick a user and organization.\n")
		} else {
			b.WriteString("sign in as alice@acme.test (admin), bob@acme.test or carol@globex.test, or with a provider button.\n")
		}
		if len(app.webhookSecrets) > 0 {
			b.WriteString("webhooks: the emulator delivers its Directory Sync events to /auth/webhooks.\n")
		}
	}
	return b.String()
}

// Close stops following revocations, closes the Redis client and stops
// the emulator, if any.
func (app *App) Close() {
	if app.Auth != nil {
		app.Auth.Close()
	}
	if app.redis != nil {
		app.redis.Close()
	}
	if app.emulator != nil {
		app.emulator.Close()
	}
}
