package core

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// loadSession returns the request's valid session, or nil: a cookie that
// does not open, is expired, revoked or garbage means signed out. The
// error is non-nil only when the session could not be checked now (the
// store or the revocation feed is unavailable): the guard answers 503 and
// nobody is signed out. A session that has aged past half its idle
// lifetime, or was sealed with a previous password, is renewed on the
// answer.
func (a *Auth) loadSession(x exchange) (*Session, error) {
	token := a.readSessionToken(x)
	if token == "" {
		return nil, nil
	}
	now := a.now()
	s, err := a.openSession(x.Context(), token, now)
	if s == nil {
		return nil, err
	}
	if s.AuthKit != nil {
		// Only a session holding tokens (AuthKit's) has anything for
		// the mode to keep fresh: the others, which are all there is in
		// SSO mode, skip the call, which measured 4% of a cached guard.
		if s, err = a.mode.fresh(x, token, s, now); s == nil {
			return nil, err
		}
	}
	if s.stale || now.After(s.IssuedAt.Add(a.cfg.Sessions.Lifetime/2)) {
		a.renew(x, token, s, now)
	}
	return s, nil
}

// openSession opens a token, through the cache of opened sessions. A cache
// hit costs one sharded lookup and a comparison: revocations remove
// entries from the cache as they arrive, and a session from a server-side
// store is asked about again once Config.Sessions.Recheck has passed (see
// recheckSession).
func (a *Auth) openSession(ctx context.Context, token string, now time.Time) (*Session, error) {
	if a.sessions != nil {
		e, ok := a.sessions.Get(token, now)
		a.tel.CacheLookup(ctx, ok)
		if ok {
			if now.UnixNano() < e.refreshAt {
				return e.s, nil
			}
			return a.recheckSession(ctx, token, e, now)
		}
	}
	if a.feed != nil && !a.synced.Load() {
		return nil, fmt.Errorf("%w: the revocation feed is not in sync", ErrStoreUnavailable)
	}
	return a.loadStored(ctx, token, now)
}

// loadStored opens token from the store and caches the session: nil for
// a token that does not open (unknown, expired, revoked).
func (a *Auth) loadStored(ctx context.Context, token string, now time.Time) (*Session, error) {
	token = strings.Clone(token) // the store may keep it; the request's buffers are reused
	s, err := a.store.load(ctxOrBackground(ctx), token)
	switch {
	case errors.Is(err, ErrStoreUnavailable):
		a.log.WarnContext(ctxOrBackground(ctx), "workosauth: session store unavailable", "error", err)
		return nil, err
	case err != nil || s == nil || !now.Before(s.ExpiresAt) || a.revoked.revoked(s):
		return nil, nil
	}
	if ok, err := a.mode.admit(ctx, s); !ok {
		return nil, err
	}
	if !a.cacheSession(token, s) {
		return nil, nil
	}
	return s, nil
}

// expiry is when a session signed in at signedIn and renewed at now ends:
// the idle lifetime from now, capped by the absolute lifetime.
func (a *Auth) expiry(signedIn, now time.Time) time.Time {
	idle, abs := now.Add(a.cfg.Sessions.Lifetime), signedIn.Add(a.cfg.Sessions.AbsoluteLifetime)
	if abs.Before(idle) {
		return abs
	}
	return idle
}

