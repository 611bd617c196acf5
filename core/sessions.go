package core

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// loadSession returns the request's valid session, or nil: a cookie that
// does not open, is expired, revoked or garbage means signed out, never an
// error. A session that has aged past half its lifetime, or was sealed
// with a previous password, is renewed on the answer.
func (a *Auth) loadSession(x Exchange) *Session {
	token := a.readSessionToken(x)
	if token == "" {
		return nil
	}
	now := a.now()
	s := a.openSession(x.Context(), token, now)
	if s == nil {
		return nil
	}
	if s.stale || now.After(s.IssuedAt.Add(a.cfg.SessionLifetime/2)) {
		a.renew(x, token, s, now)
	}
	return s
}

// openSession opens a token, through the cache of opened sessions.
func (a *Auth) openSession(ctx context.Context, token string, now time.Time) *Session {
	if a.sessions != nil {
		if s, ok := a.sessions.Get(token, now); ok {
			return s
		}
	}
	s, err := a.store.Load(ctxOrBackground(ctx), token)
	if err != nil || s == nil || !now.Before(s.ExpiresAt) || a.revoked.has(s.ID) {
		return nil
	}
	if a.sessions != nil {
		a.sessions.Set(strings.Clone(token), s, s.ExpiresAt)
	}
	return s
}

// Estimates of sessionCost, in bytes.
const (
	// sessionOverhead covers a cached session beyond its strings' bytes:
	// the Session and Profile structs, the cache's slot and index entry.
	sessionOverhead = 256
	// headerCost is a string header or interface value: 16 on 64-bit.
	headerCost = 16
)

// sessionCost estimates the memory an entry of the cache of opened
// sessions holds: its token (the key), a fixed overhead, and the bytes of
// the profile's strings, slices and maps. Attribute maps are walked one
// level deep: keys and string values count their length, any other value
// a fixed headerCost. It runs once per cache Set, never on Get.
func sessionCost(token string, s *Session) int64 {
	p := &s.Profile
	n := len(token) + sessionOverhead + len(s.ID) +
		len(p.ID) + len(p.Email) + len(p.FirstName) + len(p.LastName) + len(p.Name) +
		len(p.OrganizationID) + len(p.ConnectionID) + len(p.ConnectionType) + len(p.IdpID)
	if p.Role != nil {
		n += headerCost + len(p.Role.Slug)
	}
	for _, r := range p.Roles {
		n += headerCost + len(r.Slug)
	}
	for _, g := range p.Groups {
		n += headerCost + len(g)
	}
	return int64(n + attributesCost(p.CustomAttributes) + attributesCost(p.RawAttributes))
}

// attributesCost estimates an attribute map for sessionCost.
func attributesCost(m map[string]any) int {
	n := 0
	for k, v := range m {
		n += 2*headerCost + len(k) // key header and interface value
		if s, ok := v.(string); ok {
			n += len(s)
		} else {
			n += headerCost
		}
	}
	return n
}

// renew re-seals s with a fresh expiry and the current password.
func (a *Auth) renew(x Exchange, oldToken string, s *Session, now time.Time) {
	fresh := &Session{ID: s.ID, Profile: s.Profile, IssuedAt: now, ExpiresAt: now.Add(a.cfg.SessionLifetime)}
	if err := a.setSession(x, fresh); err != nil {
		a.log.Warn("workosauth: could not renew a session", "error", err)
		return
	}
	x.SetHeader("Cache-Control", "no-store") // the answer sets a cookie
	if a.sessions != nil {
		a.sessions.Delete(oldToken)
	}
}

// newSession makes a session for a profile.
func (a *Auth) newSession(p Profile) *Session {
	now := a.now()
	return &Session{ID: randomToken(16), Profile: p, IssuedAt: now, ExpiresAt: now.Add(a.cfg.SessionLifetime)}
}

// setSession saves s and sets its cookie, keeping the cookie within what
// browsers and proxies accept: a session too large is saved with fewer
// attributes (raw attributes, then custom attributes, then groups), and
// the log says so.
func (a *Auth) setSession(x Exchange, s *Session) error {
	token, err := a.saveBounded(x.Context(), s)
	if err != nil {
		return err
	}
	a.writeSessionToken(x, token, s.ExpiresAt.Sub(a.now()))
	if a.sessions != nil {
		a.sessions.Set(token, s, s.ExpiresAt)
	}
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
		{"groups", func(p *Profile) { p.Groups = nil }},
		{"roles", func(p *Profile) { p.Roles = nil }},
	}
	for _, t := range trims {
		t.trim(&s.Profile)
		token, err := a.store.Save(ctx, s)
		if err != nil {
			return "", fmt.Errorf("workosauth: save session: %w", err)
		}
		if len(token) <= maxSessionValue {
			if t.what != "" {
				a.log.Warn("workosauth: session too large for a cookie; dropped attributes to fit", "dropped", t.what, "profile", s.Profile.ID)
			}
			return token, nil
		}
	}
	return "", fmt.Errorf("workosauth: session of profile %s does not fit in a cookie", s.Profile.ID)
}

// SessionCookies returns the cookies of a new session for p, as the
// callback would set them: for tests (see workostest.SignIn) and for apps
// that sign users in by other means. MapProfile is not applied.
func (a *Auth) SessionCookies(ctx context.Context, p Profile) (*Session, []*http.Cookie, error) {
	s := a.newSession(p)
	rec := &cookieRecorder{ctx: ctxOrBackground(ctx)}
	if err := a.setSession(rec, s); err != nil {
		return nil, nil, err
	}
	return s, rec.cookies, nil
}

// Session returns the valid session of a request (nil when signed out),
// renewing its cookie on the answer when it has aged. Adapters call it
// through a [Guard]; it is exported for code that handles requests itself.
func (a *Auth) Session(x Exchange) *Session { return a.loadSession(x) }
