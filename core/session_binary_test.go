package core

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"net/http"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core/internal/sessionfmt"
)

// v1Cookies are session cookies sealed by the JSON format (version 1),
// before the binary format existed (commit 0d9975d's code): guard_cookie
// by SessionCookies on newTestAuth with the clock at v1SealedAt, the
// store_ ones by NewCookieStore(testPassword).Save (unbound: associated
// data "session").
type v1Cookies struct {
	GuardCookieName string `json:"guard_cookie_name"`
	GuardCookie     string `json:"guard_cookie"`
	StoreSSO        string `json:"store_sso"`
	StoreAuthKit    string `json:"store_authkit"`
}

var v1SealedAt = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

// v1Profile is the profile the v1 cookies hold.
func v1Profile() Profile {
	p := alice()
	p.Name = "Alice Liddell"
	p.Roles = []Role{{Slug: "admin"}, {Slug: "member"}}
	p.Permissions = []string{"widgets:read"}
	p.CustomAttributes = map[string]any{"department": "R&D", "level": 3, "ratio": 0.25, "tags": []string{"a", "ü"}, "nested": map[string]any{"x": nil, "ok": true}}
	p.RawAttributes = map[string]any{"picture": "https://img.test/a.png"}
	return p
}

// viaJSON is what the JSON format reads back of s.
func viaJSON(t testing.TB, s *Session) *Session {
	t.Helper()
	raw, err := encodeSessionJSON(s)
	if err != nil {
		t.Fatal(err)
	}
	out, err := decodeSession(raw, "")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func readV1Cookies(t *testing.T) v1Cookies {
	t.Helper()
	raw, err := os.ReadFile("testdata/sessions_v1.json")
	if err != nil {
		t.Fatal(err)
	}
	var c v1Cookies
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// plaintext opens a cookie sealed by a's store and returns its session
// encoding.
func plaintext(t *testing.T, a *Auth, value string) []byte {
	t.Helper()
	cs := a.store.st.(*cookieStore)
	raw, _, err := cs.sealer.Open(value, cs.aad)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// After the upgrade to the binary format, a cookie sealed by the JSON
// format still opens, to the same session, and its renewal is sealed in
// the binary format.
func TestV1CookieOpensAfterUpgrade(t *testing.T) {
	c := readV1Cookies(t)
	now := v1SealedAt.Add(time.Minute)
	a := newTestAuth(t, func(cfg *Config) { cfg.Now = func() time.Time { return now } })
	cookie := &http.Cookie{Name: c.GuardCookieName, Value: c.GuardCookie}
	if raw := plaintext(t, a, c.GuardCookie); raw[0] != '{' {
		t.Fatalf("testdata cookie is not JSON: %q", raw[:1])
	}
	s := a.session(newFake("GET", "/").withCookies(cookie))
	want := viaJSON(t, &Session{ID: "x", Profile: v1Profile(), ExpiresAt: time.Unix(1, 0)}).Profile
	if s == nil || !reflect.DeepEqual(s.Profile, want) || !s.SignedInAt.Equal(v1SealedAt) {
		t.Fatalf("v1 cookie opened to %+v, want profile %+v", s, want)
	}

	now = v1SealedAt.Add((7 * 24 * time.Hour) * 3 / 4) // past half its lifetime: renewed
	a = newTestAuth(t, func(cfg *Config) { cfg.Now = func() time.Time { return now } })
	x := newFake("GET", "/").withCookies(cookie)
	if s := a.session(x); s == nil || len(x.setCooks) != 1 {
		t.Fatalf("v1 cookie not renewed: %+v, cookies %v", s, x.setCooks)
	}
	renewed := x.setCooks[0]
	if raw := plaintext(t, a, renewed.Value); raw[0] != sessionfmt.Version {
		t.Fatalf("renewed cookie sealed as %q, want the binary format", raw[:1])
	}
	a = newTestAuth(t, func(cfg *Config) { cfg.Now = func() time.Time { return now } })
	s2 := a.session(newFake("GET", "/").withCookies(renewed))
	if s2 == nil || s2.ID != s.ID || !reflect.DeepEqual(s2.Profile, want) || !s2.SignedInAt.Equal(v1SealedAt) {
		t.Fatalf("renewed cookie opened to %+v", s2)
	}
}

// The store's v1 cookies, SSO and AuthKit, open to what they held.
func TestV1StoreCookiesOpen(t *testing.T) {
	c := readV1Cookies(t)
	store, err := newCookieStore([]byte("session"), time.Now, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	ss := &sessionStore{st: store, sealed: true}
	sso, err := ss.load(t.Context(), c.StoreSSO)
	if err != nil {
		t.Fatal(err)
	}
	want := viaJSON(t, &Session{ID: "sess_v1_sso", Profile: v1Profile(), SignedInAt: time.UnixMilli(1796040000123), IssuedAt: time.Unix(1796040100, 0), ExpiresAt: time.Unix(4102444800, 0)})
	if !reflect.DeepEqual(sso, want) {
		t.Fatalf("SSO v1 cookie:\n got %+v\nwant %+v", sso, want)
	}
	ak, err := ss.load(t.Context(), c.StoreAuthKit)
	if err != nil {
		t.Fatal(err)
	}
	k := ak.AuthKit
	if k == nil || ak.ID != "sess_v1_ak" || k.User.Email != "vera@acme.test" || !k.User.EmailVerified || k.User.Metadata["tz"] != "Europe/London" ||
		k.Impersonator == nil || k.Impersonator.Reason != "support" || k.refreshToken.Reveal() != "refresh_v1" || k.Claims.SessionID != "session_01V1" ||
		!ak.Profile.HasRole("billing") || ak.Profile.OrganizationID != "org_01ACME" || !ak.SignedInAt.Equal(time.UnixMilli(1796040000456)) {
		t.Fatalf("AuthKit v1 cookie: %+v %+v", ak, k)
	}
	if again := viaJSON(t, ak); !sameSession(again, ak) {
		t.Fatalf("AuthKit v1 session does not read back as JSON would:\n got %+v\nwant %+v", ak, again)
	}
}

// The cookie store seals the binary format, which is smaller than the
// JSON, bare: no byte spent on the record's ID and expiry twice.
func TestCookieStoreSealsBinary(t *testing.T) {
	a := newTestAuth(t, nil)
	_, cs, err := a.sessionCookies(t.Context(), v1Profile())
	if err != nil {
		t.Fatal(err)
	}
	raw := plaintext(t, a, cs[0].Value)
	js, _ := encodeSessionJSON(a.session(newFake("GET", "/").withCookies(cs...)))
	if raw[0] != sessionfmt.Version || len(raw) >= len(js) {
		t.Fatalf("sealed %d bytes starting %q; JSON is %d", len(raw), raw[:1], len(js))
	}
}

// Property: whatever session the binary format is given, it reads back
// exactly what the JSON format reads back of it (same strings, times,
// nil and empty lists and maps, attribute values and types).
func TestSessionBinaryReadsAsJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	tok := fuzzJWT(t, map[string]any{"sub": "user_1", "exp": 1700000000, "iat": 1690000000, "sid": "session_1", "org_id": "org_1",
		"role": "admin", "roles": []string{"admin", "x"}, "permissions": []string{"p"}, "act": map[string]any{"sub": "boss@x.test"}})
	for i := range 3000 {
		s := randomSession(rng, tok)
		raw, err := encodeSessionBinary(s, "")
		if err != nil {
			t.Fatalf("%d: encode: %v", i, err)
		}
		got, err := decodeSession(raw, "")
		if err != nil {
			t.Fatalf("%d: decode: %v (%+v)", i, err, s)
		}
		if want := viaJSON(t, s); !sameSession(got, want) {
			t.Fatalf("%d: binary read back\n %#v\nJSON read back\n %#v", i, got, want)
		}
	}
}

// A value JSON cannot encode is refused by both formats.
func TestSessionBinaryRefusesWhatJSONRefuses(t *testing.T) {
	for _, v := range []any{math.NaN(), math.Inf(-1), make(chan int), map[string]any{"f": func() {}}} {
		p := alice()
		p.CustomAttributes = map[string]any{"v": v}
		s := &Session{ID: "s", Profile: p, ExpiresAt: time.Unix(2, 0)}
		_, errJSON := encodeSessionJSON(s)
		_, errBin := encodeSessionBinary(s, "")
		if errJSON == nil || errBin == nil {
			t.Errorf("%T: JSON error %v, binary error %v", v, errJSON, errBin)
		}
	}
}

// Malformed binary sessions are refused, never a panic.
func TestDecodeSessionBinaryMalformed(t *testing.T) {
	good, err := encodeSessionBinary(&Session{ID: "s", Profile: alice(), ExpiresAt: time.Unix(2, 0)}, "")
	if err != nil {
		t.Fatal(err)
	}
	noID, _ := encodeSessionBinary(&Session{Profile: alice(), ExpiresAt: time.Unix(2, 0)}, "")
	noProfile, _ := encodeSessionBinary(&Session{ID: "s", ExpiresAt: time.Unix(2, 0)}, "")
	noExpiry, _ := encodeSessionBinary(&Session{ID: "s", Profile: alice()}, "")
	badKind := append([]byte{}, good...)
	badKind[1] = 7
	for name, raw := range map[string][]byte{
		"version only": {sessionfmt.Version},
		"truncated":    good[:len(good)-1],
		"trailing":     append(append([]byte{}, good...), 0),
		"bad kind":     badKind,
		"no ID":        noID,
		"no profile":   noProfile,
		"no expiry":    noExpiry,
		"huge count":   append([]byte{sessionfmt.Version, 0, 0xff, 0xff, 0xff, 0xff, 0x0f}, strings.Repeat("x", 16)...),
	} {
		if s, err := decodeSession(raw, ""); err == nil {
			t.Errorf("%s: accepted %+v", name, s)
		}
	}
}

// FuzzDecodeSessionBinary feeds the binary session decoder arbitrary
// bytes: never a panic; what it accepts is a valid session that encodes
// and decodes to itself.
func FuzzDecodeSessionBinary(f *testing.F) {
	tok := fuzzJWT(f, map[string]any{"sub": "user_1", "exp": 1700000000, "sid": "session_1", "org_id": "org_1"})
	rng := rand.New(rand.NewPCG(3, 4))
	for range 8 {
		raw, err := encodeSessionBinary(randomSession(rng, tok), "")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	bound, _ := encodeSessionBinary(randomSession(rng, tok), "client_1")
	f.Add(bound)
	f.Add([]byte{sessionfmt.Version})
	f.Fuzz(func(t *testing.T, raw []byte) {
		if len(raw) == 0 || raw[0] != sessionfmt.Version {
			raw = append([]byte{sessionfmt.Version}, raw...)
		}
		clientID := "" // a sealed cookie's, or a server-side store's
		if len(raw) > 1 && raw[1]&binaryBound != 0 {
			clientID = "client_1"
		}
		s, err := decodeSession(raw, clientID)
		if err != nil {
			return
		}
		if s.ID == "" || s.Profile.ID == "" || s.ExpiresAt.Unix() <= 0 {
			t.Fatalf("accepted an invalid session: %+v", s)
		}
		if id, exp, ok := sessionHeader(raw); !ok || id != s.ID || !exp.Equal(s.ExpiresAt) {
			t.Fatalf("the header of %+v reads %q %v %v", s, id, exp, ok)
		}
		again, err := encodeSessionBinary(s, clientID)
		if err != nil {
			t.Fatal(err)
		}
		s2, err := decodeSession(again, clientID)
		if err != nil || !sameSession(s2, s) {
			t.Fatalf("round trip: %v\n %+v\n %+v", err, s, s2)
		}
	})
}

// randomSession is a session with random contents: SSO (a profile with
// random strings, lists and attribute trees) or, one time in four,
// AuthKit with tok as its access token.
func randomSession(rng *rand.Rand, tok string) *Session {
	str := func() string { return randomString(rng) }
	s := &Session{ID: "s" + str(), SignedInAt: time.UnixMilli(rng.Int64N(4e12) - 1e12), IssuedAt: time.Unix(rng.Int64N(4e9)-1e9, 0), ExpiresAt: time.Unix(1+rng.Int64N(4e9), 0)}
	if rng.IntN(4) == 0 {
		k := &AuthKitSession{User: AuthKitUser{ID: "user_1", Email: str(), EmailVerified: rng.IntN(2) == 0, FirstName: str(), LastName: str(),
			ProfilePictureURL: str(), ExternalID: str(), Locale: str()},
			OrganizationID: str(), AuthenticationMethod: str(), AccessToken: NewSecret(tok), refreshToken: NewSecret("r" + str())}
		if rng.IntN(2) == 0 {
			k.User.Metadata = map[string]string{}
			for range rng.IntN(4) {
				k.User.Metadata[str()] = str()
			}
		}
		if rng.IntN(2) == 0 {
			k.Impersonator = &Impersonator{Email: str(), Reason: str()}
		}
		s.AuthKit = k
		return s
	}
	list := func() []string {
		switch rng.IntN(3) {
		case 0:
			return nil
		case 1:
			return []string{}
		}
		l := make([]string, 1+rng.IntN(5))
		for i := range l {
			l[i] = str()
		}
		return l
	}
	p := &s.Profile
	p.ID, p.Email, p.FirstName, p.LastName, p.Name = "p"+str(), str(), str(), str(), str()
	p.OrganizationID, p.ConnectionID, p.ConnectionType, p.IdpID = str(), str(), str(), str()
	if rng.IntN(2) == 0 {
		p.Role = &Role{Slug: str()}
	}
	for _, r := range list() {
		p.Roles = append(p.Roles, Role{Slug: r})
	}
	p.Permissions, p.Groups = list(), list()
	if rng.IntN(4) > 0 {
		p.CustomAttributes = randomObject(rng, 0)
	}
	if rng.IntN(2) == 0 {
		p.RawAttributes = randomObject(rng, 0)
	}
	return s
}

// randomString is valid UTF-8 (JSON replaces invalid bytes), from a few
// alphabets, sometimes empty.
func randomString(rng *rand.Rand) string {
	const alphabet = "abcXYZ09 _-.@/\\\"'<>&\u00e9\u00fc\u4e2d\u2028\U0001F600\x00\x1f"
	runes := []rune(alphabet)
	var b strings.Builder
	for range rng.IntN(12) {
		b.WriteRune(runes[rng.IntN(len(runes))])
	}
	return b.String()
}

func randomObject(rng *rand.Rand, depth int) map[string]any {
	m := map[string]any{}
	for range rng.IntN(5) {
		m[randomString(rng)] = randomValue(rng, depth+1)
	}
	return m
}

// randomValue is an attribute value: what JSON decodes to, and types it
// does not (ints, typed slices and maps, structs) that JSON normalises;
// sometimes nested deeper than the binary format's own depth.
func randomValue(rng *rand.Rand, depth int) any {
	if depth > 3 && rng.IntN(40) == 0 { // a deep chain past sessionfmt.MaxDepth
		var v any = "bottom"
		for range sessionfmt.MaxDepth + 3 {
			v = []any{v}
		}
		return v
	}
	k := rng.IntN(14)
	if depth > 4 && k >= 9 {
		k = rng.IntN(9)
	}
	switch k {
	case 0:
		return nil
	case 1:
		return rng.IntN(2) == 0
	case 2:
		return float64(rng.Int64N(1<<20) - 1<<19)
	case 3:
		return (rng.Float64() - 0.5) * math.Pow(10, float64(rng.IntN(40)-20))
	case 4:
		return []float64{1 << 53, -(1 << 53) - 2, 1e300, math.Copysign(0, -1), math.SmallestNonzeroFloat64}[rng.IntN(5)]
	case 5:
		return randomString(rng)
	case 6:
		return rng.IntN(1000) // an int: JSON reads a float64
	case 7:
		return []string{randomString(rng)}
	case 8:
		return struct {
			A int    `json:"a"`
			B string `json:"b,omitempty"`
		}{A: rng.IntN(9), B: randomString(rng)}
	case 9, 10:
		a := make([]any, rng.IntN(4))
		for i := range a {
			a[i] = randomValue(rng, depth+1)
		}
		return a
	case 11:
		return map[string]string{randomString(rng): randomString(rng)}
	default:
		return randomObject(rng, depth)
	}
}

// sameSession is reflect.DeepEqual for sessions, comparing AuthKit's
// tokens by value (a Secret holds its value in a function, which
// DeepEqual never finds equal).
func sameSession(a, b *Session) bool {
	if a == nil || b == nil || a.AuthKit == nil || b.AuthKit == nil {
		return reflect.DeepEqual(a, b)
	}
	ka, kb := *a.AuthKit, *b.AuthKit
	if ka.AccessToken.Reveal() != kb.AccessToken.Reveal() || ka.refreshToken.Reveal() != kb.refreshToken.Reveal() {
		return false
	}
	ka.AccessToken, ka.refreshToken, kb.AccessToken, kb.refreshToken = Secret{}, Secret{}, Secret{}, Secret{}
	ca, cb := *a, *b
	ca.AuthKit, cb.AuthKit = &ka, &kb
	return reflect.DeepEqual(&ca, &cb)
}
