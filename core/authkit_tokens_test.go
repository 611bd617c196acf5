package core_test

import (
	"crypto"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
)

// jwksStub is a WorkOS stand-in that publishes RSA keys the test holds.
type jwksStub struct {
	mu      sync.Mutex
	keys    map[string]*rsa.PrivateKey
	fetches atomic.Int32
	srv     *httptest.Server
}

func newJWKSStub(t *testing.T) *jwksStub {
	s := &jwksStub{keys: map[string]*rsa.PrivateKey{}}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/sso/jwks/client_test" {
			http.NotFound(w, r)
			return
		}
		s.fetches.Add(1)
		s.mu.Lock()
		var keys []any
		for kid, k := range s.keys {
			keys = append(keys, map[string]any{"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256",
				"n": b64(k.N.Bytes()), "e": b64(big.NewInt(int64(k.E)).Bytes())})
		}
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"keys": keys})
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *jwksStub) addKey(kid string) *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys[kid] = k
	return k
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func b64JSON(v any) string { return b64(mustJSON(v)) }

func mustJSON(v any) []byte {
	raw, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return raw
}

// strayBits is s (unpadded base64url whose length is not a multiple of
// four) with the unused low bits of its last character set: a lax decoder
// reads the same bytes, a strict one refuses it.
func strayBits(s string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	v := strings.IndexByte(alphabet, s[len(s)-1])
	return s[:len(s)-1] + string(alphabet[v|1])
}

func signRS(key *rsa.PrivateKey, header, claims map[string]any) string {
	return signRaw(key, string(mustJSON(header)), string(mustJSON(claims)))
}

// signRaw signs header and claims JSON exactly as given.
func signRaw(key *rsa.PrivateKey, header, claims string) string {
	in := b64([]byte(header)) + "." + b64([]byte(claims))
	sum := sha256.Sum256([]byte(in))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		panic(err)
	}
	return in + "." + b64(sig)
}

// tokenApp is a Bearer-guarded /api/me on an Auth whose WorkOS is stub.
func tokenApp(t *testing.T, stub *jwksStub, now func() time.Time, edit func(*core.Config)) http.Handler {
	auth := newBearerAuth(t, stub, now, edit)
	return workoshttp.RequireWorkOS(auth, core.AcceptBearer())(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k, _ := core.AuthKitFrom(r.Context())
		w.Write([]byte(k.User.ID + " " + k.OrganizationID))
	}))
}

func bearerStatus(h http.Handler, token string) (int, string) {
	r := httptest.NewRequest("GET", "/api/me", nil)
	r.Header.Set("Authorization", "Bearer "+token)
	r.Header.Set("Accept", "text/html") // a browser too gets 401, not a redirect
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Code, w.Body.String()
}

