package core

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Another instance's refresh found in a server-side store: after WorkOS
// refuses a refresh token, the store is read again (for a while) for the
// session another instance refreshed with it, which is then adopted.

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
