package workoshttp

import (
	"fmt"
	"net/http"

	"github.com/ssokit/workosauth/adapters/internal/httpx"
	"github.com/ssokit/workosauth/core"
)

// RequireWorkOS returns middleware that lets a request through only with a
// valid session that meets the options (core.RequireRole, ...), and puts
// the session in the request's context. With core.Optional it never
// refuses. OnDenied replaces the default refusal.
func RequireWorkOS(auth *core.Auth, opts ...core.GuardOption) func(http.Handler) http.Handler {
	g := auth.Guard(opts...)
	denied := deniedHandler(g)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			x := &httpx.Exchange{W: w, R: r}
			s, d := g.Check(x)
			if d != nil {
				if denied != nil {
					denied.ServeHTTP(w, r.WithContext(core.WithDenial(r.Context(), d)))
					return
				}
				g.Refuse(x, d)
				return
			}
			if s != nil {
				r = r.WithContext(core.WithSession(r.Context(), s))
			}
			next.ServeHTTP(w, r)
		})
	}
}

// OnDenied makes RequireWorkOS answer refused requests with h instead of
// the default redirect or JSON error; core.DenialFrom(r.Context()) says
// why (401 or 403).
func OnDenied(h http.Handler) core.GuardOption { return core.OnDenied(h) }

func deniedHandler(g *core.Guard) http.Handler {
	switch h := g.DeniedHandler().(type) {
	case nil:
		return nil
	case http.Handler:
		return h
	case func(http.ResponseWriter, *http.Request):
		return http.HandlerFunc(h)
	default:
		panic(fmt.Sprintf("workoshttp: OnDenied needs an http.Handler, got %T (an option of another adapter?)", h))
	}
}

// Handler serves the auth routes wherever it is mounted: .../signin (the
// sign-in page, and the start of a sign-in), .../callback, .../signout and
// .../webhooks (WorkOS's deliveries; 404 without
// core.Config.WebhookSecrets).
func Handler(auth *core.Auth) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth.ServeAuth(&httpx.Exchange{W: w, R: r})
	})
}

// SignIn serves the sign-in page and starts sign-ins.
func SignIn(auth *core.Auth) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { auth.SignIn(&httpx.Exchange{W: w, R: r}) })
}

// Callback finishes sign-ins.
func Callback(auth *core.Auth) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { auth.Callback(&httpx.Exchange{W: w, R: r}) })
}

// SignOut ends the session (POST from the app's own origin).
func SignOut(auth *core.Auth) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { auth.SignOut(&httpx.Exchange{W: w, R: r}) })
}

// Webhooks takes WorkOS's webhook deliveries (POST); see core.Auth.Webhooks.
func Webhooks(auth *core.Auth) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { auth.Webhooks(&httpx.Exchange{W: w, R: r}) })
}

// SwitchOrganization moves the request's AuthKit session to another
// organization the user belongs to (see core.Auth.SwitchOrganization),
// setting the new session cookie on w. Call it before writing the answer.
func SwitchOrganization(auth *core.Auth, w http.ResponseWriter, r *http.Request, organizationID string) (*core.Session, error) {
	return auth.SwitchOrganization(&httpx.Exchange{W: w, R: r}, organizationID)
}

// Profile returns the signed-in user's profile from the request's context.
func Profile(r *http.Request) (core.Profile, bool) { return core.ProfileFrom(r.Context()) }
