package core

import (
	"encoding/json"
	"testing"
	"time"
)

// FuzzDecodeSession feeds DecodeSession what a server-side store hands
// back: it must never panic, and what it accepts must encode and decode
// to the same session.
func FuzzDecodeSession(f *testing.F) {
	s := &Session{ID: "sid", Profile: alice(), SignedInAt: time.UnixMilli(1700000000123), IssuedAt: time.Unix(1700000100, 0), ExpiresAt: time.Unix(1700600000, 0)}
	raw, err := EncodeSession(s)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add([]byte(`{"v":1,"sid":"x","iat":1,"exp":2,"p":{"id":"p"}}`))
	f.Add([]byte(`{"v":1,"sid":"x","auth":-5,"iat":1,"exp":2,"p":{"id":"p","role":{"slug":""}}}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		s, err := DecodeSession(raw)
		if err != nil {
			return
		}
		if s.ID == "" || s.Profile.ID == "" {
			t.Fatalf("accepted a session without IDs: %+v", s)
		}
		again, err := EncodeSession(s)
		if err != nil {
			t.Fatal(err)
		}
		s2, err := DecodeSession(again)
		if err != nil || s2.ID != s.ID || !s2.SignedInAt.Equal(s.SignedInAt) || !s2.ExpiresAt.Equal(s.ExpiresAt) {
			t.Fatalf("round trip: %+v -> %v %+v", s, err, s2)
		}
	})
}

// FuzzRevocation decodes a revocation as a feed carries it between
// instances (JSON, with a Match as text): never a panic, and an accepted
// Match re-encodes to itself.
func FuzzRevocation(f *testing.F) {
	for _, r := range []Revocation{
		{SessionID: "s1", Until: time.Unix(1800000000, 0)},
		{Match: MatchEmail("org_1", "a@b.test"), Before: time.UnixMilli(1700000000000), Until: time.Unix(1800000000, 0)},
		{Match: MatchIdentity("org_1", "idp"), Until: time.Unix(1, 0)},
	} {
		b, _ := json.Marshal(r)
		f.Add(b)
	}
	f.Add([]byte(`{"match":"z\u0000x"}`))
	f.Add([]byte(`{"match":"u"}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		var r Revocation
		if json.Unmarshal(raw, &r) != nil {
			return
		}
		_ = r.Match.String()
		_ = r.Match.selector()(&Profile{ID: "p", OrganizationID: "o", Email: "e"})
		text, _ := r.Match.MarshalText()
		var m Match
		if err := m.UnmarshalText(text); err != nil || m != r.Match {
			t.Fatalf("match %q does not round-trip: %v", text, err)
		}
	})
}
