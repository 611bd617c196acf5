package accesstoken

import (
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestGoodToken(t *testing.T) {
	key := testKeys()[0]
	for _, header := range []string{goodHeader, `{"alg":"RS256","kid":"k1"}`, `{"kid":"k1","typ":"at+jwt","alg":"RS256"}`,
		`{"alg":"RS256","kid":"k1","typ":"application/AT+JWT"}`, `{"alg":"RS256","kid":"k1","jku":"https://evil.test/jwks","x5c":["MII"]}`,
		` { "alg" : "RS256" , "kid" : "k\u0031" } `} {
		tok, err := Parse(sign(t, key, header, goodClaims))
		if err != nil {
			t.Fatalf("%s: %v", header, err)
		}
		if tok.KeyID != "k1" {
			t.Fatalf("%s: kid %q", header, tok.KeyID)
		}
		if _, err := tok.Claims(); err == nil {
			t.Fatal("claims of a token not verified yet")
		}
		if err := tok.Verify(&key.PublicKey); err != nil {
			t.Fatalf("%s: %v", header, err)
		}
		c, err := tok.Claims()
		if err != nil {
			t.Fatal(err)
		}
		want := Claims{Issuer: "https://api.workos.com/user_management/client_1", Subject: "user_1", ID: "01J", SessionID: "session_1",
			OrganizationID: "org_1", Role: "admin", Roles: []string{"admin"}, Permissions: []string{"widgets:read", "widgets:write"},
			Entitlements: []string{}, Actor: "admin@example.test", IssuedAt: time.Unix(1700000000, 0), Expiry: time.Unix(1700000300, 0),
			NotBefore: time.Unix(1699999999, 0), AuthTime: time.Unix(1699990000, 0)}
		if !reflect.DeepEqual(c, want) {
			t.Fatalf("claims\n%+v\nwant\n%+v", c, want)
		}
	}
}

// TestForgedTokens is every way a token is refused here, and where: Parse
// (ErrMalformed for the form, ErrHeader for the header), Verify
// (ErrSignature) or Claims (ErrClaims). The issuer, the times and which
// key a kid names are core's: see core/authkit_tokens_test.go.
func TestForgedTokens(t *testing.T) {
	keys := testKeys()
	key, other := keys[0], keys[1]
	good := sign(t, key, goodHeader, goodClaims)
	h, p, s := parts(good)
	sig, _ := base64.RawURLEncoding.DecodeString(s)
	b64 := base64.RawURLEncoding.EncodeToString
	claims := func(old, new string) string {
		if !strings.Contains(goodClaims, old) {
			t.Fatalf("no %q in the claims", old)
		}
		return sign(t, key, goodHeader, strings.Replace(goodClaims, old, new, 1))
	}
	header := func(hd string) string { return sign(t, key, hd, goodClaims) }
	hs256 := enc(`{"alg":"HS256","kid":"k1"}`) + "." + p
	deep := `{"sub":"user_1","exp":1700000300,"x":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}`
	cases := []struct {
		name, token string
		want        error
		with        *rsa.PublicKey // the key Verify gets, when not key's
		noKey       bool           // Verify gets nil
	}{
		// The form.
		{"empty", "", ErrMalformed, nil, false},
		{"one part", h, ErrMalformed, nil, false},
		{"two parts", h + "." + p, ErrMalformed, nil, false},
		{"trailing dot", good + ".", ErrMalformed, nil, false},
		{"two trailing dots", good + "..", ErrMalformed, nil, false},
		{"leading dot", "." + good, ErrMalformed, nil, false},
		{"four parts", h + "." + p + "." + p + "." + s, ErrMalformed, nil, false},
		{"empty payload", h + ".." + s, ErrMalformed, nil, false},
		{"padding on the header", enc(goodHeader+"  ") + "=." + p + "." + s, ErrMalformed, nil, false},
		{"padding on the signature", good + "==", ErrMalformed, nil, false},
		{"standard base64 alphabet", h + "." + p + "." + base64.RawStdEncoding.EncodeToString(sig), ErrMalformed, nil, false},
		{"non-canonical base64 (stray bits)", h + "." + p + "." + strayBits(s), ErrMalformed, nil, false},
		{"a line break", h + "." + p[:10] + "\n" + p[10:] + "." + s, ErrMalformed, nil, false},
		{"a CR", h + "\r." + p + "." + s, ErrMalformed, nil, false},
		{"a space", h + "." + p + " ." + s, ErrMalformed, nil, false},
		{"too long", h + "." + strings.Repeat("A", MaxBytes) + "." + s, ErrMalformed, nil, false},
		{"JSON serialization", `{"payload":"` + p + `","protected":"` + h + `","signature":"` + s + `"}`, ErrMalformed, nil, false},
		// The header.
		{"alg none, no signature", enc(`{"alg":"none","kid":"k1"}`) + "." + p + ".", ErrMalformed, nil, false},
		{"alg none with a signature", enc(`{"alg":"none","kid":"k1"}`) + "." + p + "." + s, ErrHeader, nil, false},
		{"HS256 with the public key bytes", hs256 + "." + b64(hmacSHA256(publicDER(t, key), hs256)), ErrHeader, nil, false},
		{"HS256 with the modulus", hs256 + "." + b64(hmacSHA256(key.N.Bytes(), hs256)), ErrHeader, nil, false},
		{"RS512", header(`{"alg":"RS512","kid":"k1"}`), ErrHeader, nil, false},
		{"PS256", header(`{"alg":"PS256","kid":"k1"}`), ErrHeader, nil, false},
		{"rs256 lower case", header(`{"alg":"rs256","kid":"k1"}`), ErrHeader, nil, false},
		{"no alg", header(`{"kid":"k1"}`), ErrHeader, nil, false},
		{"ALG upper case", header(`{"ALG":"RS256","kid":"k1"}`), ErrHeader, nil, false},
		{"alg null", header(`{"alg":null,"kid":"k1"}`), ErrHeader, nil, false},
		{"alg a number", header(`{"alg":256,"kid":"k1"}`), ErrMalformed, nil, false},
		{"crit", header(`{"alg":"RS256","kid":"k1","crit":["exp"],"exp":1}`), ErrHeader, nil, false},
		{"crit b64", header(`{"alg":"RS256","kid":"k1","crit":["b64"],"b64":false}`), ErrHeader, nil, false},
		{"b64 without crit", header(`{"alg":"RS256","kid":"k1","b64":true}`), ErrHeader, nil, false},
		{"crit null", header(`{"alg":"RS256","kid":"k1","crit":null}`), ErrHeader, nil, false},
		{"cty JWT (nested)", header(`{"alg":"RS256","kid":"k1","cty":"JWT"}`), ErrHeader, nil, false},
		{"typ JWE", header(`{"alg":"RS256","kid":"k1","typ":"JWE"}`), ErrHeader, nil, false},
		{"typ dpop+jwt", header(`{"alg":"RS256","kid":"k1","typ":"dpop+jwt"}`), ErrHeader, nil, false},
		{"typ empty", header(`{"alg":"RS256","kid":"k1","typ":""}`), ErrHeader, nil, false},
		{"typ null", header(`{"alg":"RS256","kid":"k1","typ":null}`), ErrHeader, nil, false},
		{"typ a number", header(`{"alg":"RS256","kid":"k1","typ":1}`), ErrMalformed, nil, false},
		{"kid a number", header(`{"alg":"RS256","kid":1}`), ErrMalformed, nil, false},
		{"duplicate alg", header(`{"alg":"RS256","kid":"k1","alg":"RS256"}`), ErrMalformed, nil, false},
		{"duplicate alg, escaped", header(`{"alg":"none","kid":"k1","\u0061lg":"RS256"}`), ErrMalformed, nil, false},
		{"duplicate kid", header(`{"alg":"RS256","kid":"k1","kid":"k2"}`), ErrMalformed, nil, false},
		{"duplicate inside an ignored member", header(`{"alg":"RS256","kid":"k1","jwk":{"n":"a","n":"b"}}`), ErrMalformed, nil, false},
		{"header not an object", header(`["RS256"]`), ErrMalformed, nil, false},
		{"header null", header(`null`), ErrMalformed, nil, false},
		{"header with trailing bytes", header(`{"alg":"RS256","kid":"k1"}{}`), ErrMalformed, nil, false},
		{"header not JSON", header(`{alg:RS256}`), ErrMalformed, nil, false},
		{"header with a control character", header("{\"alg\":\"RS256\",\"kid\":\"k\x01\"}"), ErrMalformed, nil, false},
		// The signature.
		{"wrong key under a good kid", sign(t, other, goodHeader, goodClaims), ErrSignature, nil, false},
		// The kid names key (the lookup gives key); other signed.
		{"a kid of another key", sign(t, other, `{"alg":"RS256","kid":"k2"}`, goodClaims), ErrSignature, &key.PublicKey, false},
		{"payload changed", h + "." + enc(strings.Replace(goodClaims, "user_1", "user_2", 1)) + "." + s, ErrSignature, nil, false},
		{"header changed", enc(`{"alg":"RS256","kid":"k1"}`) + "." + p + "." + s, ErrSignature, nil, false},
		{"signature a byte short", h + "." + p + "." + b64(sig[1:]), ErrSignature, nil, false},
		{"signature a byte long", h + "." + p + "." + b64(append([]byte{0}, sig...)), ErrSignature, nil, false},
		{"signature of zeros", h + "." + p + "." + b64(make([]byte, len(sig))), ErrSignature, nil, false},
		{"signature of another token", h + "." + p + "." + lastPart(sign(t, key, goodHeader, `{"sub":"user_1","exp":1}`)), ErrSignature, nil, false},
		{"no key", good, ErrSignature, nil, true},
		{"a key without a modulus", good, ErrSignature, &rsa.PublicKey{E: 65537}, false},
		// The claims (signed: the signature verifies).
		{"duplicate sub", claims(`"sub":"user_1"`, `"sub":"user_1","sub":"user_2"`), ErrClaims, nil, false},
		{"duplicate sub, escaped", claims(`"sub":"user_1"`, `"sub":"user_1","\u0073ub":"user_2"`), ErrClaims, nil, false},
		{"duplicate exp", claims(`"exp":1700000300`, `"exp":1700000300,"exp":1900000000`), ErrClaims, nil, false},
		{"duplicate in act", claims(`"act":{"sub":"admin@example.test"}`, `"act":{"sub":"a","sub":"b"}`), ErrClaims, nil, false},
		{"duplicate in an ignored claim", claims(`"c":"\u00e9"`, `"c":1,"c":2`), ErrClaims, nil, false},
		{"no sub", claims(`"sub":"user_1"`, `"subject":"user_1"`), ErrClaims, nil, false},
		{"SUB upper case", claims(`"sub":"user_1"`, `"SUB":"user_1"`), ErrClaims, nil, false},
		{"sub null", claims(`"sub":"user_1"`, `"sub":null`), ErrClaims, nil, false},
		{"sub a number", claims(`"sub":"user_1"`, `"sub":1`), ErrClaims, nil, false},
		{"no exp", claims(`"exp":1700000300`, `"expires":1700000300`), ErrClaims, nil, false},
		{"exp null", claims(`"exp":1700000300`, `"exp":null`), ErrClaims, nil, false},
		{"exp a string", claims(`"exp":1700000300`, `"exp":"1700000300"`), ErrClaims, nil, false},
		{"exp 2^62", claims(`"exp":1700000300`, `"exp":4611686018427387904`), ErrClaims, nil, false},
		{"exp 1e400", claims(`"exp":1700000300`, `"exp":1e400`), ErrClaims, nil, false},
		{"iat a bool", claims(`"iat":1700000000`, `"iat":true`), ErrClaims, nil, false},
		{"exp not a JSON number", claims(`"exp":1700000300`, `"exp":0x10`), ErrClaims, nil, false},
		{"roles a string", claims(`"roles":["admin"]`, `"roles":"admin"`), ErrClaims, nil, false},
		{"roles holding a number", claims(`"roles":["admin"]`, `"roles":["admin",1]`), ErrClaims, nil, false},
		{"roles holding null", claims(`"roles":["admin"]`, `"roles":["admin",null]`), ErrClaims, nil, false},
		{"act a string", claims(`"act":{"sub":"admin@example.test"}`, `"act":"admin"`), ErrClaims, nil, false},
		{"claims null", sign(t, key, goodHeader, `null`), ErrClaims, nil, false},
		{"claims an array", sign(t, key, goodHeader, `[{"sub":"user_1","exp":1}]`), ErrClaims, nil, false},
		{"claims with trailing bytes", sign(t, key, goodHeader, `{"sub":"user_1","exp":1}x`), ErrClaims, nil, false},
		{"claims nested too deep", sign(t, key, goodHeader, deep), ErrClaims, nil, false},
		{"claims with a bad escape", claims(`"sid":"session_1"`, `"sid":"session_\x"`), ErrClaims, nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			with := &key.PublicKey
			switch {
			case c.noKey:
				with = nil
			case c.with != nil:
				with = c.with
			}
			err := stage(c.token, with)
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
}

// stage runs a token through Parse, Verify and Claims and returns the
// first error.
func stage(token string, key *rsa.PublicKey) error {
	tok, err := Parse(token)
	if err != nil {
		return err
	}
	if err := tok.Verify(key); err != nil {
		return err
	}
	_, err = tok.Claims()
	return err
}

func TestClaimsWhenTolerated(t *testing.T) {
	// What the reader takes that a stricter one might not: JSON
	// whitespace, escapes, unknown members of any shape, null as absent,
	// fractions of seconds, invalid UTF-8 read as U+FFFD as go-jose does.
	key := testKeys()[0]
	for raw, want := range map[string]Claims{
		" {\n\t\"sub\" : \"user_\\u0031\" ,\"exp\":1.9e9, \"iat\":null,\"x\":[{},[],\"\",0,-0.5e-3,true,false,null]} \n": {Subject: "user_1", Expiry: time.Unix(1.9e9, 0)},
		`{"sub":"u","exp":1,"act":null,"roles":null,"iss":null}`:                                                         {Subject: "u", Expiry: time.Unix(1, 0)},
		`{"sub":"u","exp":-1.5,"act":{"sub":"a","x":{"sub":"b"}}}`:                                                       {Subject: "u", Expiry: time.Unix(-1, 0), Actor: "a"},
		"{\"sub\":\"u\xff\",\"exp\":1,\"role\":\"\\ud800\"}":                                                             {Subject: "u\ufffd", Expiry: time.Unix(1, 0), Role: "\ufffd"},
	} {
		tok, err := Parse(sign(t, key, goodHeader, raw))
		if err != nil {
			t.Fatal(err)
		}
		if err := tok.Verify(&key.PublicKey); err != nil {
			t.Fatal(err)
		}
		c, err := tok.Claims()
		if err != nil || !reflect.DeepEqual(c, want) {
			t.Errorf("%s: %v\n%+v\nwant\n%+v", raw, err, c, want)
		}
	}
}

func TestUnverifiedClaims(t *testing.T) {
	// A sealed token's claims are read without its signature, and a
	// forged signature does not matter there; its header still does.
	keys := testKeys()
	tok, err := Parse(sign(t, keys[1], goodHeader, goodClaims))
	if err != nil {
		t.Fatal(err)
	}
	if c, err := tok.UnverifiedClaims(); err != nil || c.Subject != "user_1" {
		t.Fatalf("%v %+v", err, c)
	}
	if err := tok.Verify(&keys[0].PublicKey); err == nil {
		t.Fatal("verified under the wrong key")
	}
	if _, err := tok.Claims(); err == nil {
		t.Fatal("Claims after a failed Verify")
	}
}
