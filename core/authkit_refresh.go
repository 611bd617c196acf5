package core

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/ssokit/workosauth/core/internal/cache"
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

// refresher holds the refreshes under way and just done. The zero value
// is ready.
type refresher struct {
	group   cache.Group[*refreshed]
	mu      sync.Mutex
	done    map[string]*refreshed // by the refresh token used
	waitTil map[string]time.Time  // session ID: no refresh before
	saves   pendingSaves          // refreshed sessions the store did not take yet
}

func (r *refresher) recent(refreshToken string, now time.Time) *refreshed {
	r.mu.Lock()
	defer r.mu.Unlock()
	if o := r.done[refreshToken]; o != nil && now.Before(o.until) {
		return o
	}
	return nil
}

func (r *refresher) remember(refreshToken string, o *refreshed, now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.done == nil {
		r.done = map[string]*refreshed{}
	}
	for k, v := range r.done {
		if !now.Before(v.until) {
			delete(r.done, k)
		}
	}
	r.done[refreshToken] = o
}

func (r *refresher) backoff(id string, until time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.waitTil == nil {
		r.waitTil = map[string]time.Time{}
	}
	if len(r.waitTil) > 10000 {
		clear(r.waitTil)
	}
	r.waitTil[id] = until
}

func (r *refresher) mustWait(id string, now time.Time) (time.Duration, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	t, ok := r.waitTil[id]
	if !ok {
		return 0, false
	}
	if !now.Before(t) {
		delete(r.waitTil, id)
		return 0, false
	}
	return t.Sub(now), true
}

// expired reports whether an AuthKit session's access token has expired
// and must be refreshed before the session is used.
func (k *AuthKitSession) expired(now time.Time) bool { return !now.Before(k.Claims.Expiry) }

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

