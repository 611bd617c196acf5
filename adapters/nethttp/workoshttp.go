package workoshttp

import (
	"net/http"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/adapter"
	"github.com/ssokit/workosauth/internal/httpx"
)

// RequireWorkOS returns middleware that lets a request through only with a
// valid session that meets the options (core.RequireRole, ...), and puts
// the session in the request's context ([Profile], [Session],
// core.ProfileFrom). With core.Optional it never refuses.
//
// A refused request gets the default answer: a browser navigation
// without a session is redirected (303) to the sign-in page with
// return_to, a signed-in user who fails a requirement gets the refusal
// page (403), anything else a JSON error. [OnDenied] replaces that answer.
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
//	workoshttp.OnDenied(h).RequireWorkOS(auth, core.RequireRole("admin"))
func OnDenied(h http.Handler) Denied { return Denied{h: h} }

// RequireWorkOS is the package's RequireWorkOS, answering refused requests
// with the OnDenied handler.
func (d Denied) RequireWorkOS(auth *core.Auth, opts ...core.GuardOption) func(http.Handler) http.Handler {
	g, err := adapter.NewGuard(auth, opts...)
	if err != nil {
		panic("workoshttp: " + err.Error())
	}
	denied := d.h
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			x := &httpx.Exchange{W: w, R: r}
			s, refusal := g.Check(x)
			if refusal != nil {
				if denied != nil {
					denied.ServeHTTP(w, r.WithContext(adapter.WithRefusal(r.Context(), refusal)))
					return
				}
				g.Refuse(x, refusal)
				return
			}
			if s != nil {
				r = r.WithContext(adapter.WithSession(r.Context(), s))
			}
			next.ServeHTTP(w, r)
		})
	}
}

// Handler serves the auth routes wherever it is mounted (mux.Handle("/auth/",
// workoshttp.Handler(auth)) for the default .../auth/callback redirect
// URI): .../signin (the sign-in page, and the start of a sign-in),
// .../callback, .../signout, .../webhooks (WorkOS's deliveries, with
// core.Config.Events.WebhookSecrets) and, in AuthKit mode, .../switch-organization
// and .../select-organization. Each answers the methods it takes, and
// core's 405 (with Allow) for the others; any other path gets core's 404.
func Handler(auth *core.Auth) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		adapter.Serve(auth, &httpx.Exchange{W: w, R: r})
	})
}

// SwitchOrganization moves the request's AuthKit session to another
// organization the user belongs to (see adapter.SwitchOrganization for
// its errors: a *core.Error whose Code is core.CodeNotAMember,
// or one with a SignInURL to follow), setting the new session cookie on w. Call it
// before writing the answer.
func SwitchOrganization(auth *core.Auth, w http.ResponseWriter, r *http.Request, organizationID string) (*core.Session, error) {
	return adapter.SwitchOrganization(auth, &httpx.Exchange{W: w, R: r}, organizationID)
}

// Profile returns the signed-in user's profile from the request's context.
func Profile(r *http.Request) (core.Profile, bool) { return core.ProfileFrom(r.Context()) }
