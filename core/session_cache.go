package core

// The cache of opened sessions: its entries, putting sessions in it, and
// what they cost. Reading it is openSession (sessions.go); asking the
// store again about an entry, session_recheck.go.

import (
	"math"
	"sync/atomic"
	"time"
)

// cachedSession is an entry of the cache of opened sessions: the session,
// and when its store is asked about it again. The cookie store is never
// asked again (a sealed session says the same thing each time it is
// opened); revocations reach the cache through apply.
type cachedSession struct {
	s *Session
	// refreshAt, in unix nanoseconds: from then on a request still gets s,
	// and one check in the background asks the store about it.
	refreshAt int64
	// trustUntil, in unix nanoseconds: from then on a request waits for
	// the store's answer.
	trustUntil int64
	// gen is Auth.resets when the entry was made: an entry made before
	// the store's shared state was lost is never kept without asking.
	gen      uint64
	checking atomic.Bool // a background check is under way
}

// newCachedSession is the entry of s cached at now, trusted for window
// (forever when window is 0): checked in the background over its last
// quarter.
func newCachedSession(s *Session, now time.Time, window time.Duration, gen uint64) *cachedSession {
	e := &cachedSession{s: s, refreshAt: math.MaxInt64, trustUntil: math.MaxInt64, gen: gen}
	if window > 0 {
		t := now.UnixNano()
		e.refreshAt, e.trustUntil = t+int64(window-window/4), t+int64(window)
	}
	return e
}

// entryCost is the cost of an entry of the cache of opened sessions.
func entryCost(token string, e *cachedSession) int64 { return sessionCost(token, e.s) }

// cacheSession puts an opened session in the cache and reports whether it
// is still valid: a revocation that arrived between the store's answer and
// the cache's Set is caught by the check after it (revocations record
// first, then sweep the cache).
func (a *Auth) cacheSession(token string, s *Session) bool {
	return a.cacheEntry(token, s, a.recheck)
}

// cacheEntry is cacheSession with the time until the store is asked
// again: window (none when 0).
func (a *Auth) cacheEntry(token string, s *Session, window time.Duration) bool {
	if a.sessions == nil {
		return !a.revoked.revoked(s)
	}
	a.sessions.Set(token, newCachedSession(s, a.now(), window, a.resets.Load()), s.ExpiresAt)
	if a.revoked.revoked(s) {
		a.sessions.Delete(token)
		return false
	}
	a.mode.cached(token, s, window)
	return true
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
	for _, perm := range p.Permissions {
		n += headerCost + len(perm)
	}
	return int64(n + attributesCost(p.CustomAttributes) + attributesCost(p.RawAttributes) + authKitCost(s.AuthKit))
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

// authKitCost estimates the memory of an AuthKit session for the cache of
// opened sessions: its tokens, user and claims.
func authKitCost(k *AuthKitSession) int {
	if k == nil {
		return 0
	}
	n := 512 + len(k.AccessToken.Reveal()) + len(k.refreshToken.Reveal()) + len(k.User.ID) + len(k.User.Email) + len(k.User.FirstName) +
		len(k.User.LastName) + len(k.User.ProfilePictureURL) + len(k.OrganizationID)
	for _, list := range [][]string{k.Claims.Roles, k.Claims.Permissions, k.Claims.Entitlements, k.Claims.FeatureFlags} {
		for _, v := range list {
			n += headerCost + len(v)
		}
	}
	for key, v := range k.User.Metadata {
		n += 2*headerCost + len(key) + len(v)
	}
	return n
}
