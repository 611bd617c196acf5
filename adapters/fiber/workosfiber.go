package workosfiber

import (
	"github.com/gofiber/fiber/v2"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/adapter"
)

// SessionKey is the c.Locals key under which RequireWorkOS stores the
// request's *core.Session. [Profile] and [Session] read it for you; it is
// a string so that views rendered with PassLocalsToViews can use it.
const SessionKey = "workosauth.session"

// RequireWorkOS returns Fiber middleware that lets a request through only
// with a valid session that meets the options (core.RequireRole, ...). The
// session goes into c.Locals (see [Profile] and [SessionKey]) and into
// c.UserContext() (core.ProfileFrom(c.UserContext())). With core.Optional
// it never refuses.
//
// A refused request is answered as everywhere in workosauth: a browser
// navigation without a session is redirected (303) to the sign-in page, a
// signed-in user who fails a requirement gets the refusal page (403),
// anything else a JSON error, and the next handlers do not run.
// [OnDenied] replaces that answer.
//
// An option the Auth's mode does not have (core.AcceptBearer or
// core.RequirePermission without core.Config.AuthKit.Enabled) panics here, at
// route set-up, with an error naming it.
func RequireWorkOS(auth *core.Auth, opts ...core.GuardOption) fiber.Handler {
	return Denied{}.RequireWorkOS(auth, opts...)
}

// Denied is RequireWorkOS with the app's own handler of refusals: see
// [OnDenied].
type Denied struct{ h fiber.Handler }

// OnDenied returns a Denied whose RequireWorkOS answers refused requests
// with h instead of the default redirect, page or JSON error;
// core.RefusalFrom(c.UserContext()) says why (its Status and Code). The
// error h returns goes to the app's ErrorHandler. h must not call c.Next,
// which would run the guarded handlers.
//
//	app.Get("/admin", workosfiber.OnDenied(h).RequireWorkOS(auth, core.RequireRole("admin")), admin)
func OnDenied(h fiber.Handler) Denied { return Denied{h: h} }

// RequireWorkOS is the package's RequireWorkOS, answering refused requests
// with the OnDenied handler.
func (d Denied) RequireWorkOS(auth *core.Auth, opts ...core.GuardOption) fiber.Handler {
	g, err := adapter.NewGuard(auth, opts...)
	if err != nil {
		panic("workosfiber: " + err.Error())
	}
	denied := d.h
	return func(c *fiber.Ctx) error {
		x := &exchange{c: c}
		s, refusal := g.Check(x)
		if refusal != nil {
			if denied != nil {
				c.SetUserContext(adapter.WithRefusal(c.UserContext(), refusal))
				return denied(c)
			}
			g.Refuse(x, refusal)
			return nil
		}
		if s != nil {
			c.Locals(SessionKey, s)
			c.SetUserContext(adapter.WithSession(c.UserContext(), s))
		}
		return c.Next()
	}
}

// Register mounts the auth routes on router, which should be the group of
// the configured auth path (app.Group("/auth") for the default
// .../auth/callback redirect URI): signin (the sign-in page, and the start
// of a sign-in), callback, signout, webhooks (WorkOS's deliveries; only
// with core.Config.Events.WebhookSecrets) and, in AuthKit mode only,
// switch-organization and select-organization. Each route is registered
// for every method (router.All), so that a wrong one gets core's 405 (with
// Allow, and JSON for JSON clients) as on every router, not Fiber's; core
// answers each route's own methods (adapter.Routes lists them).
func Register(router fiber.Router, auth *core.Auth) {
	for _, rt := range adapter.Routes(auth) {
		serve := rt.Serve
		router.All("/"+rt.Name, func(c *fiber.Ctx) error { serve(&exchange{c: c}); return nil })
	}
}

// Session returns the request's session that RequireWorkOS stored, from
// c.Locals or else from c.UserContext(). The session is the caller's to
// keep: nothing in it points into Fiber's request buffers.
func Session(c *fiber.Ctx) (*core.Session, bool) {
	if s, ok := c.Locals(SessionKey).(*core.Session); ok && s != nil {
		return s, true
	}
	return core.SessionFrom(c.UserContext())
}

// Profile returns the signed-in user's profile that RequireWorkOS stored;
// false when the request has no session (signed out, behind
// core.Optional, or not guarded). Unlike most strings from a *fiber.Ctx,
// it stays valid after the handler returns. Its maps and slices are
// shared: read, do not modify.
func Profile(c *fiber.Ctx) (core.Profile, bool) {
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
func SwitchOrganization(c *fiber.Ctx, auth *core.Auth, organizationID string) (*core.Session, error) {
	return adapter.SwitchOrganization(auth, &exchange{c: c}, organizationID)
}
