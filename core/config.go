package core

import (
	"context"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/ssokit/workosauth/core/events"
	"github.com/ssokit/workosauth/core/store"
)

// Config configures an [Auth]. The zero value of every optional field
// stands for the default given in its comment. Nothing is read from the
// environment unless you call [ConfigFromEnv].
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
	// RedirectURIs are further callback URLs registered with WorkOS, for an
	// app reached under several hostnames (preview deployments, a second
	// domain). A sign-in uses the one whose host the request came to (its
	// Host, or X-Forwarded-Host from TrustedProxies), else RedirectURI; a
	// header never names a redirect URI that is not listed. All must share
	// RedirectURI's scheme and path. Default: none.
	RedirectURIs []string
	// CookieDomain, e.g. "example.com", shares the session with every
	// subdomain (app.example.com, admin.example.com). The session cookie
	// then drops the __Host- prefix (which forbids a Domain) and takes
	// __Secure- on https. Every redirect URI's host must be in it.
	// Default: "", a cookie for the redirect URI's host alone.
	CookieDomain string
	// SameSite is the session cookie's SameSite: http.SameSiteLaxMode
	// (the default), http.SameSiteStrictMode or http.SameSiteNoneMode
	// (https only). The cookies of sign-ins under way stay Lax, since
	// WorkOS sends the browser back from another site.
	SameSite http.SameSite
	// CookiePassword seals every cookie the app sets. At least 32
	// characters. Required.
	CookiePassword Secret
	// PreviousCookiePasswords are earlier passwords still accepted when
	// opening cookies (never used to seal). Default: none.
	PreviousCookiePasswords []Secret
	// BaseURL is the WorkOS API. Default: https://api.workos.com.
	BaseURL string

	// AuthKit signs users in through WorkOS AuthKit (the User Management
	// API: /user_management/authorize and /user_management/authenticate)
	// instead of the SSO API. Sessions then hold the AuthKit user, access
	// token and refresh token; see the README's AuthKit section. With no
	// selector, /auth/signin goes straight to AuthKit's hosted page.
	// Default: false (SSO).
	AuthKit bool
	// AuthKitIssuers (WORKOS_AUTHKIT_ISSUERS, comma-separated) are
	// further iss values accepted in AuthKit access tokens, such as a
	// custom auth domain ("https://auth.example.com"). BaseURL and BaseURL
	// + "/user_management/" + ClientID are always accepted; nothing else
	// is. A token WorkOS itself hands the app with another issuer is a
	// configuration mistake: it is logged (config_problem
	// "issuer_not_accepted", with the issuer seen and the ones accepted),
	// a sign-in is refused with "configuration_error", and sessions go on.
	// Default: none.
	AuthKitIssuers []string

	// Connection, Organization and Provider select the default connection
	// of a sign-in that names none (at most one of the three may be set).
	// With one set, /auth/signin without a selector starts the sign-in
	// at once; with none, it shows the sign-in page. Default: none.
	Connection, Organization, Provider string
	// Providers are the OAuth providers offered as buttons on the sign-in
	// page, e.g. "GoogleOAuth", "MicrosoftOAuth", "GitHubOAuth". A sign-in
	// request may only name a provider listed here. Default: none.
	Providers []string
	// Prompt is passed to WorkOS as prompt= on every sign-in; "login" makes
	// the identity provider ask for credentials even when it has a session.
	// Default: "" (not sent).
	Prompt string
	// Domains maps email domains to an organization (org_...) or a
	// connection (conn_...), consulted before the WorkOS Organizations API.
	// Keys are matched after normalisation (lower case, IDNA to ASCII).
	// Default: none.
	Domains map[string]string
	// Resolver replaces the default domain resolution (Domains, then the
	// Organizations API, cached). Default: nil, the built-in chain.
	Resolver Resolver
	// DomainCacheTTL is how long a domain lookup that found an organization
	// or found nothing is remembered. Default: 10 minutes.
	DomainCacheTTL time.Duration
	// DomainFailureTTL is how long a failed domain lookup (WorkOS erred or
	// did not answer) is remembered, so a burst of sign-ins does not spend
	// WorkOS's rate limit. Default: 5 seconds. Negative: not remembered.
	DomainFailureTTL time.Duration
	// LookupsPerMinute bounds the domain lookups at WorkOS (sign-ins by
	// email or domain not answered from the cache) one client may cause:
	// an IP address, an IPv6 /64, or behind TrustedProxies the address
	// they forwarded. A sign-in over the limit gets 429. LookupBurst is
	// how many it may make at once. Default: 0, no limit; LookupBurst
	// defaults to LookupsPerMinute.
	LookupsPerMinute, LookupBurst int

	// SessionLifetime is the idle lifetime of a session: it ends this long
	// after it was last renewed. A session in use is renewed (saved again
	// with a fresh expiry) once half of it has passed. Default: 7 days.
	SessionLifetime time.Duration
	// AbsoluteSessionLifetime is how long a session may last from sign-in,
	// renewals included; then the user signs in again. Default: 30 days.
	AbsoluteSessionLifetime time.Duration
	// SessionCookieName names the session cookie. Default: "wos-session".
	// On https it takes the __Host- prefix, or __Secure- with a
	// CookieDomain; a custom name takes it too (a name that already has
	// the right prefix is kept as it is).
	SessionCookieName string
	// SessionCacheSize bounds the in-memory cache of opened sessions, in
	// entries. Default: 10000. Negative: no cache.
	SessionCacheSize int
	// SessionCacheBytes bounds the memory the cache of opened sessions
	// holds, in bytes, estimated from each entry's cookie value and
	// profile. A session too large for its share (1/32 of the bound, more
	// when SessionCacheSize is below 512) is not cached: it is opened on
	// every request instead. Default: 32 MiB. Negative: no cache.
	SessionCacheBytes int64
	// SessionRecheck bounds how long a session opened from a server-side
	// Store (any but the default cookie store) is served from the cache of
	// opened sessions without asking the store again, so that an instance
	// never keeps serving a session its store no longer holds (a lost
	// revocation message, a Redis that lost its data) for longer than
	// this. A request in the last quarter of it still gets the cached
	// session and has the store asked in the background; past it, the
	// request waits for the store's answer. A store that cannot answer
	// ([ErrStoreUnavailable]) leaves the session as cached: sessions an
	// instance holds keep working through an outage. Default: 30 seconds.
	// Negative: never asked again (until revoked or expired).
	SessionRecheck time.Duration
	// Store keeps sessions (see package store for what a store
	// implements). Core uses it for sessions only, and for nothing else
	// it may implement: set Revocations and EventLog to it as well to
	// share those through it (New warns when a Store offers them and
	// they are left unset). Default: nil, sessions sealed whole into the
	// cookie (AES-256-GCM under CookiePassword, bound to the cookie's name
	// and ClientID). A server-side store (stores/redis) keeps them
	// shared by every instance of the app; core binds each record to
	// ClientID inside its own encoding, whatever the store.
	Store store.Store
	// Revocations shares sign-outs and revocations with the app's other
	// instances, so that a session ended on one ends on all within a
	// second. Default: nil, and revocations stay in the process that made
	// them. With the cookie store, set it to a Redis store to keep
	// stateless sessions that still end everywhere.
	Revocations store.Feed

	// MapProfile maps the profile WorkOS returned to what the session keeps.
	// Default: everything but RawAttributes.
	MapProfile func(Profile) Profile
	// OnSignIn is the app's word on who may be signed in, and with what.
	// It runs on every profile a sign-in builds, before the session is
	// set: after a successful code exchange and, with AuthKit, on each
	// profile AuthKit builds later too (every refresh of the access token,
	// an organization switch, the organization chooser), so that what it
	// decides holds for the whole session and does not come back or go
	// away at the next refresh. It may change the profile (kept in the
	// session) or refuse by returning an error (a *[Error] gives its status
	// and words; any other error is a 403 "sign-in refused"). A refusal at
	// sign-in or at the chooser signs no one in; at a refresh it ends the
	// session (audit event signin_refused, Method "refresh"); at an
	// organization switch the switch is refused with it and the session
	// stays in its organization (Method "organization_switch"). Bearer
	// access tokens ([AcceptBearer]) do not go through it: their profile
	// is the token's claims. Default: nil.
	OnSignIn func(ctx context.Context, p *Profile) error

	// AfterSignInPath is where a sign-in without a valid return_to lands.
	// Default: "/".
	AfterSignInPath string
	// AfterSignOutPath is where sign-out redirects. Default: "/".
	AfterSignOutPath string
	// AuthPath is the path the sign-in, callback and sign-out handlers are
	// mounted under. Default: the directory of RedirectURI's path, e.g.
	// "/auth" for https://app.example.com/auth/callback.
	AuthPath string
	// SignInPage renders the sign-in page. It is executed with a
	// [SignInPageData]. Default: a plain page asking for the work email,
	// with a button per provider.
	SignInPage *template.Template
	// AppName is shown on the default sign-in page. Default: "Sign in".
	AppName string
	// Branding dresses the built-in pages (logo, accent colour) without a
	// template. Default: no logo, the default accent.
	Branding Branding
	// Messages are the built-in pages' words, translated; empty fields keep
	// their English default ([DefaultMessages]). Default: nil, English.
	Messages *Messages

	// HTTPClient makes the calls to WorkOS. Default: a client of its own.
	HTTPClient *http.Client
	// Timeout bounds each call to WorkOS, retries included. Default: 10 s.
	Timeout time.Duration
	// MaxRetries is how often a lookup that is safe to repeat is retried on
	// 5xx. A 429 is never retried: it pauses lookups for its Retry-After
	// (1 s to 1 min). The code exchange is never retried. Default: 2.
	// Negative: never retried.
	MaxRetries int
	// MaxFlows is how many sign-ins may be under way at once in one browser
	// (one flow cookie each); starting one more drops the oldest. Default: 5.
	MaxFlows int
	// FlowLifetime bounds how long a sign-in may take from start to
	// callback. Default: 10 minutes.
	FlowLifetime time.Duration
	// TrustedProxies are the addresses (IPs or CIDRs) whose
	// X-Forwarded-Proto and X-Forwarded-Host are believed. Only used to
	// bring a browser that arrived on another host to the configured
	// origin before a sign-in. Default: none.
	TrustedProxies []string
	// Logger receives the audit events (sign-in succeeded or refused,
	// sign-out, revocation, configuration problems; see [AuditEvent]) and one
	// line per failure worth an operator's attention, each with the
	// request's context. It never receives a secret, a code, a token or a
	// cookie value. Default: discard.
	Logger *slog.Logger
	// OnAudit is called after each audit event, with the request's
	// context; an error it returns is logged. Default: nil.
	OnAudit func(ctx context.Context, e AuditEvent) error
	// OnSignOut is called after a session ended by sign-out (its cookie
	// cleared, its revocation recorded); an error it returns is logged.
	// Default: nil.
	OnSignOut func(ctx context.Context, s *Session) error
	// Now is the clock. Default: time.Now.
	Now func() time.Time

	// WebhookSecrets enable POST <AuthPath>/webhooks, where WorkOS
	// delivers events (POST <AuthPath>/webhooks): the endpoint's secret from
	// the WorkOS dashboard first, then previous ones still accepted while
	// rotating. Default: none, and the route answers 404.
	WebhookSecrets []Secret
	// WebhookTolerance is how far a delivery's signature time may be from
	// now, either way. Default: 3 minutes, as WorkOS's SDKs check.
	WebhookTolerance time.Duration
	// OnEvent receives every verified WorkOS event, from webhooks or
	// [Auth.PollEvents], once per event ID, after workosauth has acted on
	// it (see package events). An error it returns is logged and the delivery
	// answered 503, so that WorkOS delivers the event again and OnEvent
	// runs again then; [Auth.PollEvents] logs it and goes on, so that a
	// failing OnEvent never holds up the events behind it. The event log
	// (EventLog) makes it run once even when a call to it fails. Keep it
	// quick (well under a minute): WorkOS waits for the answer. Default:
	// nil.
	OnEvent func(ctx context.Context, e events.Event) error
	// EventLog remembers which events were handled and the Events API
	// cursor, shared by every instance, so that OnEvent runs once per
	// event across the fleet. Default: nil, an in-memory log of the last
	// 10000 event IDs in each process (New warns when the app handles
	// events and its Store or Revocations could be the log).
	EventLog store.EventLog

	// Telemetry says where workosauth's OpenTelemetry spans and metrics
	// go. Default: the global providers (see [TelemetryConfig]).
	Telemetry TelemetryConfig
}

// Logger is the small logging interface core's parts write to;
// *slog.Logger satisfies it.
//
// Deprecated: Config.Logger is a *slog.Logger.
type Logger interface {
	Warn(msg string, args ...any)
}

// String describes the Config without its secrets: APIKey and the cookie
// passwords show only whether they are set, so that logging a Config (or
// a panic or debugger printing one) does not leak them. GoString is the
// same, for %#v.
func (c Config) String() string {
	return fmt.Sprintf("core.Config{ClientID:%q APIKey:%s RedirectURI:%q CookiePassword:%s PreviousCookiePasswords:%d BaseURL:%q AuthKit:%t Connection:%q Organization:%q Provider:%q AuthPath:%q WebhookSecrets:%d}",
		c.ClientID, redacted(c.APIKey.Reveal()), c.RedirectURI, redacted(c.CookiePassword.Reveal()), len(c.PreviousCookiePasswords),
		c.BaseURL, c.AuthKit, c.Connection, c.Organization, c.Provider, c.AuthPath, len(c.WebhookSecrets))
}

// GoString is String.
func (c Config) GoString() string { return c.String() }

func redacted(secret string) string {
	if secret == "" {
		return `""`
	}
	return "[redacted]"
}
