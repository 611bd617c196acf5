package core

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Guard decides whether a request may reach a protected route. Build one
// with [Auth.Guard]; adapters wrap it as their router's middleware
// (RequireWorkOS).
type Guard struct {
	a        *Auth
	bearer   bool // AcceptBearer
	optional bool
	noStore  bool
	recent   time.Duration // RequireRecentSignIn; 0: any
	checks   []func(*Profile) bool
	onDenied any
}

// GuardOption configures a [Guard].
type GuardOption func(*Guard)

// Optional lets requests without a session through (anonymous, with no
// session in the context) instead of refusing them with 401 or a redirect
// to sign in; the session is loaded when there is one. Requirements given
// with it (RequireRole, RequireOrganization, RequireGroup, Require) still
// apply to signed-in users: one who fails them gets 403, never the page as
// if anonymous nor as if allowed. So Optional() with RequireRole("admin")
// admits admins and anonymous visitors, and refuses signed-in non-admins.
func Optional() GuardOption { return func(g *Guard) { g.optional = true } }

// NoStore marks every answer the guard lets through "Cache-Control:
// private, no-store" and "Vary: Cookie", so that no shared cache (a CDN, a
// proxy) keeps a page made for one user and serves it to another. It costs
// a header or two per request; handlers may still set their own
// Cache-Control after it.
func NoStore() GuardOption { return func(g *Guard) { g.noStore = true } }

// RequireRecentSignIn admits only sessions signed in within maxAge (see
// [Session.SignedInAt]), for sensitive routes: an older session gets 401
// with the code "reauthentication_required" (a browser is sent to the
// sign-in page, which comes back to the route), and keeps its session
// for the routes that do not ask. A Bearer access token ([AcceptBearer])
// passes only when it says when the user authenticated (auth_time)
// within maxAge; it is refused with JSON and "WWW-Authenticate: Bearer
// error="insufficient_user_authentication"", never redirected.
func RequireRecentSignIn(maxAge time.Duration) GuardOption {
	return func(g *Guard) { g.recent = maxAge }
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
	return func(g *Guard) { g.checks = append(g.checks, check) }
}

// OnDenied stores a router-specific handler for refused requests; each
// adapter offers a typed option (workoshttp.OnDenied(http.Handler), ...)
// built on it, and reads it back with [Guard.DeniedHandler].
func OnDenied(h any) GuardOption { return func(g *Guard) { g.onDenied = h } }

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v && v != "" {
			return true
		}
	}
	return false
}

// Guard returns a guard with the options, for an adapter to wrap.
func (a *Auth) Guard(opts ...GuardOption) *Guard {
	g := &Guard{a: a}
	for _, o := range opts {
		o(g)
	}
	return g
}

// DeniedHandler is the handler given with [OnDenied], or nil.
func (g *Guard) DeniedHandler() any { return g.onDenied }

// Denial says why a guard refused a request.
type Denial struct {
	// Status is 401 (no session, or RequireRecentSignIn not met), 403 (a
	// requirement not met) or 503 (the session could not be checked: the
	// session store is unavailable).
	Status int
	// Code is "unauthenticated", "reauthentication_required", "forbidden"
	// or "session_unavailable".
	Code string
	// Message says it in plain words.
	Message string
	// SignInURL is the sign-in page that returns to the refused request.
	SignInURL string

	bearer bool // the request was signed in with a Bearer token: no redirect
}

var denialKey = &ctxKey{"denial"}

// Check decides one request. It returns the session (nil when signed out)
// and nil to let the request through, or a Denial. The auth routes
// themselves are never refused, so that a guard around a whole app cannot
// lock users out of signing in, nor a signed-in user who fails a
// requirement out of signing out or in as someone else; a path is taken
// for one only when it is one both as sent and unescaped, so that
// "/auth%2Fsignin", which a router may hand to a catch-all route, is not
// let through.
func (g *Guard) Check(x Exchange) (*Session, *Denial) {
	s, d := g.check(x)
	if g.noStore && d == nil {
		x.SetHeader("Cache-Control", "private, no-store")
		x.SetHeader("Vary", "Cookie")
	}
	return s, d
}

func (g *Guard) check(x Exchange) (*Session, *Denial) {
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
		return nil, g.a.bearerDenial(x)
	case s == nil && g.optional:
		// Optional admits the anonymous (a session that cannot be checked
		// now included); the requirements below apply to signed-in users,
		// so Optional with RequireRole never lets a member in.
		return nil, nil
	case err != nil:
		return nil, &Denial{Status: http.StatusServiceUnavailable, Code: "session_unavailable", Message: "Your session cannot be checked just now. Please try again in a moment.", SignInURL: g.a.SignInURL(x.RequestURI())}
	case s == nil:
		return nil, &Denial{Status: http.StatusUnauthorized, Code: "unauthenticated", Message: "Sign in to continue.", SignInURL: g.a.SignInURL(x.RequestURI())}
	}
	if g.recent > 0 && (s.signInUnknown || g.a.now().Sub(s.SignedInAt) > g.recent) {
		return s, &Denial{Status: http.StatusUnauthorized, Code: "reauthentication_required", Message: "Sign in again to continue.", SignInURL: g.a.SignInURL(x.RequestURI()), bearer: s.bearer}
	}
	for _, check := range g.checks {
		if !check(&s.Profile) {
			return s, &Denial{Status: http.StatusForbidden, Code: "forbidden", Message: "Your account may not see this page.", SignInURL: g.a.SignInURL(x.RequestURI())}
		}
	}
	return s, nil
}

// Refuse writes the default answer to a denied request: a browser
// navigation (GET or HEAD accepting text/html) without a session is
// redirected (303) to the sign-in page with return_to; anything else gets
// the status with a JSON body {"error","error_description","sign_in_url"}.
func (g *Guard) Refuse(x Exchange, d *Denial) {
	x.SetHeader("Cache-Control", "no-store")
	x.SetHeader("Vary", "Cookie")
	if d.Status == http.StatusUnauthorized && d.Code != codeInvalidToken && !d.bearer && isNavigation(x) {
		redirect(x, http.StatusSeeOther, d.SignInURL)
		return
	}
	if d.Status == http.StatusUnauthorized {
		x.SetHeader("WWW-Authenticate", wwwAuthenticate(d))
	}
	if d.Status == http.StatusServiceUnavailable {
		x.SetHeader("Retry-After", strconv.Itoa(retryAfterUnavailable))
	}
	writeJSON(x, d.Status, map[string]string{"error": d.Code, "error_description": d.Message, "sign_in_url": d.SignInURL})
}

// retryAfterUnavailable is the Retry-After, in seconds, of a 503 for a
// session that could not be checked.
const retryAfterUnavailable = 2

// isNavigation reports whether the request is a browser loading a page.
func isNavigation(x Exchange) bool {
	m := x.Method()
	return (m == http.MethodGet || m == http.MethodHead) && strings.Contains(x.Header("Accept"), "text/html")
}
