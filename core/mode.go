package core

import (
	"context"
	"time"

	"github.com/ssokit/workosauth/core/events"
	"github.com/ssokit/workosauth/internal/seam"
)

// mode is everything that differs between signing in through WorkOS's SSO
// API (ssoMode, mode_sso.go) and through AuthKit, WorkOS's User
// Management (authKitMode, authkit_mode.go). Flows, cookies, the session
// store, revocations and guards are shared, and the shared files
// (signin.go, callback.go, sessions.go, session_cache.go, signout.go,
// guard.go, engine.go, revoke.go, events.go) call this seam without asking
// which mode they are in.
type mode interface {
	// hostedPage reports whether the mode has a hosted sign-in page of
	// WorkOS's (AuthKit's), which a sign-in with no selector, or an email
	// of no organization, goes to instead of the app's sign-in page; its
	// provider is then offered besides the configured ones.
	hostedPage() bool
	// authorizeURL is where a sign-in with this flow and selector starts.
	// A zero selector means the hosted page (only when hostedPage).
	authorizeURL(x exchange, f *flow, sel Selector, req *signInRequest, loginHint string) (string, error)
	// exchange redeems the callback's code.
	exchange(ctx context.Context, code, verifier string) (grant, error)
	// chooseOrganization answers a callback whose exchange asks the user
	// to choose an organization, and reports whether it did.
	chooseOrganization(x exchange, err error) bool

	// admit checks a session read from the store before it is cached:
	// false signs it out; an error means it cannot be checked now.
	admit(ctx context.Context, s *Session) (bool, error)
	// cached runs after a session is put in the cache of opened sessions
	// under token (window: until the store is asked again), to catch what
	// happened to it meanwhile.
	cached(token string, s *Session, window time.Duration)
	// fresh returns an opened session holding AuthKit tokens (the only
	// ones loadSession asks about) ready for the request, or nil when it
	// has ended; an error: it cannot be checked now.
	fresh(x exchange, token string, s *Session, now time.Time) (*Session, error)
	// afterSignOut is where sign-out sends the browser.
	afterSignOut(x exchange, s *Session) string
	// eventMatches is what a WorkOS event of the mode's own ends or
	// marks for a refresh, besides what every event does (events.go).
	eventMatches(e *events.Event) []Match
	// revokeUser ends a user's sessions held outside the app (by WorkOS),
	// after the app's own have been revoked.
	revokeUser(ctx context.Context, userID string) error

	// guardOptions refuses, with an error wrapping ErrConfig, the guard
	// options (by name) that the mode has no use for.
	guardOptions(names []string) error
	// routes are the mode's own auth routes, made with route.
	routes(route routeMaker) []seam.Route
}

// grant is what a sign-in's code exchange answers.
type grant struct {
	// profile is as WorkOS answered it: the flow's binding is checked on
	// it, before any mapping.
	profile Profile
	// orgOnly: the sign-in is bound by organization only (AuthKit's
	// answer names the organization but no connection).
	orgOnly bool
	// mapProfile is the app's mapping of the profile, nil for none.
	mapProfile func(Profile) Profile
	// userID, when set, is the session's profile ID whatever the app's
	// hooks did: what AuthKit's tokens and revocations go by.
	userID string
	// authKit is the AuthKit part of the session, nil in SSO mode.
	authKit *AuthKitSession
}

// grantSession makes the session a sign-in opens, signed in at signedIn,
// for p: the granted profile after mapping and the app's OnSignIn hook.
func (a *Auth) grantSession(g grant, p Profile, signedIn time.Time) *Session {
	if g.userID != "" {
		p.ID = g.userID
	}
	s := a.newSessionAt(p, signedIn)
	s.AuthKit = g.authKit
	return s
}

// initMode picks the mode of the configuration.
func (a *Auth) initMode() {
	a.tokens = newTokenVerifier(a.client, a.cfg)
	a.mode = ssoMode{a}
	if a.cfg.AuthKit.Enabled {
		a.mode = authKitMode{a}
	}
}
