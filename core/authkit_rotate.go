package core

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/ssokit/workosauth/core/internal/workosapi"
)

// Rotating an AuthKit session's refresh token with WorkOS: the call
// (refreshOnce), its failures, the session built from the answer and
// saved, an OnSignIn refusal of that session, and the WorkOS errors that
// end a session.

// refreshOnce calls WorkOS. A refused refresh, with a server-side store,
// reads the store again: another instance may have refreshed first.
func (a *Auth) refreshOnce(ctx context.Context, token string, s *Session, organizationID string, retry bool) (*refreshed, error) {
	res, err := a.client.AuthenticateRefresh(ctx, s.AuthKit.refreshToken.Reveal(), organizationID)
	if err != nil {
		if !refreshEnded(err) {
			return nil, a.refreshLater(s, organizationID, err)
		}
		return a.refreshDenied(ctx, token, s, organizationID, retry, err)
	}
	k, err := a.refreshedAuthKit(ctx, s, res)
	if err != nil {
		return nil, err
	}
	p, err := a.authKitProfileFor(ctx, k)
	if err != nil {
		return a.refreshRefused(ctx, token, s, k, organizationID, err)
	}
	o := a.keepRefreshed(ctx, token, s, k, p)
	if organizationID != "" && k.OrganizationID != organizationID {
		// The session was refreshed (and is kept) but not switched.
		return o, fmt.Errorf("%w: WorkOS answered a switch to %s with organization %q", errBadResponse, organizationID, k.OrganizationID)
	}
	return o, nil
}

// refreshLater answers a refresh that failed for a reason that may pass
// (err: WorkOS rate-limited, failed or did not answer): the session is
// kept, and a plain refresh of it is held off for WorkOS's Retry-After
// (at least refreshBackoff, at most refreshMaxBackoff). The error wraps
// errRefreshUnavailable.
func (a *Auth) refreshLater(s *Session, organizationID string, err error) error {
	wait := refreshBackoff
	var api *APIError
	if errors.As(err, &api) && api.RetryAfter > wait {
		wait = min(api.RetryAfter, refreshMaxBackoff)
	}
	if organizationID == "" {
		a.refreshes.backoff(s.ID, a.now().Add(wait))
	}
	a.log.Warn("workosauth: an AuthKit session could not be refreshed; it is kept", "session", s.ID, "error", err)
	return fmt.Errorf("%w: %w", errRefreshUnavailable, err)
}

// refreshDenied answers WorkOS's refusal (err) of s's refresh token. A
// switch refused for a reason other than invalid_grant leaves the session
// as it is. Otherwise the token may have been spent by another instance:
// a server-side store is read again, and the session found there is
// adopted; a store that cannot say holds the session's refresh off, and
// one that no longer has it, or still has the refused token, ends the
// cookie. With nothing to ask, the session ends.
func (a *Auth) refreshDenied(ctx context.Context, token string, s *Session, organizationID string, retry bool, err error) (*refreshed, error) {
	if organizationID != "" && !isAPICode(err, "invalid_grant") {
		return nil, err // a switch refused (no membership, SSO or MFA required): the session goes on
	}
	other, found := a.refreshedElsewhere(ctx, token, s, retry)
	switch found {
	case storeRefreshed:
		return a.adoptSpent(ctx, token, s.AuthKit.refreshToken.Reveal(), other, organizationID)
	case storeUnavailable:
		if organizationID == "" {
			a.refreshes.backoff(s.ID, a.now().Add(refreshBackoff))
		}
		return nil, fmt.Errorf("%w: WorkOS refused the refresh and the store cannot say whether another instance made it: %w", errRefreshUnavailable, err)
	case storeGone, storeSame:
		return nil, fmt.Errorf("%w: %w: %w", errSessionGone, errSessionEnded, err)
	}
	return nil, fmt.Errorf("%w: %w", errSessionEnded, err)
}

// refreshedAuthKit checks WorkOS's answer to s's refresh and returns the
// AuthKit part of the refreshed session, which keeps s's impersonator and
// authentication method when the answer leaves them out. An answer that
// cannot be used (the old token is spent all the same) wraps
// errRefreshUnavailable; one about another user ends the session.
func (a *Auth) refreshedAuthKit(ctx context.Context, s *Session, res *workosapi.AuthenticateResult) (*AuthKitSession, error) {
	k, err := a.authKitSession(ctx, res)
	if err != nil && !errors.As(err, new(*issuerError)) { // an issuer not accepted is the operator's to fix (logged): the refresh stands
		// WorkOS rotated the token but answered something we refuse: the
		// old one is spent, and nothing usable came back.
		a.log.Warn("workosauth: an AuthKit refresh answer was refused", "session", s.ID, "error", err)
		return nil, fmt.Errorf("%w: %w", errRefreshUnavailable, err)
	}
	if k.User.ID != s.AuthKit.User.ID {
		return nil, fmt.Errorf("%w: refresh answered another user", errSessionEnded)
	}
	if k.Impersonator == nil {
		k.Impersonator = s.AuthKit.Impersonator
	}
	if k.AuthenticationMethod == "" {
		k.AuthenticationMethod = s.AuthKit.AuthenticationMethod
	}
	return k, nil
}

