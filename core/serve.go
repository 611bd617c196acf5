package core

import (
	"net/http"
	"path"
)

// ServeAuth serves the auth routes: sign-in (GET: the page, or with a
// selector the start of a sign-in; POST: the page's form), callback,
// sign-out (POST), with [Config.WebhookSecrets] WorkOS's webhook
// deliveries (POST, see [Auth.Webhooks]) and, in AuthKit mode,
// switch-organization and select-organization (POST). It dispatches on
// the last element of the path, so it works wherever the adapter mounts
// it; anything else is 404.
func (a *Auth) ServeAuth(x Exchange) {
	switch path.Base(x.Path()) {
	case routeSignIn:
		a.signIn(x)
	case routeCallback:
		a.callback(x)
	case routeSignOut:
		a.signOut(x)
	case routeWebhooks:
		a.webhooks(x)
	case routeSwitchOrganization:
		a.switchOrganization(x)
	case routeSelectOrganization:
		a.selectOrganization(x)
	default:
		a.fail(x, userError(http.StatusNotFound, "not_found", "There is no such sign-in page."))
	}
}

// SignIn serves the sign-in route alone.
func (a *Auth) SignIn(x Exchange) { a.signIn(x) }

// Callback serves the callback route alone.
func (a *Auth) Callback(x Exchange) { a.callback(x) }

// SignOut serves the sign-out route alone.
func (a *Auth) SignOut(x Exchange) { a.signOut(x) }

// SwitchOrganizationRoute serves the AuthKit organization switch route
// alone (POST <AuthPath>/switch-organization; 404 in SSO mode).
func (a *Auth) SwitchOrganizationRoute(x Exchange) { a.switchOrganization(x) }

// SelectOrganizationRoute serves the AuthKit organization chooser's form
// alone (POST <AuthPath>/select-organization; 404 in SSO mode).
func (a *Auth) SelectOrganizationRoute(x Exchange) { a.selectOrganization(x) }
