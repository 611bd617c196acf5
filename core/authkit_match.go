package core

import (
	"fmt"
	"strings"
	"time"
)

// Matches of AuthKit sessions, for AuthKit's events (authkit_events.go).
// They travel as every Match does (store.Revocation.Match), so that an
// event handled on one instance reaches the sessions and the Bearer
// tokens of all; their constructors are unexported: apps end sessions
// with RevokeUser and RevokeMatching, WorkOS's events with these.
//
// Two of them end sessions (signed in at or before the revocation's
// Before, as every Match); three mark sessions for a refresh: a session
// whose access token was issued before the event is refreshed before its
// next answer, and such a Bearer token is refused (401 invalid_token), so
// that its client refreshes it.
const (
	matchWorkOSSession = 'w' // sid: the app's sessions of one WorkOS session
	matchMember        = 'm' // organization, user: the user's sessions in the organization
	refreshMember      = 'M' // organization, user: refresh them
	refreshRole        = 'r' // role slug: refresh the sessions holding it, in any organization
	refreshOrgRole     = 'R' // organization, role slug: the same within one organization
)

// authKitArity is the count of parts (kind included) of the keys of
// AuthKit's kinds, for parseMatch; false for other kinds.
func authKitArity(kind byte) (int, bool) {
	switch kind {
	case matchWorkOSSession, refreshRole:
		return 2, true
	case matchMember, refreshMember, refreshOrgRole:
		return 3, true
	}
	return 0, false
}

// authKit reports whether m is one of AuthKit's kinds.
func (m Match) authKit() bool {
	if m.key == "" {
		return false
	}
	_, ok := authKitArity(m.key[0])
	return ok
}

// refreshes reports whether m marks sessions for a refresh rather than
// ending them.
func (m Match) refreshes() bool {
	return m.key != "" && (m.key[0] == refreshMember || m.key[0] == refreshRole || m.key[0] == refreshOrgRole)
}

// akOrganization is the organization an AuthKit session is in: its
// access token's, else the one it was signed in to.
func akOrganization(k *AuthKitSession) string {
	if k.Claims.OrganizationID != "" {
		return k.Claims.OrganizationID
	}
	return k.OrganizationID
}

// akRoles calls f with each role slug of k's access token.
func akRoles(k *AuthKitSession, f func(slug string) bool) bool {
	if k.Claims.Role != "" && f(k.Claims.Role) {
		return true
	}
	for _, r := range k.Claims.Roles {
		if f(r) {
			return true
		}
	}
	return false
}

// akSelector returns whether m selects an AuthKit session, by its parts
// alone (the time is the caller's): parsed once, for sweeping a cache.
func (m Match) akSelector() func(k *AuthKitSession) bool {
	parts := m.parts()
	switch {
	case m.key == "":
	case m.key[0] == matchWorkOSSession && len(parts) == 1:
		return func(k *AuthKitSession) bool { return k.Claims.SessionID == parts[0] }
	case (m.key[0] == matchMember || m.key[0] == refreshMember) && len(parts) == 2:
		return func(k *AuthKitSession) bool { return akOrganization(k) == parts[0] && k.User.ID == parts[1] }
	case m.key[0] == refreshRole && len(parts) == 1:
		return func(k *AuthKitSession) bool { return akRoles(k, func(r string) bool { return r == parts[0] }) }
	case m.key[0] == refreshOrgRole && len(parts) == 2:
		return func(k *AuthKitSession) bool {
			return akOrganization(k) == parts[0] && akRoles(k, func(r string) bool { return r == parts[1] })
		}
	}
	return func(*AuthKitSession) bool { return false }
}

// akHit reports whether a revocation of m up to before (unix
// milliseconds) reaches session s: a session of the WorkOS session or
// membership signed in by then; for a refresh, one whose access token
// was issued in an earlier second than before. Access tokens give iat in
// whole seconds, so a token of the event's own second counts as issued
// after it: otherwise a token refreshed within that second would be
// refused again, and its client would refresh in a loop until the second
// is over.
func akHit(refresh bool, before int64, s *Session) bool {
	if refresh {
		return s.AuthKit.Claims.IssuedAt.Unix() < before/1000
	}
	return s.SignedInAt.UnixMilli() <= before
}

