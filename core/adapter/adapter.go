// Package adapter is the seam between workosauth's core and a router, for
// the authors of adapters (workoshttp, workoschi, workosgin and workosfiber
// are built on it). App authors never need it: they use their router's
// adapter and package core.
//
// An adapter does three things, each in its router's idiom:
//
//   - implements [Exchange] over its router's request and response;
//   - wraps a [Guard] as middleware: [NewGuard] once at route set-up, then
//     [Guard.Check] per request; a refused request is answered with
//     [Guard.Refuse] (or by the app's own handler, given the refusal with
//     [WithRefusal]), an admitted one goes on with the session in its
//     context ([WithSession]), where core.SessionFrom and core.ProfileFrom
//     find it;
//   - mounts the auth routes: [Routes] lists this Auth's routes with the
//     methods each answers, [Serve] serves them all from one handler
//     wherever it is mounted.
//
// [SwitchOrganization] is the function behind each adapter's own
// SwitchOrganization. The conformance suite (adapters/conformance) proves
// an adapter: every behaviour, on a real server, against the emulator.
package adapter

import (
	"context"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/internal/seam"
)

// engine is what this package needs of core's engine (internal/seam
// explains the link).
type engine interface {
	NewGuard([]core.GuardOption) (any, error)
	Routes() []seam.Route
	Serve(seam.Exchange)
	SwitchOrganization(seam.Exchange, string) (*core.Session, error)
	ServeReady(seam.Exchange)
}

// engineOf returns auth's engine; a nil Auth is a programming error.
func engineOf(auth *core.Auth) engine {
	e, ok := seam.Engine(auth).(engine)
	if !ok {
		panic("adapter: a nil *core.Auth (build one with core.New)")
	}
	return e
}

// coreGuard is core's guard.
type coreGuard interface {
	Check(seam.Exchange) (*core.Session, *core.Error)
	Refuse(seam.Exchange, *core.Error)
}

// Guard decides whether a request may reach a protected route. Build one
// per route (or group) at set-up with [NewGuard]; it is safe for
// concurrent use.
type Guard struct{ g coreGuard }

// NewGuard returns a guard with the options (core.RequireRole,
// core.Optional, ...). An option the Auth's mode does not have is an error
// (wrapping core.ErrConfig) naming it: core.AcceptBearer and
// core.RequirePermission need AuthKit (core.Config.AuthKit.Enabled). Middleware
// constructors return no error: an adapter's RequireWorkOS panics with it
// at route set-up, as regexp.MustCompile does, and documents so.
func NewGuard(auth *core.Auth, opts ...core.GuardOption) (*Guard, error) {
	g, err := engineOf(auth).NewGuard(opts)
	if err != nil {
		return nil, err
	}
	return &Guard{g: g.(coreGuard)}, nil
}

// Check decides one request. It returns the session (nil when signed out,
// with core.Optional) and nil to let the request through, or the refusal:
// an *core.Error with Status 401 (core.CodeUnauthenticated,
// core.CodeReauthenticationRequired, core.CodeInvalidToken), 403
// (core.CodeForbidden) or 503 (core.CodeSessionUnavailable), and its
// SignInURL. It may set headers and cookies on x (a renewed session
// cookie; Cache-Control with core.NoStore), so an adapter calls it before
// anything writes the answer. The auth routes themselves are never
// refused.
func (g *Guard) Check(x Exchange) (*core.Session, *core.Error) { return g.g.Check(x) }

// Refuse writes the default answer to a refusal Check returned: a browser
// navigation without a session is redirected (303) to the sign-in page;
// one refused with 403 or 503 gets the styled page, in the app's words
// (core.Messages), with a sign-out button and a link to sign in as someone
// else (403) or to try again (503); anything else gets the status with a
// JSON body {"error","error_description","sign_in_url"} (and
// WWW-Authenticate on a 401, Retry-After on a 503).
func (g *Guard) Refuse(x Exchange, e *core.Error) { g.g.Refuse(x, e) }

