package core

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync/atomic"
	"time"

	"github.com/ssokit/workosauth/core/internal/cache"
	"github.com/ssokit/workosauth/core/internal/seal"
	"github.com/ssokit/workosauth/core/internal/telemetry"
	"github.com/ssokit/workosauth/core/internal/webhook"
	"github.com/ssokit/workosauth/core/internal/workosapi"
	"github.com/ssokit/workosauth/core/store"
)

// Auth is WorkOS single sign-on for one app: configuration, WorkOS client,
// domain resolver, cookies and sessions. Build it once with [New] and share
// it; it is safe for concurrent use.
type Auth struct {
	cfg        Config
	client     *workosapi.Client
	resolver   Resolver
	store      *sessionStore
	flowSealer *seal.Sealer
	sessions   *cache.Cache[*cachedSession] // opened sessions by token; nil: no cache
	recheck    time.Duration                // Config.SessionRecheck for a server-side store; 0: never asked again
	resets     atomic.Uint64                // how often the feed said its shared state was lost
	revoked    *revocations
	feed       store.Feed  // nil: revocations stay in this process
	synced     atomic.Bool // the feed has every revocation in force
	stopFeed   func()
	page       *template.Template
	log        Logger       // a.slog, for the Warn calls of core's parts
	slog       *slog.Logger // never nil
	now        func() time.Time
	proxies    *proxyList
	seen       *memoryEventLog // event IDs handled in this process
	events     store.EventLog  // shared event log; nil: seen alone

	pages        *pageKit    // the built-in pages' words, style and CSP
	origins      []appOrigin // where the app is served; origins[0] is RedirectURI's
	cookieDomain string
	sameSite     http.SameSite  // of the session cookie
	method       signInMethod   // SSO or AuthKit
	tokens       *tokenVerifier // AuthKit access tokens
	refreshes    refresher      // AuthKit refreshes under way and just done
	tel          *telemetry.Telemetry
	stopGauge    func() error // unregisters the feed's gauge; nil: none

	origin      string // scheme://host[:port] of RedirectURI
	host        string // host[:port] of RedirectURI
	secure      bool   // RedirectURI is https
	sessionName string
	flowPrefix  string
	signInPath  string
}

// Defaults of Config's optional fields.
const (
	DefaultBaseURL         = "https://api.workos.com"
	DefaultSessionLifetime = 7 * 24 * time.Hour
	// DefaultAbsoluteSessionLifetime is Config.AbsoluteSessionLifetime's.
	DefaultAbsoluteSessionLifetime = 30 * 24 * time.Hour
	DefaultFlowLifetime            = 10 * time.Minute
	DefaultTimeout                 = 10 * time.Second
	DefaultMaxRetries              = 2
	DefaultMaxFlows                = 5
	DefaultDomainCacheTTL          = 10 * time.Minute
	DefaultDomainFailureTTL        = 5 * time.Second
	DefaultSessionCacheSize        = 10000
	DefaultSessionCookie           = "wos-session"
	minPasswordLen                 = 32
)

// DefaultWebhookTolerance is the default of Config.WebhookTolerance.
const DefaultWebhookTolerance = webhook.DefaultTolerance

// DefaultSessionCacheBytes is the default of Config.SessionCacheBytes: 32 MiB.
const DefaultSessionCacheBytes = 32 << 20

// DefaultSessionRecheck is the default of Config.SessionRecheck.
const DefaultSessionRecheck = 30 * time.Second

