package core

import "context"

// Spent refresh tokens. A refresh token is single use: once this instance
// has seen one spent (it refreshed with it, or WorkOS refused it and the
// store held the session another instance refreshed with it), the
// refresher keeps the outcome under it for refreshReuse, and this
// instance never spends it again. Records read from the store before the
// refresh was saved still carry it, and come back later (a request whose
// read was under way, the session recheck): they get the outcome instead,
// and never replace the newer session in the cache of opened sessions.

// adoptSpent adopts other, the session another instance refreshed with
// the refresh token WorkOS refused (spent), and keeps the outcome as this
// instance's outcome of spending it: the requests that read the session
// before the store held other get it, without a call to WorkOS.
func (a *Auth) adoptSpent(ctx context.Context, token, spent string, other *Session, organizationID string) (*refreshed, error) {
	o, err := a.adopt(ctx, token, other, organizationID)
	if o != nil {
		a.refreshes.remember(spent, o, a.now())
		a.cacheSession(o.token, o.s) // again, after remember: see replacedSession
	}
	return o, err
}

// replacedSession returns the session that replaced s under token when
// s's refresh token is spent here (nil otherwise): cacheEntry caches that
// instead. It runs after the cache's Set, as the refresh remembers its
// outcome before caching it, so that a stale record cached after the
// refreshed one is always caught.
func (a *Auth) replacedSession(token string, s *Session) *Session {
	if s.AuthKit == nil {
		return nil
	}
	o := a.refreshes.recent(s.AuthKit.refreshToken.Reveal(), a.now())
	if o == nil || o.s == s || o.token != token {
		return nil
	}
	return o.s
}