// renew saves s again with a fresh expiry (never past its absolute
// lifetime) and the current password, keeping its ID and sign-in time. A
// session already at its absolute limit is not renewed, unless it must be
// re-sealed. A renewal that fails leaves the session as it was.
func (a *Auth) renew(x exchange, oldToken string, s *Session, now time.Time) {
	exp := a.expiry(s.SignedInAt, now)
	if !s.stale && !exp.After(s.ExpiresAt) {
		return
	}
	fresh := &Session{ID: s.ID, Profile: s.Profile, SignedInAt: s.SignedInAt, IssuedAt: now, ExpiresAt: exp, AuthKit: s.AuthKit}
	token, err := a.store.renew(ctxOrBackground(x.Context()), strings.Clone(oldToken), fresh)
	if err == nil && len(token) > maxSessionValue {
		err = errSessionTooLarge
	}
	if err != nil {
		a.log.WarnContext(ctxOrBackground(x.Context()), "workosauth: could not renew a session", "error", err)
		return
	}
	a.writeSessionToken(x, token, exp.Sub(now))
	x.SetHeader("Cache-Control", "no-store") // the answer sets a cookie
	if a.sessions != nil {
		a.sessions.Delete(oldToken)
	}
	a.cacheSession(token, fresh)
}

// newSession makes a session for a profile, signed in now.
func (a *Auth) newSession(p Profile) *Session { return a.newSessionAt(p, a.now()) }

// newSessionAt makes a session for a profile signed in at signedIn (no
// later than now). The sign-in time is kept to the millisecond, as
// sessions carry it.
func (a *Auth) newSessionAt(p Profile, signedIn time.Time) *Session {
	now := a.now()
	if signedIn.After(now) || signedIn.IsZero() {
		signedIn = now
	}
	signedIn = signedIn.Truncate(time.Millisecond)
	return &Session{ID: randomToken(16), Profile: p, SignedInAt: signedIn, IssuedAt: now, ExpiresAt: a.expiry(signedIn, now)}
}

var errSessionTooLarge = errors.New("workosauth: session too large for a cookie")

// setSession saves a new session and sets its cookie. A session too large
// for a cookie is saved without its raw and then its custom attributes
// (the log says so); what guards decide on (organization, role, roles,
// groups) is never dropped: a session that does not fit with them is
// refused, with an error that says to use a server-side store.
func (a *Auth) setSession(x exchange, s *Session) error {
	token, err := a.saveBounded(x.Context(), s)
	if err != nil {
		return err
	}
	a.writeSessionToken(x, token, s.ExpiresAt.Sub(a.now()))
	a.cacheSession(token, s)
	return nil
}

func (a *Auth) saveBounded(ctx context.Context, s *Session) (string, error) {
	ctx = ctxOrBackground(ctx)
	trims := []struct {
		what string
		trim func(p *Profile)
	}{
		{"", func(*Profile) {}},
		{"raw attributes", func(p *Profile) { p.RawAttributes = nil }},
		{"custom attributes", func(p *Profile) { p.CustomAttributes = nil }},
	}
	for _, t := range trims {
		t.trim(&s.Profile)
		token, err := a.store.save(ctx, s)
		if err != nil {
			return "", fmt.Errorf("workosauth: save session: %w", err)
		}
		if len(token) <= maxSessionValue {
			if t.what != "" {
				a.log.WarnContext(ctxOrBackground(ctx), "workosauth: session too large for a cookie; dropped attributes to fit", "dropped", t.what, "profile", s.Profile.ID)
			}
			return token, nil
		}
	}
	a.log.WarnContext(ctxOrBackground(ctx), "workosauth: sign-in refused: the session does not fit in a cookie even without its attributes; its organization, roles and groups are never dropped. Use a server-side session store (Config.Sessions.Store, e.g. stores/redis)",
		"profile", s.Profile.ID, "groups", len(s.Profile.Groups), "roles", len(s.Profile.Roles))
	return "", fmt.Errorf("%w: profile %s", errSessionTooLarge, s.Profile.ID)
}

// sessionCookies returns the cookies of a new session for p, as the
// callback would set them: for tests (workostest.SignIn, through the
// engine). MapProfile is not applied.
func (a *Auth) sessionCookies(ctx context.Context, p Profile) (*Session, []*http.Cookie, error) {
	s := a.newSession(p)
	rec := &cookieRecorder{ctx: ctxOrBackground(ctx)}
	if err := a.setSession(rec, s); err != nil {
		return nil, nil, err
	}
	return s, rec.cookies, nil
}