// keepRefreshed makes the session that replaces s (same ID and sign-in,
// profile p, AuthKit part k), saves it under token's place, and returns
// the outcome: remembered under s's refresh token (now spent), cached
// under its cookie value (the old value's cache entry dropped), and
// audited as AuditRefresh.
func (a *Auth) keepRefreshed(ctx context.Context, token string, s *Session, k *AuthKitSession, p Profile) *refreshed {
	now := a.now()
	fresh := &Session{ID: s.ID, Profile: p, SignedInAt: s.SignedInAt, IssuedAt: now, ExpiresAt: a.expiry(s.SignedInAt, now), AuthKit: k}
	o := &refreshed{s: fresh, token: a.refreshedCookie(ctx, token, fresh), until: now.Add(refreshReuse)}
	a.refreshes.remember(s.AuthKit.refreshToken.Reveal(), o, now)
	if a.sessions != nil && o.token != token {
		a.sessions.Delete(token)
	}
	a.cacheSession(o.token, fresh)
	ev := AuditEvent{Type: AuditRefresh}
	ev.about(fresh)
	a.emit(ctx, ev)
	return o
}

// refreshedCookie saves fresh under token's place in the store and
// returns the session cookie's new value. When the store does not take
// it (or its value would be too large for a cookie), the session is kept
// in this process for refreshReuse and the cookie stays token: a save
// queued until the store answers, or one that failed, is logged.
func (a *Auth) refreshedCookie(ctx context.Context, token string, fresh *Session) string {
	newToken, err := a.saveRefreshed(ctx, token, fresh)
	if err == nil && len(newToken) > maxSessionValue {
		err = errSessionTooLarge
	}
	switch {
	case errors.Is(err, errSaveQueued):
		// Served from this process meanwhile (the cache, and refreshReuse).
		a.log.Warn("workosauth: a refreshed AuthKit session could not be saved yet; it is saved as soon as the store answers", "session", fresh.ID, "error", err)
	case err != nil:
		// Kept in this process for refreshReuse; the cookie stays as it is.
		a.log.Warn("workosauth: a refreshed AuthKit session could not be saved", "session", fresh.ID, "error", err)
	default:
		return newToken
	}
	return token
}

// refreshRefused answers an OnSignIn refusal of the profile a refresh
// built (k, from s's refresh token), with an audit event saying why. A
// plain refresh ends the session. A switch to another organization keeps
// the session where it was: WorkOS has moved it already, so it is
// refreshed back to its organization with the new refresh token (and
// that profile goes through OnSignIn in turn, as any refresh); the
// outcome comes with the refusal. If it cannot be moved back, it ends.
func (a *Auth) refreshRefused(ctx context.Context, token string, s *Session, k *AuthKitSession, organizationID string, refusal error) (*refreshed, error) {
	e := asError(refusal)
	ev := AuditEvent{Type: AuditSignInRefused, Code: e.Code, Status: e.Status, Method: "refresh"}
	ev.about(s)
	if organizationID == "" || organizationID == s.AuthKit.OrganizationID {
		ev.Message = "OnSignIn refused the profile of a refreshed AuthKit session; the session ends"
		a.emit(ctx, ev)
		return nil, fmt.Errorf("%w: %w", errSessionEnded, refusal)
	}
	ev.Method, ev.OrganizationID = "organization_switch", organizationID
	ev.Message = "OnSignIn refused the profile of an organization switch; the session stays in " + orNone(s.AuthKit.OrganizationID)
	a.emit(ctx, ev)
	back := *s
	ak := *s.AuthKit
	ak.refreshToken = k.refreshToken
	back.AuthKit = &ak
	o, err := a.refreshOnce(ctx, token, &back, s.AuthKit.OrganizationID, false)
	if err != nil {
		return nil, fmt.Errorf("%w: a refused organization switch could not go back: %w", errSessionEnded, err)
	}
	a.refreshes.remember(s.AuthKit.refreshToken.Reveal(), o, a.now())
	return o, refusal
}

// orNone is id, or "no organization".
func orNone(id string) string {
	if id == "" {
		return "no organization"
	}
	return id
}

// refreshEnded reports whether WorkOS refused a refresh for good:
// invalid_grant (a used, expired or revoked token, an ended session) or a
// step-up error. Everything else may pass.
func refreshEnded(err error) bool {
	var api *APIError
	if !errors.As(err, &api) || api.StatusCode >= 500 || api.StatusCode == http.StatusTooManyRequests || api.StatusCode == http.StatusRequestTimeout {
		return false
	}
	switch api.Code {
	case "invalid_grant", "mfa_enrollment", "mfa_challenge", "sso_required", "email_verification_required",
		"organization_authentication_methods_required", "authentication_method_not_allowed":
		return true
	case "organization_not_found", "organization_membership_not_found":
		return true // only an organization switch asks for one; switchRefused keeps the session
	}
	return false
}

// isAPICode reports whether err is WorkOS's error answer with this code.
func isAPICode(err error, code string) bool {
	var api *APIError
	return errors.As(err, &api) && api.Code == code
}
