package core

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"testing"
	"time"
)

func fuzzJWT(t testing.TB, claims map[string]any) string {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	enc := func(v any) string { raw, _ := json.Marshal(v); return base64.RawURLEncoding.EncodeToString(raw) }
	in := enc(map[string]any{"alg": "RS256", "kid": "k"}) + "." + enc(claims)
	sum := sha256.Sum256([]byte(in))
	sig, _ := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	return in + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// FuzzUnverifiedClaims feeds the access-token claims decoder arbitrary
// tokens: it must never panic, and what it accepts has a subject and an
// expiry.
func FuzzUnverifiedClaims(f *testing.F) {
	f.Add(fuzzJWT(f, map[string]any{"sub": "user_1", "exp": 1700000000, "sid": "s", "org_id": "o", "roles": []string{"a"}, "act": map[string]any{"sub": "x"}}))
	f.Add(fuzzJWT(f, map[string]any{"sub": 1, "exp": "x"}))
	f.Add("eyJhbGciOiJub25lIn0.e30.")
	f.Add("a.b.c")
	f.Add("")
	f.Fuzz(func(t *testing.T, token string) {
		c, err := unverifiedClaims(token)
		if err != nil {
			return
		}
		if c.Subject == "" || c.Expiry.IsZero() {
			t.Fatalf("accepted claims without sub or exp: %+v", c)
		}
	})
}

// FuzzDecodeAuthKitSession feeds DecodeSession sessions with an AuthKit
// part: it must never panic, and an accepted AuthKit session names the
// token's user.
func FuzzDecodeAuthKitSession(f *testing.F) {
	tok := fuzzJWT(f, map[string]any{"sub": "user_1", "exp": 1700000000, "sid": "session_1", "org_id": "org_1", "role": "admin", "permissions": []string{"p"}})
	s := &Session{ID: "sid", Profile: Profile{ID: "user_1"}, SignedInAt: time.UnixMilli(1700000000123), IssuedAt: time.Unix(1700000100, 0), ExpiresAt: time.Unix(1700600000, 0),
		AuthKit: &AuthKitSession{User: AuthKitUser{ID: "user_1", Email: "a@b.test"}, AccessToken: NewSecret(tok), refreshToken: NewSecret("r")}}
	raw, err := encodeSessionJSON(s)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add([]byte(`{"v":1,"sid":"x","iat":1,"exp":2,"p":{"id":"p"},"ak":{"u":{"id":"p"},"a":"x.y.z","r":"r"}}`))
	f.Add([]byte(`{"v":1,"sid":"x","iat":1,"exp":2,"p":{"id":"p"},"ak":null}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		s, err := decodeSession(raw, "")
		if err != nil || s.AuthKit == nil {
			return
		}
		if s.AuthKit.Claims.Subject != s.AuthKit.User.ID || s.Profile.ID != s.AuthKit.User.ID || s.AuthKit.refreshToken.Reveal() == "" {
			t.Fatalf("accepted an inconsistent AuthKit session: %+v", s.AuthKit)
		}
		again, err := encodeSessionJSON(s)
		if err != nil {
			t.Fatal(err)
		}
		if s2, err := decodeSession(again, ""); err != nil || s2.AuthKit == nil || s2.AuthKit.AccessToken.Reveal() != s.AuthKit.AccessToken.Reveal() {
			t.Fatalf("round trip: %v", err)
		}
	})
}

func TestSessionWireBackwardsCompatible(t *testing.T) {
	// A session sealed before AuthKit existed has no "ak" and opens as an
	// SSO session; an AuthKit session keeps its tokens across the wire.
	old := []byte(`{"v":1,"sid":"x","auth":1700000000000,"iat":1700000000,"exp":1800000000,"p":{"id":"prof_1","email":"a@b.test"}}`)
	s, err := decodeSession(old, "")
	if err != nil || s.AuthKit != nil || s.Profile.Email != "a@b.test" {
		t.Fatalf("an old session: %v %+v", err, s)
	}
	tok := fuzzJWT(t, map[string]any{"sub": "user_1", "exp": 1700000000, "sid": "session_1", "org_id": "org_1", "role": "admin", "permissions": []string{"p"}})
	in := &Session{ID: "sid", IssuedAt: time.Unix(1700000100, 0), ExpiresAt: time.Unix(1700600000, 0),
		AuthKit: &AuthKitSession{User: AuthKitUser{ID: "user_1", Email: "a@b.test"}, AccessToken: NewSecret(tok), refreshToken: NewSecret("r"), Impersonator: &Impersonator{Email: "x@y"}}}
	raw, _ := encodeSessionJSON(in)
	out, err := decodeSession(raw, "")
	if err != nil || out.AuthKit == nil || out.AuthKit.refreshToken.Reveal() != "r" || out.AuthKit.Claims.SessionID != "session_1" ||
		out.Profile.OrganizationID != "org_1" || !out.Profile.HasRole("admin") || out.Profile.Permissions[0] != "p" || out.AuthKit.Impersonator.Email != "x@y" {
		t.Fatalf("AuthKit round trip: %v %+v", err, out)
	}
	// A profile that is not what the claims make of it (OnSignIn changed
	// it) is kept as it is; one that is, is derived again (not stored).
	in.AuthKit = out.AuthKit
	in.Profile = authKitProfile(out.AuthKit)
	plain, _ := encodeSessionJSON(in)
	in.Profile.Groups = []string{"hooked"}
	hooked, _ := encodeSessionJSON(in)
	if bytes.Contains(plain, []byte(`"p":`)) || !bytes.Contains(hooked, []byte(`"p":`)) {
		t.Fatalf("the profile is stored when it need not be, or not when it must be:\n%s\n%s", plain, hooked)
	}
	if back, err := decodeSession(hooked, ""); err != nil || len(back.Profile.Groups) != 1 || back.Profile.Groups[0] != "hooked" || back.Profile.OrganizationID != "org_1" {
		t.Fatalf("a changed profile across the wire: %v %+v", err, back)
	}
	// A token of another user than the session's is refused.
	raw = bytes.Replace(raw, []byte(`"u":{"id":"user_1"`), []byte(`"u":{"id":"user_2"`), 1)
	if _, err := decodeSession(raw, ""); err == nil {
		t.Fatal("accepted an access token of another user")
	}
}

func TestDecodeAuthKitUserBoundsMetadata(t *testing.T) {
	small := `{"id":"user_1","email":"a@b.test","first_name":null,"metadata":{"tz":"UTC","n":3}}`
	u, err := decodeAuthKitUser([]byte(small))
	if err != nil || u.Metadata["tz"] != "UTC" || len(u.Metadata) != 1 || u.FirstName != "" {
		t.Fatalf("small metadata: %v %+v", err, u)
	}
	big := map[string]any{"id": "user_1"}
	md := map[string]string{}
	for i := range 50 {
		md[string(rune('a'+i%26))+string(rune('a'+i/26))] = string(make([]byte, 600))
	}
	big["metadata"] = md
	raw, _ := json.Marshal(big)
	if u, err := decodeAuthKitUser(raw); err != nil || u.Metadata != nil {
		t.Fatalf("50 keys of 600 bytes were kept: %v %d", err, len(u.Metadata))
	}
	if _, err := decodeAuthKitUser([]byte(`{"email":"a@b.test"}`)); err == nil {
		t.Fatal("a user without an id was accepted")
	}
}

// FuzzDecodeAuthKitUser feeds the AuthKit user decoder arbitrary JSON: it
// must never panic, and an accepted user has an ID and bounded metadata.
func FuzzDecodeAuthKitUser(f *testing.F) {
	f.Add([]byte(`{"id":"user_1","email":"a@b.test","email_verified":true,"first_name":null,"profile_picture_url":"https://x","metadata":{"a":"b"}}`))
	f.Add([]byte(`{"id":"user_1","metadata":{"a":1,"b":null}}`))
	f.Add([]byte(`{"id":2}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		u, err := decodeAuthKitUser(raw)
		if err != nil {
			return
		}
		n := 0
		for k, v := range u.Metadata {
			n += len(k) + len(v)
		}
		if u.ID == "" || n > maxMetadataBytes {
			t.Fatalf("accepted %+v", u)
		}
	})
}
