package core

import (
	"context"
	"net/http"
	"time"

	"github.com/ssokit/workosauth/core/events"
	"github.com/ssokit/workosauth/core/internal/telemetry"
	"github.com/ssokit/workosauth/core/internal/workosapi"
	"github.com/ssokit/workosauth/internal/seam"
	"golang.org/x/oauth2"
)

// authKitMode signs in through AuthKit, WorkOS's User Management:
// /user_management/authorize and /user_management/authenticate. A session
// carries an access token, kept fresh with a single-use refresh token, and
// a session at WorkOS that sign-out ends; users may belong to several
// organizations and switch between them.
type authKitMode struct{ a *Auth }

// providerAuthKit is the provider of AuthKit's hosted page.
const providerAuthKit = "authkit"

// hostedPage: AuthKit's, for a sign-in with no selector.
func (authKitMode) hostedPage() bool { return true }

// authorizeURL is /user_management/authorize for the selector: the
// hosted page for a zero one, on its sign-up form for
// ?screen_hint=sign-up.
func (m authKitMode) authorizeURL(x exchange, f *flow, sel Selector, req *signInRequest, hint string) (string, error) {
	p := workosapi.AuthKitAuthorizeParams{
		State:          f.State,
		CodeChallenge:  oauth2.S256ChallengeFromVerifier(f.Verifier),
		ConnectionID:   sel.Connection,
		OrganizationID: sel.Organization,
		Provider:       sel.Provider,
		LoginHint:      hint,
		DomainHint:     req.resolvedDomain,
		Prompt:         m.a.cfg.SignIn.Prompt,
		RedirectURI:    m.a.originFor(x).redirectURI, // deploy.go: the one of the request's origin
	}
	if sel == (Selector{}) {
		p.Provider = providerAuthKit
	}
	if p.Provider == providerAuthKit {
		if v, _ := one(x, "screen_hint"); v == "sign-up" {
			p.ScreenHint = v
		}
	}
	return m.a.client.AuthKitAuthorizeURL(p)
}

// exchange redeems the code at /user_management/authenticate: the user,
// organization and tokens, checked (authkit_signin.go). The sign-in is
// bound by organization only, and the profile is not mapped: it is read
// from the user and the access token's claims.
func (m authKitMode) exchange(ctx context.Context, code, verifier string) (grant, error) {
	res, err := m.a.client.AuthenticateCode(ctx, code, verifier)
	if err != nil {
		return grant{}, authKitError(err)
	}
	k, err := m.a.authKitSession(ctx, res)
	if err != nil { // a configuration error too: a sign-in is refused with it
		return grant{}, err
	}
	return grant{profile: authKitProfile(k), orgOnly: true, userID: k.User.ID, authKit: k}, nil
}

// chooseOrganization shows the organization chooser for
// organization_selection_required (authkit_select.go).
func (m authKitMode) chooseOrganization(x exchange, err error) bool {
	return m.a.chooseOrganization(x, err)
}

// admit verifies a stored session's access token once per process, and
// marks it for refresh when a revocation asked for one (authkit_match.go).
// Sessions without an AuthKit part (workostest.SignIn's) pass as they are.
func (m authKitMode) admit(ctx context.Context, s *Session) (bool, error) {
	if s.AuthKit == nil {
		return true, nil
	}
	if ok, err := m.a.checkAuthKit(ctx, s); !ok {
		return false, err
	}
	m.a.markRefresh(s)
	return true, nil
}

// cached puts in the cache, instead of s, the session that replaced it
// when s's refresh token was spent here meanwhile (authkit_spent.go), and
// drops s when a refresh mark arrived meanwhile (authkit_match.go).
func (m authKitMode) cached(token string, s *Session, window time.Duration) {
	a := m.a
	if n := a.replacedSession(token, s); n != nil {
		a.sessions.Set(token, newCachedSession(n, a.now(), window, a.resets.Load()), n.ExpiresAt)
	}
	a.raceRefresh(token, s)
}

// fresh refreshes a session whose access token has expired
// (authkit_refresh.go).
func (m authKitMode) fresh(x exchange, token string, s *Session, now time.Time) (*Session, error) {
	return m.a.freshAuthKit(x, token, s, now)
}

// afterSignOut goes through WorkOS's logout URL, which ends the WorkOS
// session (so that the next sign-in does not silently reuse it), back to
// Config.Sessions.AfterSignOutPath.
func (m authKitMode) afterSignOut(x exchange, s *Session) string {
	a := m.a
	if s == nil || s.AuthKit == nil || s.AuthKit.Claims.SessionID == "" {
		return a.cfg.Sessions.AfterSignOutPath
	}
	return a.client.LogoutURL(s.AuthKit.Claims.SessionID, a.originFor(x).origin+a.cfg.Sessions.AfterSignOutPath)
}

// eventMatches: AuthKit's session, user, membership and role events
// (authkit_events.go).
func (m authKitMode) eventMatches(e *events.Event) []Match { return m.a.authKitMatches(e) }

// revokeUser revokes the user's WorkOS sessions (authkit_revoke.go), so
// that the hosted page does not sign them straight back in.
func (m authKitMode) revokeUser(ctx context.Context, userID string) error {
	if userID == "" {
		return nil
	}
	return m.a.revokeWorkOSSessions(ctx, userID)
}

// guardOptions: AuthKit has every guard option.
func (authKitMode) guardOptions([]string) error { return nil }

// routes are switch-organization and select-organization (the chooser's
// form).
func (m authKitMode) routes(route routeMaker) []seam.Route {
	a := m.a
	return []seam.Route{
		route(routeSwitchOrganization, a.traced(telemetry.FlowOrganizationSwitch, a.switchOrganization), http.MethodPost),
		route(routeSelectOrganization, a.traced(telemetry.FlowCallback, a.selectOrganization), http.MethodPost),
	}
}
