package workosgin

import (
	"github.com/gin-gonic/gin"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/adapter"
	"github.com/ssokit/workosauth/internal/httpx"
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
// workosauth: a browser navigation without a session is redirected (303)
// to the sign-in page, a signed-in user who fails a requirement gets the
// refusal page (403), anything else a JSON error. [OnDenied] replaces
// that answer.
//
// An option the Auth's mode does not have (core.AcceptBearer or
// core.RequirePermission without core.Config.AuthKit.Enabled) panics here, at
// route set-up, with an error naming it.
func RequireWorkOS(auth *core.Auth, opts ...core.GuardOption) gin.HandlerFunc {
	return Denied{}.RequireWorkOS(auth, opts...)
}

// Denied is RequireWorkOS with the app's own handler of refusals: see
// [OnDenied].
type Denied struct{ h gin.HandlerFunc }

// OnDenied returns a Denied whose RequireWorkOS answers refused requests
// with h instead of the default redirect, page or JSON error;
// core.RefusalFrom(c.Request.Context()) says why (its Status and Code).
// The chain is aborted whatever h does.
//
//	r.GET("/admin", workosgin.OnDenied(h).RequireWorkOS(auth, core.RequireRole("admin")), admin)
func OnDenied(h gin.HandlerFunc) Denied { return Denied{h: h} }

// RequireWorkOS is the package's RequireWorkOS, answering refused requests
// with the OnDenied handler.
func (d Denied) RequireWorkOS(auth *core.Auth, opts ...core.GuardOption) gin.HandlerFunc {
	g, err := adapter.NewGuard(auth, opts...)
	if err != nil {
		panic("workosgin: " + err.Error())
	}
	denied := d.h
	return func(c *gin.Context) {
		x := &httpx.Exchange{W: c.Writer, R: c.Request}
		s, refusal := g.Check(x)
		if refusal != nil {
			c.Abort() // before the denied handler, so that its c.Next runs nothing guarded
			if denied != nil {
				c.Request = c.Request.WithContext(adapter.WithRefusal(c.Request.Context(), refusal))
				denied(c)
				return
			}
			g.Refuse(x, refusal)
			return
		}
		if s != nil {
			c.Set(SessionKey, s)
			c.Request = c.Request.WithContext(adapter.WithSession(c.Request.Context(), s))
		}
		c.Next()
	}
}

// Register mounts the auth routes on rg, which should be the group of the
// configured auth path (r.Group("/auth") for the default .../auth/callback
// redirect URI), each with the methods it answers: signin (GET, HEAD,
// POST: the sign-in page, and the start of a sign-in), callback (GET,
// HEAD), signout (POST), webhooks (POST, WorkOS's deliveries; only with
// core.Config.Events.WebhookSecrets) and, in AuthKit mode only,
// switch-organization and select-organization (POST).
//
// Another method on these paths gets gin's own answer: 404, or with
// engine.HandleMethodNotAllowed gin's 405. For core's 405 instead (with
// Allow, and JSON for JSON clients, as on every other router), add
// [NoMethod]:
//
//	r.HandleMethodNotAllowed = true
//	r.NoMethod(workosgin.NoMethod(auth))
func Register(rg gin.IRoutes, auth *core.Auth) {
	for _, rt := range adapter.Routes(auth) {
		serve := rt.Serve
		rg.Match(rt.Methods, "/"+rt.Name, func(c *gin.Context) { serve(&httpx.Exchange{W: c.Writer, R: c.Request}) })
	}
}

// NoMethod returns the handler for gin's engine.NoMethod that answers a
// request to an auth route with a method the route does not take the way
// core does: 405 with Allow, a JSON error for JSON clients and the
// styled page for browsers. Other requests are left to gin (its 405). It
// needs r.HandleMethodNotAllowed = true (see [Register]).
func NoMethod(auth *core.Auth) gin.HandlerFunc {
	paths := map[string]bool{}
	for _, rt := range adapter.Routes(auth) {
		paths[rt.Path] = true
	}
	return func(c *gin.Context) {
		if paths[c.Request.URL.Path] {
			adapter.Serve(auth, &httpx.Exchange{W: c.Writer, R: c.Request})
		}
	}
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
// organization the user belongs to (see adapter.SwitchOrganization for
// its errors: a *core.Error whose Code is core.CodeNotAMember,
// or one with a SignInURL to follow), setting the new session cookie. Call it
// before writing the answer.
func SwitchOrganization(c *gin.Context, auth *core.Auth, organizationID string) (*core.Session, error) {
	return adapter.SwitchOrganization(auth, &httpx.Exchange{W: c.Writer, R: c.Request}, organizationID)
}
