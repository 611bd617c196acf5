package workosgin

import (
	"fmt"

	"github.com/gin-gonic/gin"

	"github.com/ssokit/workosauth/adapters/internal/httpx"
	"github.com/ssokit/workosauth/core"
)

// SessionKey is the c.Keys key under which RequireWorkOS stores the
// request's *core.Session (c.Get(workosgin.SessionKey)). [Profile] reads it
// for you.
const SessionKey = "workosauth.session"

// RequireWorkOS returns gin middleware that lets a request through only
// with a valid session that meets the options (core.RequireRole, ...). The
// session goes into c.Keys (see [Profile] and [SessionKey]) and into
// c.Request's context (core.ProfileFrom(c.Request.Context())), so that
// plain net/http code further down sees it too. With core.Optional it
// never refuses.
//
// A refused request is answered, and the chain aborted, as everywhere in
// workosauth: a browser navigation is redirected (303) to the sign-in page,
// anything else gets 401 (or 403) with a JSON body. [OnDenied] replaces
// that answer.
func RequireWorkOS(auth *core.Auth, opts ...core.GuardOption) gin.HandlerFunc {
	g := auth.Guard(opts...)
	denied := deniedHandler(g)
	return func(c *gin.Context) {
		x := &httpx.Exchange{W: c.Writer, R: c.Request}
		s, d := g.Check(x)
		if d != nil {
			c.Abort() // before the denied handler, so that its c.Next runs nothing guarded
			if denied != nil {
				c.Request = c.Request.WithContext(core.WithDenial(c.Request.Context(), d))
				denied(c)
				return
			}
			g.Refuse(x, d)
			return
		}
		if s != nil {
			c.Set(SessionKey, s)
			c.Request = c.Request.WithContext(core.WithSession(c.Request.Context(), s))
		}
		c.Next()
	}
}

// OnDenied makes RequireWorkOS answer refused requests with h instead of
// the default redirect or JSON error; core.DenialFrom(c.Request.Context())
// says why (401 or 403). The chain is aborted whatever h does.
func OnDenied(h gin.HandlerFunc) core.GuardOption { return core.OnDenied(h) }

func deniedHandler(g *core.Guard) gin.HandlerFunc {
	switch h := g.DeniedHandler().(type) {
	case nil:
		return nil
	case gin.HandlerFunc:
		return h
	case func(*gin.Context):
		return h
	default:
		panic(fmt.Sprintf("workosgin: OnDenied needs a gin.HandlerFunc, got %T (an option of another adapter?)", h))
	}
}

// Register mounts the auth routes on rg, which should be the group of the
// configured auth path (r.Group("/auth") for the default
// .../auth/callback redirect URI): signin (the sign-in page, and the start
// of a sign-in), callback, signout, webhooks (WorkOS's deliveries; 404
// without core.Config.WebhookSecrets), switch-organization and
// select-organization (AuthKit). Each route takes every method, so
// that a wrong one gets the same 405 (with Allow) as on every router.
func Register(rg gin.IRoutes, auth *core.Auth) {
	rg.Any("/signin", SignIn(auth))
	rg.Any("/callback", Callback(auth))
	rg.Any("/signout", SignOut(auth))
	rg.Any("/switch-organization", SwitchOrganizationRoute(auth))
	rg.Any("/select-organization", SelectOrganizationRoute(auth))
	rg.Any("/webhooks", Webhooks(auth))
}

// Webhooks takes WorkOS's webhook deliveries (POST); see core.Auth.Webhooks.
func Webhooks(auth *core.Auth) gin.HandlerFunc {
	return func(c *gin.Context) { auth.Webhooks(&httpx.Exchange{W: c.Writer, R: c.Request}) }
}

// SignIn serves the sign-in page (GET) and starts sign-ins (GET with a
// selector, or POST of the page's form).
func SignIn(auth *core.Auth) gin.HandlerFunc {
	return func(c *gin.Context) { auth.SignIn(&httpx.Exchange{W: c.Writer, R: c.Request}) }
}

// Callback finishes sign-ins (GET).
func Callback(auth *core.Auth) gin.HandlerFunc {
	return func(c *gin.Context) { auth.Callback(&httpx.Exchange{W: c.Writer, R: c.Request}) }
}

// SwitchOrganizationRoute switches an AuthKit session's organization
// (POST from the app's own origin, with organization_id; 404 in SSO mode).
func SwitchOrganizationRoute(auth *core.Auth) gin.HandlerFunc {
	return func(c *gin.Context) { auth.SwitchOrganizationRoute(&httpx.Exchange{W: c.Writer, R: c.Request}) }
}

// SelectOrganizationRoute takes the AuthKit organization chooser's choice
// (POST from the app's own origin; 404 in SSO mode).
func SelectOrganizationRoute(auth *core.Auth) gin.HandlerFunc {
	return func(c *gin.Context) { auth.SelectOrganizationRoute(&httpx.Exchange{W: c.Writer, R: c.Request}) }
}

// SignOut ends the session (POST from the app's own origin).
func SignOut(auth *core.Auth) gin.HandlerFunc {
	return func(c *gin.Context) { auth.SignOut(&httpx.Exchange{W: c.Writer, R: c.Request}) }
}

// Session returns the request's session that RequireWorkOS stored, from
// c.Keys or else from c.Request's context.
func Session(c *gin.Context) (*core.Session, bool) {
	if v, ok := c.Get(SessionKey); ok {
		if s, ok := v.(*core.Session); ok && s != nil {
			return s, true
		}
	}
	if c.Request == nil {
		return nil, false
	}
	return core.SessionFrom(c.Request.Context())
}

// Profile returns the signed-in user's profile that RequireWorkOS stored;
// false when the request has no session (signed out, behind
// core.Optional, or not guarded). Its maps and slices are shared: read, do
// not modify.
func Profile(c *gin.Context) (core.Profile, bool) {
	s, ok := Session(c)
	if !ok {
		return core.Profile{}, false
	}
	return s.Profile, true
}

// SwitchOrganization moves the request's AuthKit session to another
// organization the user belongs to (see core.Auth.SwitchOrganization),
// setting the new session cookie. Call it before writing the answer.
func SwitchOrganization(c *gin.Context, auth *core.Auth, organizationID string) (*core.Session, error) {
	return auth.SwitchOrganization(&httpx.Exchange{W: c.Writer, R: c.Request}, organizationID)
}
