package core

import (
	"testing"
	"time"
)

// TestAuthKitMatches: each AuthKit kind selects the sessions its event
// concerns and no others, by the right time: the sign-in for the kinds
// that end sessions, the access token's iat (whole seconds, a token of
// the event's own second counting as after it) for those that refresh.
func TestAuthKitMatches(t *testing.T) {
	event := time.UnixMilli(1_700_000_010_500) // 10.5 s past a whole second
	session := func(org, user, sid string, signedIn, iat time.Time, roles ...string) *Session {
		k := &AuthKitSession{User: AuthKitUser{ID: user}, OrganizationID: org,
			Claims: AccessTokenClaims{Subject: user, SessionID: sid, OrganizationID: org, IssuedAt: iat, Expiry: iat.Add(5 * time.Minute)}}
		if len(roles) > 0 {
			k.Claims.Role, k.Claims.Roles = roles[0], roles
		}
		return &Session{ID: "s-" + sid, Profile: authKitProfile(k), SignedInAt: signedIn, AuthKit: k}
	}
	earlier, sameSecond, later := event.Add(-2*time.Second), event.Add(-400*time.Millisecond), event.Add(time.Second)
	cases := []struct {
		name    string
		m       Match
		s       *Session
		ended   bool
		refresh bool
	}{
		{"sid", newMatch(matchWorkOSSession, "session_1"), session("org_a", "user_1", "session_1", earlier, earlier), true, false},
		{"another sid", newMatch(matchWorkOSSession, "session_1"), session("org_a", "user_1", "session_2", earlier, earlier), false, false},
		{"member", newMatch(matchMember, "org_a", "user_1"), session("org_a", "user_1", "session_1", earlier, earlier), true, false},
		{"member, another organization", newMatch(matchMember, "org_a", "user_1"), session("org_b", "user_1", "session_1", earlier, earlier), false, false},
		{"member, signed in after", newMatch(matchMember, "org_a", "user_1"), session("org_a", "user_1", "session_1", later, later), false, false},
		{"membership refresh", newMatch(refreshMember, "org_a", "user_1"), session("org_a", "user_1", "session_1", earlier, earlier), false, true},
		{"membership refresh, token of the event's second", newMatch(refreshMember, "org_a", "user_1"), session("org_a", "user_1", "session_1", earlier, sameSecond), false, false},
		{"membership refresh, another user", newMatch(refreshMember, "org_a", "user_1"), session("org_a", "user_2", "session_1", earlier, earlier), false, false},
		{"role", newMatch(refreshRole, "admin"), session("org_b", "user_1", "session_1", earlier, earlier, "member", "admin"), false, true},
		{"role, not held", newMatch(refreshRole, "admin"), session("org_b", "user_1", "session_1", earlier, earlier, "member"), false, false},
		{"organization role", newMatch(refreshOrgRole, "org_a", "admin"), session("org_a", "user_1", "session_1", earlier, earlier, "admin"), false, true},
		{"organization role, another organization", newMatch(refreshOrgRole, "org_a", "admin"), session("org_b", "user_1", "session_1", earlier, earlier, "admin"), false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newRevocations(100, nil)
			r.add(revocation{Match: c.m, Before: event, Until: event.Add(time.Hour)}, event)
			ended, refresh := r.refreshDue(c.s)
			if ended != c.ended || refresh != c.refresh {
				t.Fatalf("ended %v, refresh %v; want %v, %v", ended, refresh, c.ended, c.refresh)
			}
			if cookie := r.revoked(c.s); cookie != c.ended {
				t.Fatalf("revoked (a cookie session) = %v, want %v", cookie, c.ended)
			}
			swept := c.m.akSelector()(c.s.AuthKit) && akHit(c.m.refreshes(), event.UnixMilli(), c.s)
			if swept != (c.ended || c.refresh) {
				t.Fatalf("the cache sweep takes it: %v, want %v", swept, c.ended || c.refresh)
			}
			if parsed, err := parseMatch(c.m.key); err != nil || parsed != c.m {
				t.Fatalf("the feed's form reads back as %v, %v", parsed, err)
			}
		})
	}
}
