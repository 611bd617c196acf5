package core

import (
	"fmt"
	"strings"
)

// Match selects sessions by who signed in: one user, one identity within
// an organization, one email within an organization, or everyone who came
// through a connection or an organization. [Auth.RevokeMatching] ends the
// sessions a Match selects. The zero Match selects nothing.
type Match struct{ key string }

// The kinds of Match, the first byte of its key.
const (
	matchUser         = 'u'
	matchIdentity     = 'i'
	matchEmail        = 'e'
	matchConnection   = 'c'
	matchOrganization = 'o'
)

// MatchUser selects the sessions of one profile (prof_...): one user of
// one connection, on every device.
func MatchUser(profileID string) Match { return newMatch(matchUser, profileID) }

// MatchIdentity selects the sessions of the user whom the identity
// provider calls idpID, within one organization; never across
// organizations.
func MatchIdentity(organizationID, idpID string) Match {
	return newMatch(matchIdentity, organizationID, idpID)
}

// MatchEmail selects the sessions of an email address (compared without
// regard to case) within one organization; never across organizations.
func MatchEmail(organizationID, email string) Match {
	return newMatch(matchEmail, organizationID, strings.ToLower(email))
}

// MatchConnection selects every session that signed in through a
// connection (conn_...).
func MatchConnection(connectionID string) Match { return newMatch(matchConnection, connectionID) }

// MatchOrganization selects every session of an organization (org_...).
func MatchOrganization(organizationID string) Match {
	return newMatch(matchOrganization, organizationID)
}

// newMatch builds a key from its parts; a Match with an empty part is the
// zero Match, so it can never select sessions that lack the field.
func newMatch(kind byte, parts ...string) Match {
	for _, p := range parts {
		if p == "" || strings.IndexByte(p, 0) >= 0 {
			return Match{}
		}
	}
	return Match{string(kind) + "\x00" + strings.Join(parts, "\x00")}
}

// isZero reports whether m selects nothing.
func (m Match) isZero() bool { return m.key == "" }

// String is a readable form of m, for logs: the kind and the IDs, never
// an email address in full.
func (m Match) String() string {
	if m.key == "" {
		return "match()"
	}
	parts := strings.Split(m.key[2:], "\x00")
	if m.key[0] == matchEmail && len(parts) == 2 && strings.Contains(parts[1], "@") {
		parts[1] = hiddenEmail(parts[1])
	}
	return fmt.Sprintf("match(%c:%s)", m.key[0], strings.Join(parts, ","))
}

// parseMatch reads a Match's text form (its key, as a store.Revocation
// carries it): "" is the zero Match; anything else not core's is an
// error.
func parseMatch(key string) (Match, error) {
	if key == "" {
		return Match{}, nil
	}
	parts := strings.Split(key, "\x00")
	want := map[byte]int{matchUser: 2, matchIdentity: 3, matchEmail: 3, matchConnection: 2, matchOrganization: 2}
	n, ok := want[key[0]]
	if !ok {
		n, ok = authKitArity(key[0])
	}
	if !ok || len(parts) != n || len(parts[0]) != 1 {
		return Match{}, fmt.Errorf("workosauth: not a session match: %q", key)
	}
	for _, p := range parts[1:] {
		if p == "" {
			return Match{}, fmt.Errorf("workosauth: not a session match: %q", key)
		}
	}
	return Match{key}, nil
}

// matchesOf returns the keys of every Match that selects a session with
// profile p: the ones a revocation list looks up on a cache miss.
func matchesOf(p *Profile) [5]Match {
	return [5]Match{
		MatchUser(p.ID),
		MatchIdentity(p.OrganizationID, p.IdpID),
		MatchEmail(p.OrganizationID, p.Email),
		MatchConnection(p.ConnectionID),
		MatchOrganization(p.OrganizationID),
	}
}

// selector returns a function reporting whether m selects a session
// with a given profile. It parses m once, so that scanning a cache of
// sessions with it allocates nothing per session.
func (m Match) selector() func(p *Profile) bool {
	if m.key == "" {
		return func(*Profile) bool { return false }
	}
	parts := strings.Split(m.key[2:], "\x00")
	switch m.key[0] {
	case matchUser:
		return func(p *Profile) bool { return p.ID == parts[0] }
	case matchIdentity:
		return func(p *Profile) bool { return p.OrganizationID == parts[0] && p.IdpID == parts[1] }
	case matchEmail:
		return func(p *Profile) bool { return p.OrganizationID == parts[0] && strings.EqualFold(p.Email, parts[1]) }
	case matchConnection:
		return func(p *Profile) bool { return p.ConnectionID == parts[0] }
	case matchOrganization:
		return func(p *Profile) bool { return p.OrganizationID == parts[0] }
	}
	return func(*Profile) bool { return false }
}
