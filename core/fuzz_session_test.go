package core

import (
	"testing"
	"time"

	"github.com/ssokit/workosauth/core/store"
)

// FuzzDecodeSession feeds DecodeSession what a server-side store hands
// back: it must never panic, and what it accepts must encode and decode
// to the same session.
func FuzzDecodeSession(f *testing.F) {
	s := &Session{ID: "sid", Profile: alice(), SignedInAt: time.UnixMilli(1700000000123), IssuedAt: time.Unix(1700000100, 0), ExpiresAt: time.Unix(1700600000, 0)}
	raw, err := encodeSessionJSON(s)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add([]byte(`{"v":1,"sid":"x","iat":1,"exp":2,"p":{"id":"p"}}`))
	f.Add([]byte(`{"v":1,"sid":"x","auth":-5,"iat":1,"exp":2,"p":{"id":"p","role":{"slug":""}}}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		s, err := decodeSession(raw, "")
		if err != nil {
			return
		}
		if s.ID == "" || s.Profile.ID == "" {
			t.Fatalf("accepted a session without IDs: %+v", s)
		}
		again, err := encodeSessionJSON(s)
		if err != nil {
			t.Fatal(err)
		}
		s2, err := decodeSession(again, "")
		if err != nil || s2.ID != s.ID || !s2.SignedInAt.Equal(s.SignedInAt) || !s2.ExpiresAt.Equal(s.ExpiresAt) {
			t.Fatalf("round trip: %+v -> %v %+v", s, err, s2)
		}
	})
}

// FuzzRevocation reads a revocation as a feed carries it between
// instances (store.Revocation, its Match in core's text form): never a
// panic; what is accepted revokes something, has an end, a match with its
// time, and goes back to the feed as it came.
func FuzzRevocation(f *testing.F) {
	for _, r := range []revocation{
		{SessionID: "s1", Until: time.Unix(1800000000, 0)},
		{Match: MatchEmail("org_1", "a@b.test"), Before: time.UnixMilli(1700000000000), Until: time.Unix(1800000000, 0)},
		{Match: MatchIdentity("org_1", "idp"), Before: time.UnixMilli(1), Until: time.Unix(1, 0)},
		{Match: newMatch(matchWorkOSSession, "session_1"), Before: time.UnixMilli(1700000000000), Until: time.Unix(1800000000, 0)},
		{Match: newMatch(refreshOrgRole, "org_1", "admin"), Before: time.UnixMilli(1700000000000), Until: time.Unix(1800000000, 0)},
	} {
		sr := r.shared()
		f.Add(sr.SessionID, sr.Match, sr.Before.UnixMilli(), sr.Until.Unix())
	}
	f.Add("", "z\x00x", int64(1), int64(2))
	f.Add("", "u", int64(1), int64(2))
	f.Add("", "u\x00", int64(1), int64(2))
	f.Fuzz(func(t *testing.T, sid, match string, before, until int64) {
		sr := store.Revocation{SessionID: sid, Match: match, Until: time.Unix(until, 0)}
		if before != 0 {
			sr.Before = time.UnixMilli(before)
		}
		r, err := fromFeed(sr)
		if err != nil {
			return
		}
		if r.SessionID == "" && r.Match.isZero() || r.Until.IsZero() || !r.Match.isZero() && r.Before.IsZero() {
			t.Fatalf("accepted %+v", sr)
		}
		_ = r.Match.String()
		_ = r.Match.selector()(&Profile{ID: "p", OrganizationID: "o", Email: "e"})
		_ = r.Match.akSelector()(&AuthKitSession{User: AuthKitUser{ID: "u"}, Claims: AccessTokenClaims{SessionID: "s", Role: "r", Roles: []string{"r"}}})
		if back := r.shared(); back != sr {
			t.Fatalf("%+v went back to the feed as %+v", sr, back)
		}
	})
}
