package core

import (
	"errors"
	"net/http"
	"time"

	"github.com/ssokit/workosauth/core/internal/telemetry"
)

// guard decides whether a request may reach a protected route. Adapters
// build one through core/adapter (adapter.NewGuard) and wrap it as their
// router's middleware (RequireWorkOS).
type guard struct {
	a        *Auth
	bearer   bool // AcceptBearer
	optional bool
	noStore  bool
	recent   time.Duration // RequireRecentSignIn; 0: any
	checks   []func(*Profile) bool
	authKit  []string // the AuthKit-only options given, by name
}

// GuardOption configures a guard: the options are given to an adapter's
// RequireWorkOS (workoshttp.RequireWorkOS(auth, core.RequireRole("admin"))).
type GuardOption struct {
	apply   func(*guard)
	authKit string // the option's name when it needs AuthKit (Config.AuthKit.Enabled)
}

// Optional lets requests without a session through (anonymous, with no
// session in the context) instead of refusing them with 401 or a redirect
// to sign in; the session is loaded when there is one. Requirements given
// with it (RequireRole, RequireOrganization, RequireGroup, Require) still
// apply to signed-in users: one who fails them gets 403, never the page as
// if anonymous nor as if allowed. So Optional() with RequireRole("admin")
// admits admins and anonymous visitors, and refuses signed-in non-admins.
func Optional() GuardOption { return GuardOption{apply: func(g *guard) { g.optional = true }} }

// NoStore marks every answer the guard lets through "Cache-Control:
// private, no-store" and "Vary: Cookie", so that no shared cache (a CDN, a
// proxy) keeps a page made for one user and serves it to another. It costs
// a header or two per request; handlers may still set their own
// Cache-Control after it.
func NoStore() GuardOption { return GuardOption{apply: func(g *guard) { g.noStore = true }} }

// RequireRecentSignIn admits only sessions signed in within maxAge (see
// [Session.SignedInAt]), for sensitive routes: an older session gets 401
// with the code [CodeReauthenticationRequired] (a browser is sent to the
// sign-in page, which comes back to the route), and keeps its session for
// the routes that do not ask. A Bearer access token ([AcceptBearer])
// passes only when it says when the user authenticated (auth_time)
// within maxAge; it is refused with JSON and "WWW-Authenticate: Bearer
// error="insufficient_user_authentication"", never redirected.
func RequireRecentSignIn(maxAge time.Duration) GuardOption {
	return GuardOption{apply: func(g *guard) { g.recent = maxAge }}
}

// RequireOrganization admits only members of one of the organizations
// (org_...); others get 403.
func RequireOrganization(ids ...string) GuardOption {
	return require(func(p *Profile) bool { return contains(ids, p.OrganizationID) })
}

// RequireRole admits only users with one of the role slugs (in Role or
// Roles); others get 403. Roles are per organization: "admin" in one
// customer's organization says nothing about another's. Where a role
// grants something, pair it with [RequireOrganization].
func RequireRole(slugs ...string) GuardOption {
	return require(func(p *Profile) bool {
		for _, s := range slugs {
			if p.HasRole(s) {
				return true
			}
		}
		return false
	})
}

// RequireGroup admits only users in one of the groups; others get 403.
// Groups are what each organization's identity provider sends, named as
// it likes: pair a group check with [RequireOrganization].
func RequireGroup(groups ...string) GuardOption {
	return require(func(p *Profile) bool {
		for _, gr := range groups {
			if p.InGroup(gr) {
				return true
			}
		}
		return false
	})
}

// Require admits only users for whom allow returns true; others get 403.
// Several requirements must all hold.
func Require(allow func(p *Profile) bool) GuardOption { return require(allow) }

func require(check func(*Profile) bool) GuardOption {
	return GuardOption{apply: func(g *guard) { g.checks = append(g.checks, check) }}
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v && v != "" {
			return true
		}
	}
	return false
}

