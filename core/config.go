package core

import (
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"
)

// Config configures an [Auth]. The four settings every app needs are its
// top-level fields; the rest are in groups, each with its own type and
// file. The zero value of every optional field stands for the default
// given in its comment. Nothing is read from the environment unless you
// call [ConfigFromEnv].
type Config struct {
	// ClientID is the WorkOS client ID (client_...). Required.
	ClientID string
	// APIKey is the WorkOS secret key (sk_...): the client_secret of the
	// code exchange and the Bearer key of API calls. Required.
	APIKey Secret
	// RedirectURI is the absolute callback URL registered with WorkOS, e.g.
	// https://app.example.com/auth/callback. Required. Its origin is the
	// app's origin: cookies are Secure (and the session cookie takes the
	// __Host- prefix) when it is https, and sign-out compares Origin with it.
	RedirectURI string
	// CookiePassword seals every cookie the app sets. At least 32
	// characters. Required.
	CookiePassword Secret
	// Logger is the one logger: it receives the audit events (sign-in
	// succeeded or refused, sign-out, revocation, configuration problems;
	// see [AuditEvent]) and one line per failure worth an operator's
	// attention, each with the request's context, and the stores and
	// feeds log through it. It never receives a secret, a code, a token
	// or a cookie value. Default: discard.
	Logger *slog.Logger
	// Now is the clock. Default: time.Now.
	Now func() time.Time

	// Cookies: the cookies and where the app is served.
	Cookies CookieConfig
	// Sessions: how long sessions last, where they are kept, how
	// revocations reach every instance.
	Sessions SessionConfig
	// SignIn: how a sign-in picks its connection, and the app's word on
	// who signs in.
	SignIn SignInConfig
	// Pages: the built-in pages' words and looks.
	Pages PageConfig
	// WorkOS: the client of the WorkOS API.
	WorkOS WorkOSConfig
	// Events: WorkOS events (webhooks, the Events API) and audit events.
	Events EventConfig
	// AuthKit: sign-in through WorkOS AuthKit instead of the SSO API.
	AuthKit AuthKitConfig
	// Telemetry: where workosauth's OpenTelemetry spans and metrics go.
	// Default: the global providers (see [TelemetryConfig]).
	Telemetry TelemetryConfig
}

const minPasswordLen = 32

// problems collects what is wrong with a Config, each as a sentence
// saying what to fix.
type problems []string

func (p *problems) add(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

// err is nil without problems, else one error wrapping [ErrConfig].
func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrConfig, strings.Join(p, "; "))
}

// check checks the top-level settings and returns RedirectURI parsed
// (nil when it is wrong).
func (c Config) check(p *problems) *url.URL {
	if c.ClientID == "" {
		p.add("ClientID (WORKOS_CLIENT_ID) is required")
	}
	if c.APIKey.Reveal() == "" {
		p.add("APIKey (WORKOS_API_KEY) is required")
	}
	if n := len(c.CookiePassword.Reveal()); n < minPasswordLen {
		p.add("CookiePassword (WORKOS_COOKIE_PASSWORD) must be at least %d characters, it has %d", minPasswordLen, n)
	}
	redirect, err := url.Parse(c.RedirectURI)
	switch {
	case c.RedirectURI == "":
		p.add("RedirectURI (WORKOS_REDIRECT_URI) is required, e.g. https://app.example.com/auth/callback")
	case err != nil || !redirect.IsAbs() || redirect.Host == "" || (redirect.Scheme != "https" && redirect.Scheme != "http"):
		p.add("RedirectURI (WORKOS_REDIRECT_URI) must be an absolute http(s) URL, e.g. https://app.example.com/auth/callback; got %q", c.RedirectURI)
	case redirect.RawQuery != "" || redirect.Fragment != "":
		p.add("RedirectURI (WORKOS_REDIRECT_URI) must have no query or fragment")
	case strings.HasSuffix(redirect.Hostname(), "."):
		p.add("RedirectURI (WORKOS_REDIRECT_URI) must not end its host with a dot: browsers keep %s and %s apart, with cookies of their own; got %q", redirect.Hostname(), strings.TrimSuffix(redirect.Hostname(), "."), c.RedirectURI)
	default:
		return redirect
	}
	return nil
}

// withDefaults fills in the defaults of every group.
func (c Config) withDefaults(redirect *url.URL) Config {
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	c.Cookies = c.Cookies.withDefaults(redirect)
	c.Sessions = c.Sessions.withDefaults()
	c.SignIn = c.SignIn.withDefaults()
	c.Pages = c.Pages.withDefaults()
	c.WorkOS = c.WorkOS.withDefaults()
	c.Events = c.Events.withDefaults()
	return c
}
