package workoschi

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/adapter"
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
// anything else gets 401 with a JSON body. A requirement not met gets 403
// (a browser sees the refusal page). The auth routes are never refused,
// so the middleware may guard a whole router that also mounts [Routes].
//
// An option the Auth's mode does not have (core.AcceptBearer or
// core.RequirePermission without core.Config.AuthKit.Enabled) panics here, at
// route set-up, with an error naming it.
func RequireWorkOS(auth *core.Auth, opts ...core.GuardOption) func(http.Handler) http.Handler {
	return Denied{}.RequireWorkOS(auth, opts...)
}

// Denied is RequireWorkOS with the app's own handler of refusals: see
// [OnDenied].
type Denied struct{ h http.Handler }

// OnDenied returns a Denied whose RequireWorkOS answers refused requests
// with h instead of the default redirect, page or JSON error;
// core.RefusalFrom(r.Context()) says why (its Status and Code):
//
//	r.With(workoschi.OnDenied(h).RequireWorkOS(auth, core.RequireRole("admin"))).Get("/admin", admin)
func OnDenied(h http.Handler) Denied { return Denied{h: h} }

// RequireWorkOS is the package's RequireWorkOS, answering refused requests
// with the OnDenied handler.
func (d Denied) RequireWorkOS(auth *core.Auth, opts ...core.GuardOption) func(http.Handler) http.Handler {
	if d.h == nil {
		return workoshttp.RequireWorkOS(auth, opts...)
	}
	return workoshttp.OnDenied(d.h).RequireWorkOS(auth, opts...)
}

// Profile returns the signed-in user's profile that RequireWorkOS put in
// the request's context; the same as core.ProfileFrom(r.Context()).
func Profile(r *http.Request) (core.Profile, bool) { return core.ProfileFrom(r.Context()) }

// Routes returns the auth routes as a chi router, to mount where the
// Config's redirect URI points (r.Mount("/auth", workoschi.Routes(auth))
// for .../auth/callback), each with the methods it answers:
//
//	GET, HEAD, POST /signin  the sign-in page, and the start of a sign-in
//	GET, HEAD /callback      the end of a sign-in
//	POST /signout            sign-out
//	POST /webhooks           WorkOS's webhook deliveries (with core.Config.Events.WebhookSecrets)
//	POST /switch-organization  AuthKit only: organization switch
//	POST /select-organization  AuthKit only: organization chooser
//
// Another method on these paths gets core's 405 with Allow (JSON for JSON
// clients) rather than chi's empty one. (A method chi does not know at
// all, such as PROPFIND, is refused by the router Routes is mounted on,
// with chi's own 405.)
func Routes(auth *core.Auth) chi.Router {
	h := workoshttp.Handler(auth)
	r := chi.NewRouter()
	for _, rt := range adapter.Routes(auth) {
		for _, m := range rt.Methods {
			r.Method(m, "/"+rt.Name, h)
		}
	}
	r.MethodNotAllowed(h.ServeHTTP)
	return r
}

// SwitchOrganization moves the request's AuthKit session to another
// organization the user belongs to (see adapter.SwitchOrganization for
// its errors: a *core.Error whose Code is core.CodeNotAMember,
// or one with a SignInURL to follow), setting the new session cookie on w. Call it
// before writing the answer.
func SwitchOrganization(auth *core.Auth, w http.ResponseWriter, r *http.Request, organizationID string) (*core.Session, error) {
	return workoshttp.SwitchOrganization(auth, w, r, organizationID)
}