// newGuard returns a guard with the options. An option that needs AuthKit
// given to an Auth that signs in through SSO is an error (wrapping
// [ErrConfig]) naming it: it would otherwise do nothing (AcceptBearer) or
// refuse everyone (RequirePermission), silently.
func (a *Auth) newGuard(opts []GuardOption) (*guard, error) {
	g := &guard{a: a}
	for _, o := range opts {
		if o.apply != nil {
			o.apply(g)
		}
		if o.authKit != "" && !contains(g.authKit, o.authKit) {
			g.authKit = append(g.authKit, o.authKit)
		}
	}
	if err := a.mode.guardOptions(g.authKit); err != nil {
		return nil, err
	}
	return g, nil
}

// Check decides one request. It returns the session (nil when signed out)
// and nil to let the request through, or the refusal. The auth routes
// themselves are never refused, so that a guard around a whole app cannot
// lock users out of signing in, nor a signed-in user who fails a
// requirement out of signing out or in as someone else; a path is taken
// for one only when it is one both as sent and unescaped, so that
// "/auth%2Fsignin", which a router may hand to a catch-all route, is not
// let through.
func (g *guard) Check(x exchange) (*Session, *Error) {
	s, e := g.check(x)
	g.a.decide(x, e)
	if g.noStore && e == nil {
		x.SetHeader("Cache-Control", "private, no-store")
		x.SetHeader("Vary", "Cookie")
	}
	return s, e
}

func (g *guard) check(x exchange) (*Session, *Error) {
	s, err := g.session(x) // authkit_guard.go: a Bearer token, or the cookie
	if s != nil && len(g.checks) == 0 && g.recent == 0 {
		// Signed in with nothing more to check: what the code below would
		// answer too, without looking at the path (the hot path).
		return s, nil
	}
	if g.a.isAuthPath(x.Path()) && g.a.isAuthPath(pathOf(x.RequestURI())) {
		return s, nil
	}
	switch {
	case errors.Is(err, errBadToken):
		return nil, g.a.bearerRefusal(x)
	case s == nil && g.optional:
		// Optional admits the anonymous (a session that cannot be checked
		// now included); the requirements below apply to signed-in users,
		// so Optional with RequireRole never lets a member in.
		return nil, nil
	case err != nil:
		return nil, &Error{Status: http.StatusServiceUnavailable, Code: CodeSessionUnavailable, Message: "Your session cannot be checked just now. Please try again in a moment.", SignInURL: g.a.SignInURL(x.RequestURI()), Err: err}
	case s == nil:
		return nil, &Error{Status: http.StatusUnauthorized, Code: CodeUnauthenticated, Message: "Sign in to continue.", SignInURL: g.a.SignInURL(x.RequestURI())}
	}
	if g.recent > 0 && (s.signInUnknown || g.a.now().Sub(s.SignedInAt) > g.recent) {
		return s, &Error{Status: http.StatusUnauthorized, Code: CodeReauthenticationRequired, Message: "Sign in again to continue.", SignInURL: g.a.SignInURL(x.RequestURI()), bearer: s.bearer}
	}
	for _, check := range g.checks {
		if !check(&s.Profile) {
			return s, &Error{Status: http.StatusForbidden, Code: CodeForbidden, Message: "Your account may not see this page.", SignInURL: g.a.SignInURL(x.RequestURI()), bearer: s.bearer, email: s.Profile.Email}
		}
	}
	return s, nil
}

// session returns the request's Bearer session when the guard accepts
// them and the request sends one, else its cookie session. A Bearer token
// that does not verify is errBadToken.
func (g *guard) session(x exchange) (*Session, error) {
	if g.bearer {
		if token, ok := bearerToken(x.Header("Authorization")); ok {
			s, err := g.a.bearerSession(x.Context(), token)
			if errors.Is(err, errJWKSUnavailable) {
				g.a.log.Warn("workosauth: a Bearer token could not be checked", "error", err)
				return nil, ErrStoreUnavailable
			}
			return s, err
		}
	}
	return g.a.loadSession(x)
}

// decide counts a guard's decision. It allocates nothing.
func (a *Auth) decide(x exchange, e *Error) {
	d := telemetry.GuardAllowed
	if e != nil {
		d = telemetry.GuardDenial(e.Code)
	}
	a.tel.Guard(x.Context(), d)
}
