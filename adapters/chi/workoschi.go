package workoschi

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
)

// RequireWorkOS returns chi middleware (for r.Use, r.With and r.Group)
// that lets a request through only with a valid session that meets the
// options (core.RequireRole, core.RequireOrganization, core.RequireGroup,
// core.Require), and puts the session in the request's context, where
// [Profile] and core.ProfileFrom find it. With core.Optional it never
// refuses; with [OnDenied] refusals are answered by your handler.
//
// Without a session, a browser navigation (GET or HEAD accepting
// text/html) is redirected (303) to the sign-in page with return_to;
// anything else gets 401 with a JSON body. A requirement not met gets 403.
// The auth routes are never refused, so the middleware may guard a whole
// router that also mounts [Routes].
func RequireWorkOS(auth *core.Auth, opts ...core.GuardOption) func(http.Handler) http.Handler {
	return workoshttp.RequireWorkOS(auth, opts...)
}

// OnDenied makes RequireWorkOS answer refused requests with h instead of
// the default redirect or JSON error; core.DenialFrom(r.Context()) says
// why (401 or 403).
func OnDenied(h http.Handler) core.GuardOption { return workoshttp.OnDenied(h) }

// Profile returns the signed-in user's profile that RequireWorkOS put in
// the request's context; the same as core.ProfileFrom(r.Context()).
func Profile(r *http.Request) (core.Profile, bool) { return core.ProfileFrom(r.Context()) }

// Routes returns the auth routes as a chi router, to mount where the
// Config's redirect URI points (r.Mount("/auth", workoschi.Routes(auth))
// for .../auth/callback):
//
//	GET, POST /signin  the sign-in page, and the start of a sign-in
//	GET /callback      the end of a sign-in
//	POST /signout      sign-out
//	POST /webhooks     WorkOS's webhook deliveries (404 without core.Config.WebhookSecrets)
//	POST /switch-organization  AuthKit organization switch (404 in SSO mode)
//	POST /select-organization  AuthKit organization chooser (404 in SSO mode)
//
// Other methods on these paths (HEAD included) are answered by core, as
// they are with workoshttp: HEAD serves the page's headers, and a GET of
// /signout gets core's 405 with Allow: POST rather than chi's empty one.
// (A method chi does not know at all, such as PROPFIND, is refused by the
// router Routes is mounted on, with chi's own 405.)
func Routes(auth *core.Auth) chi.Router {
	h := workoshttp.Handler(auth)
	r := chi.NewRouter()
	r.Method(http.MethodGet, "/signin", h)
	r.Method(http.MethodPost, "/signin", h)
	r.Method(http.MethodGet, "/callback", h)
	r.Method(http.MethodPost, "/signout", h)
	r.Method(http.MethodPost, "/webhooks", h)
	r.Method(http.MethodPost, "/switch-organization", h) // AuthKit; 404 otherwise
	r.Method(http.MethodPost, "/select-organization", h) // AuthKit; 404 otherwise
	r.MethodNotAllowed(h.ServeHTTP)
	return r
}

// SwitchOrganization moves the request's AuthKit session to another
// organization the user belongs to (see core.Auth.SwitchOrganization),
// setting the new session cookie on w. Call it before writing the answer.
func SwitchOrganization(auth *core.Auth, w http.ResponseWriter, r *http.Request, organizationID string) (*core.Session, error) {
	return workoshttp.SwitchOrganization(auth, w, r, organizationID)
}
