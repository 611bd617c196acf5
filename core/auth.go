package core

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/ssokit/workosauth/core/internal/cache"
	"github.com/ssokit/workosauth/core/internal/seal"
	"github.com/ssokit/workosauth/core/internal/telemetry"
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
	recheck    time.Duration                // Config.Sessions.Recheck for a server-side store; 0: never asked again
	resets     atomic.Uint64                // how often the feed said its shared state was lost
	revoked    *revocations
	feed       store.Feed  // nil: revocations stay in this process
	synced     atomic.Bool // the feed has every revocation in force
	stopFeed   func()
	log        *slog.Logger // Config.Logger; never nil
	now        func() time.Time
	proxies    *proxyList
	seen       *memoryEventLog // event IDs handled in this process
	events     store.EventLog  // shared event log; nil: seen alone

	pages        *pageKit    // the built-in pages' words, style and CSP
	origins      []appOrigin // where the app is served; origins[0] is RedirectURI's
	cookieDomain string
	sameSite     http.SameSite  // of the session cookie
	mode         mode           // SSO or AuthKit: mode.go
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

// New checks cfg, fills in its defaults and returns an Auth. A bad
// configuration is refused with an error (wrapping [ErrConfig]) that says
// what to fix: every problem found, not just the first.
func New(cfg Config) (*Auth, error) {
	var p problems
	redirect := cfg.check(&p)
	cfg.Cookies.checkPasswords(&p)
	proxies := cfg.Cookies.proxies(&p)
	cfg.Sessions.check(&p)
	cfg.SignIn.check(&p)
	cfg.WorkOS.check(&p)
	cfg.AuthKit.check(&p)
	var dep deployment
	if len(p) == 0 {
		dep = cfg.Cookies.check(&p, redirect)
	}
	kit := cfg.Pages.check(&p, dep.origins, cfg.WorkOS.withDefaults().BaseURL)
	if err := p.err(); err != nil {
		return nil, err
	}
	redirect.Host = hostKey(redirect.Host, redirect.Scheme) // the origin, canonical (origin.go); WorkOS gets cfg.RedirectURI as written
	cfg = cfg.withDefaults(redirect)
	a := &Auth{
		cfg: cfg, log: cfg.Logger, now: cfg.Now, proxies: proxies, pages: kit,
		revoked: newRevocations(defaultRevocationBound, cfg.Logger),
		origin:  redirect.Scheme + "://" + redirect.Host, host: redirect.Host, secure: redirect.Scheme == "https",
		origins: dep.origins, cookieDomain: dep.cookieDomain, sameSite: dep.sameSite, sessionName: dep.sessionName,
		feed: cfg.Sessions.Revocations, events: cfg.Events.Log, // each used for what its field names, nothing more
		seen:       newMemoryEventLog(defaultEventMemory),
		flowPrefix: cookiePrefix(redirect) + flowCookieBase,
		signInPath: cfg.Cookies.AuthPath + "/" + routeSignIn,
	}
	if err := a.buildParts(); err != nil {
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

// buildParts builds what New's checked Config needs: the WorkOS client,
// the sign-in mode, the sealers and the session store, the cache of
// opened sessions and the domain resolver; and binds the parts to the
// client ID.
func (a *Auth) buildParts() error {
	cfg := a.cfg
	var err error
	a.tel = newTelemetry(cfg)
	a.client, err = workosapi.New(workosapi.Config{
		BaseURL: cfg.WorkOS.BaseURL, ClientID: cfg.ClientID, APIKey: cfg.APIKey.Reveal(), RedirectURI: cfg.RedirectURI,
		HTTPClient: cfg.WorkOS.HTTPClient, Timeout: cfg.WorkOS.Timeout, MaxRetries: cfg.WorkOS.MaxRetries, Telemetry: a.tel,
	})
	if err != nil {
		return fmt.Errorf("%w: %w", ErrConfig, err)
	}
	a.initMode()
	passwords := append([]string{cfg.CookiePassword.Reveal()}, reveal(cfg.Cookies.PreviousPasswords)...)
	if a.flowSealer, err = seal.New("workosauth flow v1", passwords...); err != nil {
		return fmt.Errorf("%w: %w", ErrConfig, err)
	}
	if a.store, err = newSessionStore(cfg, a.sessionName, a.now, passwords); err != nil {
		return err
	}
	if cfg.Sessions.CacheSize > 0 && cfg.Sessions.CacheBytes > 0 {
		a.sessions = cache.NewWithCost(cfg.Sessions.CacheSize, cfg.Sessions.CacheBytes, entryCost)
	}
	if !a.store.sealed && cfg.Sessions.Recheck > 0 {
		a.recheck = cfg.Sessions.Recheck
	}
	a.resolver = cfg.SignIn.Resolver
	if a.resolver == nil {
		a.resolver = newCachedResolver(defaultResolver(cfg.SignIn.Domains, a.client, a.now), cfg, a.now)
	}
	return bindParts(store.Binding{ClientID: cfg.ClientID, Logger: cfg.Logger}, cfg.Sessions.Store, a.feed, a.events)
}

// cookiePrefix is the prefix of the cookies of sign-ins under way:
// __Host- on https.
func cookiePrefix(redirect *url.URL) string {
	if redirect.Scheme == "https" {
		return "__Host-"
	}
	return ""
}

// SignInURL returns the path of the sign-in page that comes back to
// returnTo afterwards (when it is a safe path on the app's origin);
// SignInURL("") is the sign-in page itself, e.g. "/auth/signin".
func (a *Auth) SignInURL(returnTo string) string {
	if p, ok := safeReturnTo(returnTo); ok && !a.isAuthPath(pathOf(p)) {
		return a.signInPath + "?return_to=" + url.QueryEscape(p)
	}
	return a.signInPath
}

func pathOf(requestURI string) string {
	p, _, _ := strings.Cut(requestURI, "?")
	return p
}

var errNoProfileID = errors.New("workosauth: profile without id")

// String describes the Auth without its secrets (the client ID, origin and auth path); [Auth.Format] makes every fmt verb print it.
func (a *Auth) String() string {
	return fmt.Sprintf("core.Auth{Origin:%q AuthPath:%q ClientID:%q}", a.origin, a.cfg.Cookies.AuthPath, a.cfg.ClientID)
}
