// Package conformance is the behaviour every workosauth adapter must have,
// written once. An adapter's tests call [Run] with an [Adapter] that
// builds the standard test app in its router's idiom; an adapter that
// behaves differently from the others fails. A new router gets every test
// by implementing Adapter.
package conformance

import (
	"errors"
	"net/http"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/adapter"
)

// Adapter builds the standard test app with one router adapter.
type Adapter interface {
	// Name is the router's name, used in test names.
	Name() string
	// Handler returns the standard app wired with the adapter, as an
	// http.Handler (a router that is not net/http is bridged, e.g. Fiber
	// through app.Test). The routes, each in the router's own idiom:
	//
	//	/auth/...      the adapter's auth handlers (sign-in page, sign-in, callback, sign-out,
	//	               and POST /auth/webhooks, WorkOS's deliveries)
	//	GET /          public: 200 "public"
	//	GET /dashboard RequireWorkOS(auth): 200 "dashboard " + the profile's email, read the router's way
	//	               (workoshttp.Profile(r), workosgin.Profile(c), workosfiber.Profile(c), core.ProfileFrom for chi)
	//	GET /api/me    RequireWorkOS(auth): 200, the profile as JSON (encoding/json of core.Profile)
	//	GET /ctx       RequireWorkOS(auth): 200 "ctx " + the email read with core.ProfileFrom from the plain
	//	               context.Context the router gives downstream net/http-style code
	//	               (r.Context(); gin: c.Request.Context(); fiber: c.UserContext())
	//	GET /session   RequireWorkOS(auth): 200 "session " + the email, read from the session the adapter's
	//	               Session function returns (workoshttp.Session(r), workoschi.Session(r),
	//	               workosgin.Session(c), workosfiber.Session(c)), + " with id" when its ID is set
	//	GET /optional  RequireWorkOS(auth, core.Optional()): 200 "optional " + email, or "optional anonymous"
	//	GET /optional-admin
	//	               RequireWorkOS(auth, core.Optional(), core.RequireRole("admin")): 200
	//	               "optional-admin " + email, or "optional-admin anonymous"
	//	GET /admin     RequireWorkOS(auth, core.RequireRole("admin")): 200 "admin"
	//	GET /acme      RequireWorkOS(auth, core.RequireOrganization(AcmeOrg)): 200 "acme"
	//	GET /eng       RequireWorkOS(auth, core.RequireGroup("Engineering")): 200 "eng"
	//	GET /custom    <adapter>.OnDenied(h).RequireWorkOS(auth): h answers 418 with the body
	//	               "denied " + the core.RefusalFrom code (read from the router's context)
	//	POST /api/echo RequireWorkOS(auth): 200 "echo " + email (a guarded non-GET)
	//	GET /api/token in AuthKit mode only ([AuthKit]): RequireWorkOS(auth, core.AcceptBearer()):
	//	               200 "token " + the AuthKit user ID, read with core.AuthKitFrom from the plain
	//	               context (as /ctx)
	//	GET /perm      in AuthKit mode only: RequireWorkOS(auth, core.RequirePermission("widgets:write")):
	//	               200 "perm"
	//	GET /readyz    the adapter's readiness handler (workoshttp.Ready(auth), workoschi.Ready(auth),
	//	               workosgin.Ready(auth), workosfiber.Ready(auth)), HEAD too
	//	POST /api/switch  the adapter's SwitchOrganization function with the form's organization_id
	//	               (no guard): 200 "switched " + the new session's organization, or on an error
	//	               (a *core.Error) its Status with its Code as the body
	//
	// In AuthKit mode the auth routes include /auth/switch-organization
	// and /auth/select-organization (POST; the adapter's Handler, Routes
	// or Register mounts them).
	//
	// As http.ServeMux does, the app answers HEAD on its GET routes like
	// GET (chi: middleware.GetHead), and a method an auth route does not
	// take gets core's own 405 (JSON for JSON clients, and Allow), not
	// the router's (gin: workosgin.NoMethod). POST /auth/webhooks reaches
	// core with its body unread.
	Handler(auth *core.Auth) http.Handler
}

// AcmeOrg is the organization /acme requires: the demo seed's Acme.
const AcmeOrg = "org_01DEMOACME"

// SwitchAnswer is what the standard app's POST /api/switch answers for
// the outcome of the adapter's SwitchOrganization: 200 "switched " + the
// new organization; a *core.Error's Status with its Code; 502 for any
// other error. Each adapter writes it the router's way.
func SwitchAnswer(s *core.Session, err error) (status int, body string) {
	var e *core.Error
	switch {
	case errors.As(err, &e):
		return e.Status, e.Code
	case err != nil:
		return http.StatusBadGateway, ""
	}
	return http.StatusOK, "switched " + s.AuthKit.OrganizationID
}

// AuthKit reports whether auth signs in through AuthKit, for the routes
// the standard app has only in that mode: the AuthKit-only guard options
// (core.AcceptBearer, core.RequirePermission) make RequireWorkOS panic on
// an SSO Auth.
func AuthKit(auth *core.Auth) bool {
	for _, r := range adapter.Routes(auth) {
		if r.Name == "switch-organization" {
			return true
		}
	}
	return false
}
