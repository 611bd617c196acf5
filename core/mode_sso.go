package core

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ssokit/workosauth/core/events"
	"github.com/ssokit/workosauth/core/internal/workosapi"
	"github.com/ssokit/workosauth/internal/seam"
	"golang.org/x/oauth2"
)

// ssoMode signs in through WorkOS's SSO API, /sso/authorize and
// /sso/token: a profile, no tokens to keep fresh, nothing of the user's
// held at WorkOS after the sign-in.
type ssoMode struct{ a *Auth }

// hostedPage: SSO has none; the app's sign-in page asks for the email.
func (ssoMode) hostedPage() bool { return false }

// authorizeURL is /sso/authorize for the selector.
func (m ssoMode) authorizeURL(x exchange, f *flow, sel Selector, req *signInRequest, hint string) (string, error) {
	return m.a.client.AuthorizeURL(workosapi.AuthorizeParams{
		State:         f.State,
		CodeChallenge: oauth2.S256ChallengeFromVerifier(f.Verifier),
		Connection:    sel.Connection,
		Organization:  sel.Organization,
		Provider:      sel.Provider,
		LoginHint:     hint,
		DomainHint:    req.resolvedDomain,
		Prompt:        m.a.cfg.SignIn.Prompt,
		RedirectURI:   m.a.originFor(x).redirectURI, // deploy.go: the one of the request's origin
	})
}

// exchange redeems the code at /sso/token for the profile, which
// Config.SignIn.MapProfile maps once its binding is checked.
func (m ssoMode) exchange(ctx context.Context, code, verifier string) (grant, error) {
	res, err := m.a.client.ExchangeCode(ctx, code, verifier)
	if err != nil {
		return grant{}, workosError(err)
	}
	p, err := decodeProfile(res.Profile)
	if err != nil {
		return grant{}, workosError(fmt.Errorf("%w: profile: %w", errBadResponse, err))
	}
	return grant{profile: p, mapProfile: m.a.cfg.SignIn.MapProfile}, nil
}

// chooseOrganization: an SSO sign-in is always of one organization.
func (ssoMode) chooseOrganization(exchange, error) bool { return false }

// admit refuses a session signed in through AuthKit (the configuration
// switched to SSO since): without AuthKit its access token cannot be kept
// fresh nor its end at WorkOS noticed, so it is signed out.
func (ssoMode) admit(_ context.Context, s *Session) (bool, error) { return s.AuthKit == nil, nil }

// cached: nothing changes an SSO session in the cache but revocations,
// which the shared code checks.
func (ssoMode) cached(string, *Session, time.Duration) {}

// fresh signs out a session holding AuthKit tokens, as admit does: SSO
// cannot keep them fresh. (SSO admits none, and workostest's
// AuthKitSignIn refuses an SSO Auth, so none reaches here.)
func (ssoMode) fresh(exchange, string, *Session, time.Time) (*Session, error) { return nil, nil }

// afterSignOut is Config.Sessions.AfterSignOutPath.
func (m ssoMode) afterSignOut(exchange, *Session) string { return m.a.cfg.Sessions.AfterSignOutPath }

// eventMatches: SSO sessions end by the events every mode handles
// (events.go).
func (ssoMode) eventMatches(*events.Event) []Match { return nil }

// revokeUser: WorkOS holds no session of an SSO user.
func (ssoMode) revokeUser(context.Context, string) error { return nil }

// guardOptions refuses the AuthKit-only options (AcceptBearer,
// RequirePermission), naming them.
func (ssoMode) guardOptions(names []string) error {
	if len(names) == 0 {
		return nil
	}
	verb, it := "needs", "it"
	if len(names) > 1 {
		verb, it = "need", "them"
	}
	return fmt.Errorf("%w: core.%s %s AuthKit (Config.AuthKit.Enabled), and this Auth signs in through SSO: drop %s, or turn AuthKit on",
		ErrConfig, strings.Join(names, " and core."), verb, it)
}

// routes: SSO has no routes of its own.
func (ssoMode) routes(routeMaker) []seam.Route { return nil }
