// Package exampleapp is what the example apps share, so that each differs
// from the others only where its router does: their own settings, the
// pages and the serving (address, banner, shutdown). Dev mode is
// workostest.DevMode, called by each example.
package exampleapp

import (
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"strings"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

// providers are the OAuth buttons the examples offer.
var providers = []string{"GoogleOAuth", "MicrosoftOAuth", "GitHubOAuth"}

// Config is core.ConfigFromEnv with the examples' own settings: their
// name, the provider buttons, /dashboard after sign-in, a text logger,
// WORKOS_WEBHOOK_SECRET (the webhook route) and REDIS_URL (sessions in
// Redis, shared by every instance). The io.Closer closes the Redis client;
// it is nil without REDIS_URL.
func Config(name string) (core.Config, io.Closer, error) {
	cfg := core.ConfigFromEnv()
	cfg.Pages.AppName = "workosauth · " + name
	cfg.SignIn.Providers = providers
	cfg.SignIn.AfterPath = "/dashboard"
	cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	cfg.Events.WebhookSecrets = webhookSecrets()
	rc, err := useRedis(&cfg)
	if err != nil {
		return cfg, nil, err
	}
	return cfg, rc, nil
}

// webhookSecrets reads WORKOS_WEBHOOK_SECRET: the secret of the webhook
// endpoint set up in the WorkOS dashboard, then previous ones still
// accepted while rotating, comma-separated. Set, it enables POST
// /auth/webhooks.
func webhookSecrets() []core.Secret {
	var out []core.Secret
	for _, s := range strings.Split(os.Getenv("WORKOS_WEBHOOK_SECRET"), ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, core.NewSecret(s))
		}
	}
	return out
}

// Addr is where an example listens: ADDR, or 127.0.0.1:PORT, or
// 127.0.0.1:8080.
func Addr() string {
	if a := strings.TrimSpace(os.Getenv("ADDR")); a != "" {
		return a
	}
	if p := strings.TrimSpace(os.Getenv("PORT")); p != "" {
		return "127.0.0.1:" + p
	}
	return "127.0.0.1:8080"
}

// App is an example being served: its Auth, where it listens, and the
// emulator in dev mode.
type App struct {
	Auth *core.Auth
	// Addr is host:port to listen on.
	Addr     string
	origin   string // where browsers open it, from the redirect URI
	authKit  bool
	webhooks bool
	emulator *workostest.Server // dev mode; nil otherwise
	closers  []io.Closer
}

// New returns the app to serve: auth built from cfg, listening on addr,
// with the emulator of workostest.DevMode (nil outside dev mode). Close
// closes the Auth, the emulator and closers (the Redis client).
func New(cfg core.Config, auth *core.Auth, addr string, emulator *workostest.Server, closers ...io.Closer) *App {
	app := &App{Auth: auth, Addr: addr, authKit: cfg.AuthKit.Enabled, webhooks: len(cfg.Events.WebhookSecrets) > 0, emulator: emulator}
	if u, err := url.Parse(cfg.RedirectURI); err == nil {
		app.origin = u.Scheme + "://" + u.Host
	}
	for _, c := range closers {
		if c != nil {
			app.closers = append(app.closers, c)
		}
	}
	return app
}

// Banner is what an example prints when it starts.
func (app *App) Banner() string {
	var b strings.Builder
	fmt.Fprintf(&b, "listening on %s — open %s/\n", app.Addr, app.origin)
	if app.emulator != nil {
		fmt.Fprintf(&b, "dev mode: no WorkOS settings, so the WorkOS emulator at %s stands in for WorkOS.\n", app.emulator.URL)
		if app.authKit {
			b.WriteString("AuthKit mode (WORKOS_AUTHKIT=1): /auth/signin opens the emulator's hosted page; pick a user and organization.\n")
		} else {
			b.WriteString("sign in as alice@acme.test (admin), bob@acme.test or carol@globex.test, or with a provider button.\n")
		}
		if app.webhooks {
			b.WriteString("webhooks: the emulator delivers its Directory Sync events to /auth/webhooks.\n")
		}
	}
	return b.String()
}

// Close stops following revocations, closes the Redis client and stops
// the emulator, if any.
func (app *App) Close() {
	app.Auth.Close()
	for _, c := range app.closers {
		c.Close()
	}
	if app.emulator != nil {
		app.emulator.Close()
	}
}
