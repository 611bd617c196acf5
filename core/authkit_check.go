package core

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Checking a stored AuthKit session: the access token of a session read
// from the store is verified against WorkOS's keys, and an expired one is
// refreshed before the session is used.

// expired reports whether an AuthKit session's access token has expired
// and must be refreshed before the session is used.
func (k *AuthKitSession) expired(now time.Time) bool { return !now.Before(k.Claims.Expiry) }

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