// New checks cfg, fills in its defaults and returns an Auth. A bad
// configuration is refused with an error (wrapping [ErrConfig]) that says
// what to fix.
func New(cfg Config) (*Auth, error) {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if cfg.ClientID == "" {
		bad("ClientID (%s) is required", EnvClientID)
	}
	if cfg.APIKey.IsZero() {
		bad("APIKey (%s) is required", EnvAPIKey)
	}
	if n := len(cfg.CookiePassword.Reveal()); n < minPasswordLen {
		bad("CookiePassword (%s) must be at least %d characters, it has %d", EnvCookiePassword, minPasswordLen, n)
	}
	for i, p := range cfg.Cookies.PreviousPasswords {
		if len(p.Reveal()) < minPasswordLen {
			bad("PreviousCookiePasswords[%d] (%s) must be at least %d characters", i, EnvCookiePasswordPrevious, minPasswordLen)
		}
	}
	redirect, err := url.Parse(cfg.RedirectURI)
	switch {
	case cfg.RedirectURI == "":
		bad("RedirectURI (%s) is required, e.g. https://app.example.com/auth/callback", EnvRedirectURI)
	case err != nil || !redirect.IsAbs() || redirect.Host == "" || (redirect.Scheme != "https" && redirect.Scheme != "http"):
		bad("RedirectURI (%s) must be an absolute http(s) URL, e.g. https://app.example.com/auth/callback; got %q", EnvRedirectURI, cfg.RedirectURI)
	case redirect.RawQuery != "" || redirect.Fragment != "":
		bad("RedirectURI (%s) must have no query or fragment", EnvRedirectURI)
	case strings.HasSuffix(redirect.Hostname(), "."):
		bad("RedirectURI (%s) must not end its host with a dot: browsers keep %s and %s apart, with cookies of their own; got %q", EnvRedirectURI, redirect.Hostname(), strings.TrimSuffix(redirect.Hostname(), "."), cfg.RedirectURI)
	}
	if n := (Selector{cfg.SignIn.Connection, cfg.SignIn.Organization, cfg.SignIn.Provider}).count(); n > 1 {
		bad("set at most one of Connection, Organization and Provider as the default selector; %d are set", n)
	}
	if cfg.WorkOS.BaseURL != "" {
		if u, err := url.Parse(cfg.WorkOS.BaseURL); err != nil || !u.IsAbs() || u.Host == "" {
			bad("BaseURL (%s) must be an absolute URL; got %q", EnvBaseURL, cfg.WorkOS.BaseURL)
		}
	}
	for d, id := range cfg.SignIn.Domains {
		if _, err := NormalizeDomain(d); err != nil {
			bad("Domains: %q is not a domain", d)
		}
		if _, err := selectorOf(id); err != nil {
			bad("Domains[%q]: %q is neither an organization (org_...) nor a connection (conn_...)", d, id)
		}
	}
	proxies, err := parseProxies(cfg.Cookies.TrustedProxies)
	if err != nil {
		bad("TrustedProxies: %v", err)
	}
	if cfg.SignIn.AfterPath != "" {
		if _, ok := SafeReturnTo(cfg.SignIn.AfterPath); !ok {
			bad("AfterSignInPath must be a path on the app's origin, like /dashboard; got %q", cfg.SignIn.AfterPath)
		}
	}
	if cfg.Sessions.AfterSignOutPath != "" {
		if _, ok := SafeReturnTo(cfg.Sessions.AfterSignOutPath); !ok {
			bad("AfterSignOutPath must be a path on the app's origin, like /; got %q", cfg.Sessions.AfterSignOutPath)
		}
	}
	var dep deployment
	if len(problems) == 0 {
		var more []string
		dep, more = checkDeployment(cfg, redirect)
		problems = append(problems, more...)
	}
	kit, more := checkBranding(cfg, dep.origins)
	problems = append(problems, more...)
	if len(problems) > 0 {
		return nil, fmt.Errorf("%w: %s", ErrConfig, strings.Join(problems, "; "))
	}
	redirect.Host = hostKey(redirect.Host, redirect.Scheme) // the origin, canonical (origin.go); WorkOS gets cfg.RedirectURI as written
	cfg = withDefaults(cfg, redirect)

	a := &Auth{
		cfg:     cfg,
		page:    cfg.Pages.SignIn,
		log:     cfg.Logger,
		slog:    cfg.Logger,
		now:     cfg.Now,
		proxies: proxies,
		revoked: newRevocations(defaultRevocationBound, cfg.Logger),
		origin:  redirect.Scheme + "://" + redirect.Host,
		host:    redirect.Host,
		secure:  redirect.Scheme == "https",

		pages:        kit,
		origins:      dep.origins,
		cookieDomain: dep.cookieDomain,
		sameSite:     dep.sameSite,
		sessionName:  dep.sessionName,
	}
	a.tel = newTelemetry(cfg)
	a.client, err = workosapi.New(workosapi.Config{
		BaseURL: cfg.WorkOS.BaseURL, ClientID: cfg.ClientID, APIKey: cfg.APIKey.Reveal(), RedirectURI: cfg.RedirectURI,
		HTTPClient: cfg.WorkOS.HTTPClient, Timeout: cfg.WorkOS.Timeout, MaxRetries: cfg.WorkOS.MaxRetries, Telemetry: a.tel,
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	a.initSignIn()
	passwords := append([]string{cfg.CookiePassword.Reveal()}, reveal(cfg.Cookies.PreviousPasswords)...)
	if a.flowSealer, err = seal.New("workosauth flow v1", passwords...); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	prefix := ""
	if a.secure {
		prefix = "__Host-"
	}
	if a.store, err = newSessionStore(cfg, a.sessionName, a.now, passwords); err != nil {
		return nil, err
	}
	if cfg.Sessions.CacheSize > 0 && cfg.Sessions.CacheBytes > 0 {
		a.sessions = cache.NewWithCost(cfg.Sessions.CacheSize, cfg.Sessions.CacheBytes, entryCost)
	}
	if !a.store.sealed && cfg.Sessions.Recheck > 0 {
		a.recheck = cfg.Sessions.Recheck
	}
	if a.page == nil {
		a.page = defaultSignInPage
	}
	a.resolver = cfg.SignIn.Resolver
	if a.resolver == nil {
		chain := chainResolver{}
		if len(cfg.SignIn.Domains) > 0 {
			static := StaticResolver{}
			for d, id := range cfg.SignIn.Domains {
				n, _ := NormalizeDomain(d)
				static[n] = id
			}
			chain = append(chain, static)
		}
		chain = append(chain, newOrganizationsResolver(a.client, a.now))
		a.resolver = newCachedResolver(chain, cfg, a.now)
	}
	a.flowPrefix = prefix + flowCookieBase
	a.signInPath = cfg.Cookies.AuthPath + "/" + routeSignIn
	a.feed, a.events = cfg.Sessions.Revocations, cfg.Events.Log // each used for what its field names, nothing more
	a.seen = newMemoryEventLog(defaultEventMemory)
	if err := bindParts(store.Binding{ClientID: cfg.ClientID, Logger: cfg.Logger}, cfg.Sessions.Store, a.feed, a.events); err != nil {
		return nil, err
	}
	a.logParts()
	if a.feed != nil {
		a.startFeed()
		a.observeFeed()
	}
	a.warnConfig()
	return a, nil
}

func withDefaults(cfg Config, redirect *url.URL) Config {
	if cfg.WorkOS.BaseURL == "" {
		cfg.WorkOS.BaseURL = DefaultBaseURL
	}
	if cfg.Sessions.Lifetime <= 0 {
		cfg.Sessions.Lifetime = DefaultSessionLifetime
	}
	if cfg.Sessions.AbsoluteLifetime <= 0 {
		cfg.Sessions.AbsoluteLifetime = DefaultAbsoluteSessionLifetime
	}
	if cfg.SignIn.FlowLifetime <= 0 {
		cfg.SignIn.FlowLifetime = DefaultFlowLifetime
	}
	if cfg.WorkOS.Timeout <= 0 {
		cfg.WorkOS.Timeout = DefaultTimeout
	}
	if cfg.WorkOS.MaxRetries == 0 {
		cfg.WorkOS.MaxRetries = DefaultMaxRetries
	}
	if cfg.SignIn.MaxFlows <= 0 {
		cfg.SignIn.MaxFlows = DefaultMaxFlows
	}
	if cfg.SignIn.DomainCacheTTL == 0 {
		cfg.SignIn.DomainCacheTTL = DefaultDomainCacheTTL
	}
	if cfg.SignIn.DomainFailureTTL == 0 {
		cfg.SignIn.DomainFailureTTL = DefaultDomainFailureTTL
	}
	if cfg.Sessions.CacheSize == 0 {
		cfg.Sessions.CacheSize = DefaultSessionCacheSize
	}
	if cfg.Sessions.CacheBytes == 0 {
		cfg.Sessions.CacheBytes = DefaultSessionCacheBytes
	}
	if cfg.Sessions.Recheck == 0 {
		cfg.Sessions.Recheck = DefaultSessionRecheck
	}
	if cfg.SignIn.MapProfile == nil {
		cfg.SignIn.MapProfile = defaultMapProfile
	}
	if cfg.SignIn.AfterPath == "" {
		cfg.SignIn.AfterPath = "/"
	}
	if cfg.Sessions.AfterSignOutPath == "" {
		cfg.Sessions.AfterSignOutPath = "/"
	}
	if cfg.Cookies.AuthPath == "" {
		cfg.Cookies.AuthPath = path.Dir(redirect.Path)
	}
	cfg.Cookies.AuthPath = strings.TrimSuffix(cfg.Cookies.AuthPath, "/")
	if cfg.Pages.AppName == "" {
		cfg.Pages.AppName = "Sign in"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.SignIn.Providers = append([]string(nil), cfg.SignIn.Providers...)
	var secrets []Secret
	for _, s := range cfg.Events.WebhookSecrets {
		if v := strings.TrimSpace(s.Reveal()); v != "" {
			secrets = append(secrets, NewSecret(v))
		}
	}
	cfg.Events.WebhookSecrets = secrets
	if cfg.Events.WebhookTolerance <= 0 {
		cfg.Events.WebhookTolerance = DefaultWebhookTolerance
	}
	return cfg
}

// SignInURL returns the path of the sign-in page that comes back to
// returnTo afterwards (when it is a safe path on the app's origin);
// SignInURL("") is the sign-in page itself, e.g. "/auth/signin".
func (a *Auth) SignInURL(returnTo string) string {
	if p, ok := SafeReturnTo(returnTo); ok && !a.isAuthPath(pathOf(p)) {
		return a.signInPath + "?return_to=" + url.QueryEscape(p)
	}
	return a.signInPath
}

func pathOf(requestURI string) string {
	p, _, _ := strings.Cut(requestURI, "?")
	return p
}

var errNoProfileID = errors.New("workosauth: profile without id")

// ctxOrBackground never returns nil.
func ctxOrBackground(ctx context.Context) context.Context {
	if ctx == nil {
		return context.Background()
	}
	return ctx
}

// String describes the Auth without its secrets (see [Config.String]).
func (a *Auth) String() string {
	return fmt.Sprintf("core.Auth{Origin:%q AuthPath:%q ClientID:%q}", a.origin, a.cfg.Cookies.AuthPath, a.cfg.ClientID)
}

// GoString is String.
func (a *Auth) GoString() string { return a.String() }
