package core

import (
	"context"
	"net/http"
	"path"

	"github.com/ssokit/workosauth/core/internal/telemetry"
	"github.com/ssokit/workosauth/internal/seam"
)

// engine is what core offers the packages behind its one internal link
// (internal/seam): core/adapter and workostest. Its methods are exported
// so that their interfaces can name them, and unseen on core's page since
// the type is not.
type engine Auth

func init() { seam.Engine = engineOf }

// engineOf is seam.Engine: the engine of an *Auth, nil for anything else.
func engineOf(auth any) any {
	if a, ok := auth.(*Auth); ok && a != nil {
		return (*engine)(a)
	}
	return nil
}

func (e *engine) auth() *Auth { return (*Auth)(e) }

// NewGuard returns a guard (*guard, whose Check and Refuse an adapter
// calls), or an error for an option the Auth's mode does not have.
func (e *engine) NewGuard(opts []GuardOption) (any, error) {
	g, err := e.auth().newGuard(opts)
	if err != nil {
		return nil, err
	}
	return g, nil
}

// routeMaker makes a route of the auth path: its name (the last element
// of its path), what serves it and the methods it answers.
type routeMaker func(name string, serve func(exchange), methods ...string) seam.Route

// Routes lists the auth routes this Auth has: sign-in, callback and
// sign-out; webhooks with Config.Events.WebhookSecrets; and the mode's
// own (AuthKit's switch-organization and select-organization). Each comes
// with the methods it answers.
func (e *engine) Routes() []seam.Route {
	a := e.auth()
	var route routeMaker = func(name string, serve func(exchange), methods ...string) seam.Route {
		return seam.Route{Name: name, Path: a.cfg.Cookies.AuthPath + "/" + name, Methods: methods, Serve: serve}
	}
	rs := []seam.Route{
		route(routeSignIn, a.traced(telemetry.FlowSignIn, a.signIn), http.MethodGet, http.MethodHead, http.MethodPost),
		route(routeCallback, a.traced(telemetry.FlowCallback, a.callback), http.MethodGet, http.MethodHead),
		route(routeSignOut, a.traced(telemetry.FlowSignOut, a.signOut), http.MethodPost),
	}
	if len(a.cfg.Events.WebhookSecrets) > 0 {
		rs = append(rs, route(routeWebhooks, a.traced(telemetry.FlowWebhook, a.webhooks), http.MethodPost))
	}
	return append(rs, a.mode.routes(route)...)
}

// Serve serves the auth routes, dispatching on the last element of the
// path, so that it works wherever the adapter mounts them. A route takes
// the methods it answers and answers 405 (with Allow) for the others;
// anything that is not one of this Auth's routes is 404.
func (e *engine) Serve(x seam.Exchange) {
	a := e.auth()
	name := path.Base(x.Path())
	for _, r := range e.Routes() {
		if r.Name == name {
			r.Serve(x)
			return
		}
	}
	if name == routeWebhooks {
		a.webhooks(x) // without secrets: the webhook route's own 404, which WorkOS reads
		return
	}
	a.fail(x, userError(http.StatusNotFound, "not_found", "There is no such sign-in page."))
}

// ServeReady answers a readiness probe (the adapters' Ready handlers):
// see Auth.serveReady.
func (e *engine) ServeReady(x seam.Exchange) { e.auth().serveReady(x) }

// SwitchOrganization is the adapters' SwitchOrganization: see
// Auth.switchTo.
func (e *engine) SwitchOrganization(x seam.Exchange, organizationID string) (*Session, error) {
	return e.auth().switchTo(x, organizationID)
}

// SessionCookies returns a new session for p and its cookies, as the
// callback would set them (workostest.SignIn).
func (e *engine) SessionCookies(ctx context.Context, p Profile) (*Session, []*http.Cookie, error) {
	return e.auth().sessionCookies(ctx, p)
}

// AuthKitSessionCookies returns a new AuthKit session and its cookies
// for what WorkOS's /user_management/authenticate answered: k's user,
// organization, method, impersonator and access token, and the refresh
// token (workostest.Server.AuthKitSignIn). k's claims are read from its
// verified access token.
func (e *engine) AuthKitSessionCookies(ctx context.Context, k AuthKitSession, refreshToken string) (*Session, []*http.Cookie, error) {
	return e.auth().authKitSessionCookies(ctx, k, refreshToken)
}