// sweepAuthKit drops the sessions and Bearer tokens an AuthKit revocation
// reaches from the caches, so that each is opened (and checked) again on
// its next request.
func (a *Auth) sweepAuthKit(r revocation) {
	sel, before, refresh := r.Match.akSelector(), r.Before.UnixMilli(), r.Match.refreshes()
	hit := func(s *Session) bool { return s.AuthKit != nil && sel(s.AuthKit) && akHit(refresh, before, s) }
	if a.sessions != nil {
		a.sessions.DeleteFunc(func(_ string, e *cachedSession) bool { return hit(e.s) })
	}
	a.tokens.bearer.DeleteFunc(func(_ string, s *Session) bool { return hit(s) })
}

// akKeys calls f with the key of each Match of AuthKit's kinds that may
// select s (end says which: the ending ones, or the refreshing ones),
// until f returns true.
func akKeys(s *Session, end bool, f func(m Match) bool) bool {
	k := s.AuthKit
	org, user := akOrganization(k), k.User.ID
	if end {
		return f(newMatch(matchWorkOSSession, k.Claims.SessionID)) || f(newMatch(matchMember, org, user))
	}
	return f(newMatch(refreshMember, org, user)) || akRoles(k, func(slug string) bool {
		return f(newMatch(refreshRole, slug)) || f(newMatch(refreshOrgRole, org, slug))
	})
}

// akState reports whether an AuthKit session is ended by one of AuthKit's
// matches, and whether one marks it for a refresh. It runs when a
// session is opened from its store or a Bearer token is verified, never
// on a cache hit. r.mu is held.
func (r *revocations) akState(s *Session) (ended, refresh bool) {
	if s.AuthKit == nil || len(r.matches) == 0 {
		return false, false
	}
	check := func(refresh bool) func(m Match) bool {
		return func(m Match) bool {
			e, ok := r.matches[m]
			return ok && akHit(refresh, e.before, s)
		}
	}
	return akKeys(s, true, check(false)), akKeys(s, false, check(true))
}

// refreshDue reports whether a session is marked for a refresh, or ended,
// by AuthKit's matches.
func (r *revocations) refreshDue(s *Session) (ended, refresh bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.akState(s)
}

// parts are m's parts after its kind.
func (m Match) parts() []string {
	if len(m.key) < 2 {
		return nil
	}
	return strings.Split(m.key[2:], "\x00")
}

// markRefresh makes an AuthKit session just opened from its store, and
// marked for a refresh, refresh before it is used (as checkAuthKit marks
// a token that no longer verifies). s is not shared yet.
func (a *Auth) markRefresh(s *Session) {
	if _, refresh := a.revoked.refreshDue(s); refresh {
		s.AuthKit.Claims.Expiry = time.Time{}
	}
}

// raceRefresh drops a session just cached when a refresh mark for it
// arrived meanwhile (marks are recorded, then swept for; sessions cached,
// then checked), so that its next request opens it again and refreshes.
func (a *Auth) raceRefresh(token string, s *Session) {
	if s.AuthKit == nil || s.AuthKit.expired(a.now()) {
		return
	}
	if _, refresh := a.revoked.refreshDue(s); refresh {
		a.sessions.Delete(token)
	}
}

// bearerStale refuses a Bearer token that AuthKit's events ended (its
// WorkOS session revoked, its membership deleted) or that was issued
// before a change of its role or membership: its client refreshes it.
// Cached tokens are not asked again: sweepAuthKit drops them from the
// cache when such an event arrives.
func (a *Auth) bearerStale(s *Session) error {
	ended, refresh := a.revoked.refreshDue(s)
	switch {
	case ended:
		return fmt.Errorf("%w: its WorkOS session or membership has ended", errBadToken)
	case refresh:
		return fmt.Errorf("%w: issued before a change of its role or permissions", errBadToken)
	}
	return nil
}