// refreshOnce calls WorkOS. A refused refresh, with a server-side store,
// reads the store again: another instance may have refreshed first.
func (a *Auth) refreshOnce(ctx context.Context, token string, s *Session, organizationID string, retry bool) (*refreshed, error) {
	rt := s.AuthKit.refreshToken.Reveal()
	res, err := a.client.AuthenticateRefresh(ctx, rt, organizationID)
	if err != nil {
		if !refreshEnded(err) {
			wait := refreshBackoff
			var api *APIError
			if errors.As(err, &api) && api.RetryAfter > wait {
				wait = min(api.RetryAfter, refreshMaxBackoff)
			}
			if organizationID == "" {
				a.refreshes.backoff(s.ID, a.now().Add(wait))
			}
			a.log.Warn("workosauth: an AuthKit session could not be refreshed; it is kept", "session", s.ID, "error", err)
			return nil, fmt.Errorf("%w: %w", errRefreshUnavailable, err)
		}
		if organizationID != "" && !isAPICode(err, "invalid_grant") {
			return nil, err // a switch refused (no membership, SSO or MFA required): the session goes on
		}
		other, found := a.refreshedElsewhere(ctx, token, s, retry)
		switch found {
		case storeRefreshed:
			return a.adoptSpent(ctx, token, rt, other, organizationID)
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
	p, err := a.authKitProfileFor(ctx, k)
	if err != nil {
		return a.refreshRefused(ctx, token, s, k, organizationID, err)
	}
	now := a.now()
	fresh := &Session{ID: s.ID, Profile: p, SignedInAt: s.SignedInAt, IssuedAt: now, ExpiresAt: a.expiry(s.SignedInAt, now), AuthKit: k}
	o := &refreshed{s: fresh, token: token, until: now.Add(refreshReuse)}
	newToken, err := a.saveRefreshed(ctx, token, fresh)
	if err == nil && len(newToken) > maxSessionValue {
		err = errSessionTooLarge
	}
	switch {
	case errors.Is(err, errSaveQueued):
		// Served from this process meanwhile (the cache, and refreshReuse).
		a.log.Warn("workosauth: a refreshed AuthKit session could not be saved yet; it is saved as soon as the store answers", "session", s.ID, "error", err)
	case err != nil:
		// Kept in this process for refreshReuse; the cookie stays as it is.
		a.log.Warn("workosauth: a refreshed AuthKit session could not be saved", "session", s.ID, "error", err)
	default:
		o.token = newToken
	}
	a.refreshes.remember(rt, o, now)
	if a.sessions != nil && o.token != token {
		a.sessions.Delete(token)
	}
	a.cacheSession(o.token, fresh)
	ev := AuditEvent{Type: AuditRefresh}
	ev.about(fresh)
	a.emit(ctx, ev)
	if organizationID != "" && k.OrganizationID != organizationID {
		// The session was refreshed (and is kept) but not switched.
		return o, fmt.Errorf("%w: WorkOS answered a switch to %s with organization %q", errBadResponse, organizationID, k.OrganizationID)
	}
	return o, nil
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

// Polling of a server-side store after a refused refresh: the instance
// that won may not have saved its tokens yet.
const (
	adoptPolls     = 10
	adoptPollEvery = 100 * time.Millisecond
)

// What a server-side store says of a session whose refresh WorkOS
// refused.
type storeAnswer int

const (
	storeNothing     storeAnswer = iota // no store to ask (sealed cookies), or asked already
	storeRefreshed                      // it holds the session refreshed elsewhere: adopt it
	storeSame                           // it still holds the refresh token WorkOS refused
	storeGone                           // it no longer holds the token's session
	storeUnavailable                    // it could not be asked
)

// refreshedElsewhere reads a server-side store again after WorkOS refused
// s's refresh token, for a while, and returns the session another
// instance refreshed and saved meanwhile. Sessions sealed in cookies have
// nowhere else to be refreshed.
//
// A store that still holds the refused token after the wait (the
// instance that refreshed may be waiting for the store to take its save,
// or WorkOS ended the session), or no longer holds the token's session
// (a store whose Renew hands out new tokens, after another instance's
// refresh), ends this cookie only: the session may live on elsewhere
// under the new tokens, so it is not revoked by its ID. One that cannot
// be asked decides nothing.
func (a *Auth) refreshedElsewhere(ctx context.Context, token string, s *Session, retry bool) (*Session, storeAnswer) {
	if a.store.sealed || !retry {
		return nil, storeNothing
	}
	for i := 0; ; i++ {
		other, err := a.store.load(ctx, strings.Clone(token))
		switch {
		case errors.Is(err, ErrStoreUnavailable):
			return nil, storeUnavailable
		case err != nil || other == nil || other.AuthKit == nil || other.ID != s.ID:
			return nil, storeGone
		case other.AuthKit.refreshToken.Reveal() != s.AuthKit.refreshToken.Reveal():
			return other, storeRefreshed
		case i == adoptPolls-1:
			return nil, storeSame
		}
		if sleepCtx(ctx, adoptPollEvery) != nil {
			return nil, storeUnavailable
		}
	}
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// adopt takes the session another instance refreshed and saved in the
// store: as it is while its access token is valid, else refreshed with
// its refresh token (and, refused again, the store read again).
func (a *Auth) adopt(ctx context.Context, token string, other *Session, organizationID string) (*refreshed, error) {
	if _, err := a.storedClaims(ctx, other.AuthKit.AccessToken.Reveal()); err != nil {
		if errors.Is(err, errJWKSUnavailable) {
			return nil, fmt.Errorf("%w: %w", errRefreshUnavailable, err)
		}
		return nil, fmt.Errorf("%w: %w", errSessionEnded, err)
	}
	if other.AuthKit.expired(a.now()) || (organizationID != "" && other.AuthKit.OrganizationID != organizationID) {
		return a.refreshOnce(ctx, token, other, organizationID, true)
	}
	a.cacheSession(token, other)
	adoptedRefresh(ctx)
	return &refreshed{s: other, token: token, until: a.now().Add(refreshReuse)}, nil
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

// checkAuthKit verifies, once per process, the access token of a session
// read from the store: WorkOS's signature. A token that no longer verifies
// (WorkOS withdrew its key) is not trusted for its claims: the session is
// marked expired, so that it is refreshed before use, and the refreshed
// token is verified in turn. An error wrapping ErrStoreUnavailable: the
// keys could not be fetched.
func (a *Auth) checkAuthKit(ctx context.Context, s *Session) (bool, error) {
	c, err := a.storedClaims(ctx, s.AuthKit.AccessToken.Reveal())
	switch {
	case errors.Is(err, errJWKSUnavailable):
		a.log.Warn("workosauth: an AuthKit session could not be checked", "error", err)
		return false, fmt.Errorf("%w: %w", ErrStoreUnavailable, err)
	case err != nil:
		s.AuthKit.Claims.Expiry = time.Time{} // refresh before use
	case c.Subject != s.AuthKit.User.ID:
		return false, nil
	}
	return true, nil
}

// storedClaims verifies the access token of a session core stored: WorkOS
// handed it to core, so an unknown key ID is a rotation (the key set is
// fetched again, at most once a second) and an issuer that is not
// accepted a configuration problem (logged), not a forgery.
func (a *Auth) storedClaims(ctx context.Context, token string) (AccessTokenClaims, error) {
	c, err := a.tokens.verify(ctx, token, true)
	var iss *issuerError
	if errors.As(err, &iss) {
		a.issuerProblem(ctx, iss)
		return c, nil
	}
	return c, err
}