// Route is one of the auth routes.
type Route struct {
	// Name is the route's last path element: "signin", "callback",
	// "signout", "webhooks", "switch-organization" or
	// "select-organization".
	Name string
	// Path is its whole path, under core.Config.Cookies.AuthPath: "/auth/signin".
	// A router group mounted at the auth path takes "/" + Name.
	Path string
	// Methods are the methods it answers, e.g. GET, HEAD and POST for
	// sign-in. Serve answers any other with core's own 405 (JSON for JSON
	// clients) and an Allow header, should the router pass it on.
	Methods []string
	// Serve serves a request to the route.
	Serve func(Exchange)
}

// Routes returns the auth routes this Auth has, each with the methods it
// answers:
//
//	signin               GET, HEAD, POST  the sign-in page, and the start of a sign-in
//	callback             GET, HEAD        the end of a sign-in
//	signout              POST             sign-out, from the app's own origin
//	webhooks             POST             WorkOS's webhook deliveries; only with core.Config.Events.WebhookSecrets
//	switch-organization  POST             AuthKit only: move the session to another organization
//	select-organization  POST             AuthKit only: the organization chooser's choice
//
// An adapter registers each with its router, with its methods.
func Routes(auth *core.Auth) []Route {
	rs := engineOf(auth).Routes()
	out := make([]Route, len(rs))
	for i, r := range rs {
		serve := r.Serve
		out[i] = Route{Name: r.Name, Path: r.Path, Methods: r.Methods, Serve: func(x Exchange) { serve(x) }}
	}
	return out
}

// Serve serves every auth route from one handler, dispatching on the
// last element of the path, so that it works wherever it is mounted
// (workoshttp.Handler is Serve). A route answers a method it does not
// take with core's 405 and Allow; a path that is none of this Auth's
// routes (AuthKit's in SSO mode, webhooks without secrets) gets core's
// 404.
func Serve(auth *core.Auth, x Exchange) { engineOf(auth).Serve(x) }

// ServeReady answers a readiness probe (each adapter's Ready handler):
// 200 {"ready":true} while the Auth can keep its promises, else 503
// {"ready":false,"reasons":[...]} with Retry-After, the reasons as
// core.Auth.Ready names them ("store_unavailable",
// "revocation_feed_not_synced"); never cached; GET and HEAD only (405
// with Allow otherwise). The store's error is logged, never answered.
func ServeReady(auth *core.Auth, x Exchange) { engineOf(auth).ServeReady(x) }

// WithSession returns a context that carries s, the session a guard let
// through: handlers read it with core.SessionFrom and core.ProfileFrom.
func WithSession(ctx context.Context, s *core.Session) context.Context {
	return context.WithValue(ctx, seam.SessionKey, s)
}

// WithRefusal returns a context that carries e, the refusal a guard
// answered with, for the app's own handler of refusals (each adapter's
// OnDenied) to read with core.RefusalFrom.
func WithRefusal(ctx context.Context, e *core.Error) context.Context {
	return context.WithValue(ctx, seam.RefusalKey, e)
}

// SwitchOrganization moves the request's AuthKit session to another
// organization (org_...) the user belongs to, through a refresh with
// organization_id, and sets the new session cookie on x (call it before
// anything writes the answer). It returns the new session. Errors are
// *core.Error: 401 without an AuthKit session
// (core.CodeUnauthenticated), 400 for a malformed ID, 403
// core.CodeNotAMember when WorkOS finds no membership (the session stays
// as it was), 403 with a SignInURL (codes "sso_required",
// "mfa_enrollment") when the user must sign in to that organization
// first, 503 when WorkOS cannot be asked just now, and
// core.Config.SignIn.OnSignIn's refusal of the new profile as
// it answers a sign-in (403 "signin_refused" by default): the session
// then stays in its organization.
func SwitchOrganization(auth *core.Auth, x Exchange, organizationID string) (*core.Session, error) {
	return engineOf(auth).SwitchOrganization(x, organizationID)
}
