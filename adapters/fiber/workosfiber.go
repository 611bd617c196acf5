package workosfiber

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/ssokit/workosauth/core"
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
// navigation is redirected (303) to the sign-in page, anything else gets
// 401 (or 403) with a JSON body, and the next handlers do not run.
// [OnDenied] replaces that answer.
func RequireWorkOS(auth *core.Auth, opts ...core.GuardOption) fiber.Handler {
	g := auth.Guard(opts...)
	denied := deniedHandler(g)
	return func(c *fiber.Ctx) error {
		x := &exchange{c: c}
		s, d := g.Check(x)
		if d != nil {
			if denied != nil {
				c.SetUserContext(core.WithDenial(c.UserContext(), d))
				return denied(c)
			}
			g.Refuse(x, d)
			return nil
		}
		if s != nil {
			c.Locals(SessionKey, s)
			c.SetUserContext(core.WithSession(c.UserContext(), s))
		}
		return c.Next()
	}
}

// OnDenied makes RequireWorkOS answer refused requests with h instead of
// the default redirect or JSON error; core.DenialFrom(c.UserContext())
// says why (401 or 403). The error h returns goes to the app's
// ErrorHandler. h must not call c.Next, which would run the guarded
// handlers.
func OnDenied(h fiber.Handler) core.GuardOption { return core.OnDenied(h) }

func deniedHandler(g *core.Guard) fiber.Handler {
	switch h := g.DeniedHandler().(type) {
	case nil:
		return nil
	case fiber.Handler:
		return h
	default:
		panic(fmt.Sprintf("workosfiber: OnDenied needs a fiber.Handler, got %T (an option of another adapter?)", h))
	}
}

// Register mounts the auth routes on router, which should be the group of
// the configured auth path (app.Group("/auth") for the default
// .../auth/callback redirect URI): signin (the sign-in page, and the start
// of a sign-in), callback, signout, webhooks (WorkOS's deliveries; 404
// without core.Config.WebhookSecrets), switch-organization and
// select-organization (AuthKit). Each route takes every method, so
// that a wrong one gets the same 405 (with Allow) as on every router.
func Register(router fiber.Router, auth *core.Auth) {
	router.All("/signin", SignIn(auth))
	router.All("/callback", Callback(auth))
	router.All("/signout", SignOut(auth))
	router.All("/switch-organization", SwitchOrganizationRoute(auth))
	router.All("/select-organization", SelectOrganizationRoute(auth))
	router.All("/webhooks", Webhooks(auth))
}

// Webhooks takes WorkOS's webhook deliveries (POST); see core.Auth.Webhooks.
func Webhooks(auth *core.Auth) fiber.Handler {
	return func(c *fiber.Ctx) error { auth.Webhooks(&exchange{c: c}); return nil }
}

// SignIn serves the sign-in page (GET) and starts sign-ins (GET with a
// selector, or POST of the page's form).
func SignIn(auth *core.Auth) fiber.Handler {
	return func(c *fiber.Ctx) error { auth.SignIn(&exchange{c: c}); return nil }
}

// Callback finishes sign-ins (GET).
func Callback(auth *core.Auth) fiber.Handler {
	return func(c *fiber.Ctx) error { auth.Callback(&exchange{c: c}); return nil }
}

// SwitchOrganizationRoute switches an AuthKit session's organization
// (POST from the app's own origin, with organization_id; 404 in SSO mode).
func SwitchOrganizationRoute(auth *core.Auth) fiber.Handler {
	return func(c *fiber.Ctx) error { auth.SwitchOrganizationRoute(&exchange{c: c}); return nil }
}

// SelectOrganizationRoute takes the AuthKit organization chooser's choice
// (POST from the app's own origin; 404 in SSO mode).
func SelectOrganizationRoute(auth *core.Auth) fiber.Handler {
	return func(c *fiber.Ctx) error { auth.SelectOrganizationRoute(&exchange{c: c}); return nil }
}

// SignOut ends the session (POST from the app's own origin).
func SignOut(auth *core.Auth) fiber.Handler {
	return func(c *fiber.Ctx) error { auth.SignOut(&exchange{c: c}); return nil }
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
// organization the user belongs to (see core.Auth.SwitchOrganization),
// setting the new session cookie. Call it before writing the answer.
func SwitchOrganization(c *fiber.Ctx, auth *core.Auth, organizationID string) (*core.Session, error) {
	return auth.SwitchOrganization(&exchange{c: c}, organizationID)
}
