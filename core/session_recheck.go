package core

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// recheckSession answers for a cached session whose time to ask the
// store has come. Within its trust the request gets it at once, and one
// check per entry runs in the background, so that a session in use never
// waits; past its trust, the request waits for the store's answer.
func (a *Auth) recheckSession(ctx context.Context, token string, e *cachedSession, now time.Time) (*Session, error) {
	if now.UnixNano() < e.trustUntil {
		if e.checking.CompareAndSwap(false, true) {
			go a.checkStored(context.WithoutCancel(ctxOrBackground(ctx)), strings.Clone(token), e)
		}
		return e.s, nil
	}
	// token may become a cache key again; the request's buffers are reused
	return a.checkStored(ctx, strings.Clone(token), e)
}

// checkStored asks the store about the cached session e again. A session
// the store no longer holds (or that was revoked) leaves the cache and is
// refused; one the store cannot answer for now (ErrStoreUnavailable) stays
// as it was, served, and is asked about again a quarter of the recheck
// time later: sessions an instance holds keep working through an outage.
func (a *Auth) checkStored(ctx context.Context, token string, e *cachedSession) (*Session, error) {
	now := a.now()
	var s *Session
	var err error
	if a.refreshes.saves.waiting(e.s.ID) {
		// A refreshed session waits for the store (authkit_save.go): the
		// store holds an older one, whose refresh token is spent. Keep
		// serving the newer one, as while the store is down.
		err = fmt.Errorf("%w: a refreshed session waits to be saved", ErrStoreUnavailable)
	} else {
		s, err = a.loadStored(ctx, token, now)
	}
	switch {
	case errors.Is(err, ErrStoreUnavailable):
		if e.gen != a.resets.Load() {
			return nil, err // cached before the store lost its state: not kept unasked
		}
		if !a.cacheEntry(token, e.s, a.recheck/4) {
			return nil, nil
		}
		return e.s, nil
	case s == nil:
		a.sessions.Delete(token)
		return nil, err
	}
	return s, nil
}

// forgetOpened drops every session from the cache of opened sessions, so
// that each is opened from the store again on its next request, and
// returns the revocations in force that this instance knows: for a feed
// whose shared state was lost (see store.Follower).
func (a *Auth) forgetOpened() []revocation {
	a.resets.Add(1)
	if a.sessions != nil {
		a.sessions.DeleteFunc(func(string, *cachedSession) bool { return true })
	}
	return a.revoked.list(a.now())
}
