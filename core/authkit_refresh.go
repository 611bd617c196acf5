package core

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Refreshing AuthKit sessions. WorkOS access tokens live minutes; refresh
// tokens are single use. A session whose access token has expired is
// refreshed on its next request:
//
//   - once per session at a time in a process: concurrent requests share
//     one call to WorkOS (a Group keyed by session and refresh token);
//   - the outcome is kept for refreshReuse, keyed by the refresh token it
//     used, so a request that arrives later with the old cookie gets the
//     new session (and cookie) instead of replaying a used token;
//   - with a server-side store the new tokens are saved there, and an
//     instance whose refresh is refused (another instance used the token
//     first) reads the store again and adopts what it finds;
//   - a transient failure (429, 408, 5xx, timeout, network) keeps the
//     session: the request gets 503 with Retry-After, and the session is
//     not refreshed again before the wait is over;
//   - invalid_grant and the step-up errors end the session.
//
// This file holds what a request calls (freshAuthKit, refresh); the
// shared outcomes and backoff are in authkit_refresher.go, the call to
// WorkOS in authkit_rotate.go, another instance's refresh in
// authkit_elsewhere.go, and the check of a stored session in
// authkit_check.go.

const (
	// refreshReuse is how long the outcome of a refresh is handed to
	// requests that still carry the refreshed cookie.
	refreshReuse = 30 * time.Second
	// refreshBackoff is the least wait after a transient failure;
	// refreshMaxBackoff caps a Retry-After.
	refreshBackoff    = 2 * time.Second
	refreshMaxBackoff = 30 * time.Second
)

// errRefreshUnavailable is wrapped by the error of a refresh that failed
// for a reason that may pass (WorkOS rate-limited, failed or did not
// answer): the session is kept and the guard answers 503.
var errRefreshUnavailable = errors.New("workosauth: the session could not be refreshed just now")

// errSessionEnded: WorkOS refused the refresh (invalid_grant, a step-up
// error): the session is over.
var errSessionEnded = errors.New("workosauth: WorkOS ended the session")

// errSessionGone: the refresh was refused and the store no longer holds
// the cookie's token: this cookie is over, but its session is not revoked
// (it may go on under the token another instance's refresh made).
var errSessionGone = errors.New("workosauth: the session's token is no longer in the store")

// refreshed is the outcome of one refresh.
type refreshed struct {
	s     *Session
	token string // the session cookie's new value
	until time.Time
}

// freshAuthKit returns s, or its refresh when its access token has
// expired (setting the new cookie on x). Nil and no error: WorkOS ended
// the session, which is now signed out here too. An error wrapping
// errRefreshUnavailable: try again later.
func (a *Auth) freshAuthKit(x exchange, token string, s *Session, now time.Time) (*Session, error) {
	if !s.AuthKit.expired(now) {
		return s, nil
	}
	o, err := a.refresh(x.Context(), token, s, "")
	switch {
	case errors.Is(err, errSessionGone):
		a.clearSession(x)
		return nil, nil
	case errors.Is(err, errSessionEnded):
		a.revokeSession(x.Context(), s)
		a.clearSession(x)
		return nil, nil
	case err != nil:
		return nil, err
	}
	a.setRefreshed(x, token, o)
	return o.s, nil
}

// setRefreshed writes a refreshed session's cookie when it differs from
// the request's.
func (a *Auth) setRefreshed(x exchange, token string, o *refreshed) {
	if o.token != token {
		a.writeSessionToken(x, o.token, o.s.ExpiresAt.Sub(a.now()))
	}
	x.SetHeader("Cache-Control", "no-store")
}

// refresh exchanges s's refresh token (switching to organizationID when
// set), once per session and refresh token at a time, and saves the new
// session under token's place in the store.
func (a *Auth) refresh(ctx context.Context, token string, s *Session, organizationID string) (*refreshed, error) {
	// The outcome keeps the token (and the cache may key on it) after
	// the request: never a view of the request's reused buffers.
	token = strings.Clone(token)
	now := a.now()
	rt := s.AuthKit.refreshToken.Reveal()
	if o := a.refreshes.recent(rt, now); o != nil {
		if organizationID == "" || o.s.AuthKit.OrganizationID == organizationID {
			return o, nil
		}
		return a.refresh(ctx, o.token, o.s, organizationID) // switch from the session that replaced s
	}
	if wait, ok := a.refreshes.mustWait(s.ID, now); ok {
		return nil, fmt.Errorf("%w: retry in %s", errRefreshUnavailable, wait.Round(time.Second))
	}
	// The call outlives a request that gives up: others may share it, and
	// a refresh token WorkOS has rotated must not be lost.
	ctx = context.WithoutCancel(ctxOrBackground(ctx))
	// One key per refresh token, switch or not: two calls with one token
	// would make WorkOS refuse the second.
	o, err := a.refreshes.group.Do(s.ID+"\x00"+rt, func() (*refreshed, error) {
		if o := a.refreshes.recent(rt, a.now()); o != nil {
			if organizationID == "" || o.s.AuthKit.OrganizationID == organizationID {
				return o, nil
			}
			return a.refresh(ctx, o.token, o.s, organizationID)
		}
		return a.observedRefresh(ctx, token, s, organizationID)
	})
	if err == nil && organizationID != "" && o.s.AuthKit.OrganizationID != organizationID && o.s.AuthKit.refreshToken.Reveal() != rt {
		// This switch joined a plain refresh: switch from its outcome.
		return a.refresh(ctx, o.token, o.s, organizationID)
	}
	return o, err
}