func TestAccessTokensRefused(t *testing.T) {
	stub := newJWKSStub(t)
	key := stub.addKey("kid_good")
	otherPublished := stub.addKey("kid_other")
	h := tokenApp(t, stub, time.Now, func(c *core.Config) { c.AuthKit.Issuers = []string{"https://auth.example.test"} })
	now := time.Now()
	claims := func(edit func(map[string]any)) map[string]any {
		c := map[string]any{"iss": stub.srv.URL + "/user_management/client_test", "sub": "user_01A", "sid": "session_01A",
			"org_id": "org_01A", "role": "admin", "permissions": []string{"p:1"}, "iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix()}
		if edit != nil {
			edit(c)
		}
		return c
	}
	good := signRS(key, map[string]any{"alg": "RS256", "kid": "kid_good"}, claims(nil))
	if st, body := bearerStatus(h, good); st != 200 || body != "user_01A org_01A" {
		t.Fatalf("a good token: %d %q", st, body)
	}
	if st, _ := bearerStatus(h, signRS(otherPublished, map[string]any{"alg": "RS256", "kid": "kid_other", "typ": "JWT"}, claims(nil))); st != 200 {
		t.Fatalf("a good token under the other published key: %d", st)
	}
	for _, iss := range []string{stub.srv.URL, "https://auth.example.test"} {
		tok := signRS(key, map[string]any{"alg": "RS256", "kid": "kid_good"}, claims(func(c map[string]any) { c["iss"] = iss }))
		if st, _ := bearerStatus(h, tok); st != 200 {
			t.Errorf("issuer %q (configured) refused: %d", iss, st)
		}
	}
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	pubDER, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	hs := func(secret []byte) string {
		in := b64JSON(map[string]any{"alg": "HS256", "kid": "kid_good"}) + "." + b64JSON(claims(nil))
		m := hmac.New(sha256.New, secret)
		m.Write([]byte(in))
		return in + "." + b64(m.Sum(nil))
	}
	parts := strings.Split(good, ".")
	sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
	claimsJSON := string(mustJSON(claims(nil)))
	forged := map[string]string{
		"garbage":                    "not-a-jwt",
		"empty":                      "",
		"alg none":                   b64JSON(map[string]any{"alg": "none", "kid": "kid_good"}) + "." + b64JSON(claims(nil)) + ".",
		"HS256 with the public key":  hs(pubDER),
		"HS256 with the modulus":     hs(key.N.Bytes()),
		"payload changed":            parts[0] + "." + b64JSON(claims(func(c map[string]any) { c["sub"] = "user_01B" })) + "." + parts[2],
		"signature cut":              parts[0] + "." + parts[1] + ".",
		"expired":                    signRS(key, map[string]any{"alg": "RS256", "kid": "kid_good"}, claims(func(c map[string]any) { c["exp"] = now.Add(-10 * time.Second).Unix() })),
		"no exp":                     signRS(key, map[string]any{"alg": "RS256", "kid": "kid_good"}, claims(func(c map[string]any) { delete(c, "exp") })),
		"no sub":                     signRS(key, map[string]any{"alg": "RS256", "kid": "kid_good"}, claims(func(c map[string]any) { delete(c, "sub") })),
		"wrong issuer":               signRS(key, map[string]any{"alg": "RS256", "kid": "kid_good"}, claims(func(c map[string]any) { c["iss"] = "https://evil.test" })),
		"issuer with a slash":        signRS(key, map[string]any{"alg": "RS256", "kid": "kid_good"}, claims(func(c map[string]any) { c["iss"] = stub.srv.URL + "/" })),
		"other client's issuer":      signRS(key, map[string]any{"alg": "RS256", "kid": "kid_good"}, claims(func(c map[string]any) { c["iss"] = stub.srv.URL + "/user_management/client_other" })),
		"wrong key under a good kid": signRS(other, map[string]any{"alg": "RS256", "kid": "kid_good"}, claims(nil)),
		"unknown kid":                signRS(other, map[string]any{"alg": "RS256", "kid": "kid_unknown"}, claims(nil)),
		"RS512 header":               signRS(key, map[string]any{"alg": "RS512", "kid": "kid_good"}, claims(nil)),
		"sub of the wrong type":      signRS(key, map[string]any{"alg": "RS256", "kid": "kid_good"}, claims(func(c map[string]any) { c["sub"] = 42 })),
		"a kid of another key":       signRS(otherPublished, map[string]any{"alg": "RS256", "kid": "kid_good"}, claims(nil)),
		"another kid of the key":     signRS(key, map[string]any{"alg": "RS256", "kid": "kid_other"}, claims(nil)),
		"crit":                       signRS(key, map[string]any{"alg": "RS256", "kid": "kid_good", "crit": []string{"exp"}, "exp": 1}, claims(nil)),
		"crit b64":                   signRaw(key, `{"alg":"RS256","kid":"kid_good","crit":["b64"],"b64":false}`, claimsJSON),
		"typ JWE":                    signRS(key, map[string]any{"alg": "RS256", "kid": "kid_good", "typ": "JWE"}, claims(nil)),
		"signature a byte short":     parts[0] + "." + parts[1] + "." + b64(sig[1:]),
		"signature a byte long":      parts[0] + "." + parts[1] + "." + b64(append([]byte{0}, sig...)),
		"trailing dot":               good + ".",
		"two trailing dots":          good + "..",
		"padding":                    good + "==",
		"non-canonical base64":       parts[0] + "." + parts[1] + "." + strayBits(parts[2]),
		"duplicate alg in header":    signRaw(key, `{"alg":"RS256","kid":"kid_good","alg":"none"}`, claimsJSON),
		"duplicate kid in header":    signRaw(key, `{"alg":"RS256","kid":"kid_other","kid":"kid_good"}`, claimsJSON),
		"duplicate sub in claims":    signRaw(key, `{"alg":"RS256","kid":"kid_good"}`, strings.Replace(claimsJSON, `"sub":"user_01A"`, `"sub":"user_01A","sub":"user_01B"`, 1)),
	}
	for name, tok := range forged {
		st, body := bearerStatus(h, tok)
		if st != http.StatusUnauthorized || !strings.Contains(body, "invalid_token") {
			t.Errorf("%s: %d %s, want 401 invalid_token", name, st, body)
		}
	}
	// Within the leeway an expired token still passes; past it, not.
	leeway := signRS(key, map[string]any{"alg": "RS256", "kid": "kid_good"}, claims(func(c map[string]any) { c["exp"] = time.Now().Unix() }))
	if st, _ := bearerStatus(h, leeway); st != 200 {
		t.Errorf("a token at most 1 s past exp (leeway 2 s) refused: %d", st)
	}
}

func TestJWKSRotationAndBoundedRefetch(t *testing.T) {
	stub := newJWKSStub(t)
	key := stub.addKey("kid_1")
	var off atomic.Int64
	now := func() time.Time { return time.Now().Add(time.Duration(off.Load())) }
	h := tokenApp(t, stub, now, nil)
	tok := func(k *rsa.PrivateKey, kid, sub string) string {
		n := now()
		return signRS(k, map[string]any{"alg": "RS256", "kid": kid}, map[string]any{"iss": stub.srv.URL, "sub": sub, "iat": n.Unix(), "exp": n.Add(5 * time.Minute).Unix()})
	}
	if st, _ := bearerStatus(h, tok(key, "kid_1", "user_01A")); st != 200 {
		t.Fatalf("first token: %d", st)
	}
	if n := stub.fetches.Load(); n != 1 {
		t.Fatalf("%d key-set fetches for the first token, want 1", n)
	}
	// Unknown kids within the cooldown of the last fetch cost no fetch.
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	for i := range 20 {
		if st, _ := bearerStatus(h, tok(other, "kid_forged", "user_0"+string(rune('A'+i)))); st != http.StatusUnauthorized {
			t.Fatalf("a forged kid within the cooldown: %d, want 401", st)
		}
	}
	if n := stub.fetches.Load(); n != 1 {
		t.Fatalf("%d key-set fetches after 20 forged kids within the cooldown, want 1", n)
	}
	// Past the cooldown one refetch tells: the forged kid is refused.
	off.Store(int64(31 * time.Second))
	if st, _ := bearerStatus(h, tok(other, "kid_forged", "user_01Z")); st != http.StatusUnauthorized {
		t.Fatalf("a forged kid past the cooldown: %d, want 401", st)
	}
	if n := stub.fetches.Load(); n != 2 {
		t.Fatalf("%d fetches, want 2", n)
	}
	// WorkOS rotates just after that forged fetch: a Bearer token under
	// the new key verifies one cooldown later at most (a token WorkOS
	// issues to the app itself fetches at once: TestForgedKidDoesNotHoldUpRotation).
	key2 := stub.addKey("kid_2")
	off.Store(int64(62 * time.Second))
	rotated := tok(key2, "kid_2", "user_01B")
	if st, _ := bearerStatus(h, rotated); st != 200 {
		t.Fatalf("a token under the rotated key after the cooldown: %d", st)
	}
	// Tokens under the old key still verify while it is published.
	if st, _ := bearerStatus(h, tok(key, "kid_1", "user_01C")); st != 200 {
		t.Fatalf("a token under the old key: %d", st)
	}
}

// flakyJWKS wraps stub: the first failures key-set fetches answer 500.
func flakyJWKS(t *testing.T, stub *jwksStub, failures int32) *httptest.Server {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) <= failures {
			http.Error(w, `{"message":"oops"}`, http.StatusInternalServerError)
			return
		}
		stub.srv.Config.Handler.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestJWKSFailureIsNotACooldown(t *testing.T) {
	// A failed fetch of the key set leaves a token unchecked (503), and
	// does not start the cooldown: the next attempt, a second later,
	// fetches again and the token verifies.
	stub := newJWKSStub(t)
	key := stub.addKey("kid_1")
	flaky := flakyJWKS(t, stub, 1)
	var off atomic.Int64
	now := func() time.Time { return time.Now().Add(time.Duration(off.Load())) }
	h := tokenApp(t, stub, now, func(c *core.Config) { c.WorkOS.BaseURL = flaky.URL; c.WorkOS.MaxRetries = -1 })
	n := now()
	tok := signRS(key, map[string]any{"alg": "RS256", "kid": "kid_1"}, map[string]any{"iss": flaky.URL, "sub": "user_01A", "iat": n.Unix(), "exp": n.Add(5 * time.Minute).Unix()})
	if st, _ := bearerStatus(h, tok); st != http.StatusServiceUnavailable {
		t.Fatalf("the key set failed: %d, want 503", st)
	}
	if st, _ := bearerStatus(h, tok); st != http.StatusServiceUnavailable {
		t.Fatalf("right after the failure: %d, want 503 (not 401: nothing is known of the token)", st)
	}
	off.Store(int64(1100 * time.Millisecond))
	if st, _ := bearerStatus(h, tok); st != 200 {
		t.Fatalf("a second after the failure, the key set answering again: %d, want 200", st)
	}
}

func TestJWKSWithoutUsableKeyIs503(t *testing.T) {
	stub := newJWKSStub(t) // publishes no key
	signer, _ := rsa.GenerateKey(rand.Reader, 2048)
	var off atomic.Int64
	now := func() time.Time { return time.Now().Add(time.Duration(off.Load())) }
	h := tokenApp(t, stub, now, nil)
	n := now()
	tok := signRS(signer, map[string]any{"alg": "RS256", "kid": "kid_1"}, map[string]any{"iss": stub.srv.URL, "sub": "user_01A", "iat": n.Unix(), "exp": n.Add(5 * time.Minute).Unix()})
	for i, step := range []time.Duration{0, 100 * time.Millisecond, 2 * time.Second, 40 * time.Second} {
		off.Add(int64(step))
		if st, body := bearerStatus(h, tok); st != http.StatusServiceUnavailable {
			t.Fatalf("request %d, the key set has no usable key: %d %s, want 503", i, st, body)
		}
	}
}

func TestAccessTokenCachedOnHotPath(t *testing.T) {
	stub := newJWKSStub(t)
	key := stub.addKey("kid_1")
	h := tokenApp(t, stub, time.Now, nil)
	n := time.Now()
	tok := signRS(key, map[string]any{"alg": "RS256", "kid": "kid_1"}, map[string]any{"iss": stub.srv.URL, "sub": "user_01A", "iat": n.Unix(), "exp": n.Add(5 * time.Minute).Unix()})
	bearerStatus(h, tok)
	allocs := testing.AllocsPerRun(50, func() {
		if st, _ := bearerStatus(h, tok); st != 200 {
			t.Fatal(st)
		}
	})
	// The recorder and request dominate; a verification would add hundreds.
	if allocs > 60 {
		t.Fatalf("%.0f allocations for a token seen before: not served from the cache", allocs)
	}
}
