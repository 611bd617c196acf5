package accesstoken

import (
	"bytes"
	"encoding/base64"
	"errors"
	"math/big"
	"reflect"
	"testing"

	stdjson "encoding/json"

	"github.com/go-jose/go-jose/v4/json"
	"github.com/go-jose/go-jose/v4/jwt"
)

// FuzzParse feeds Parse, Verify and UnverifiedClaims arbitrary tokens.
// None may panic. A token Parse accepts is in canonical form (each part
// re-encodes to itself), and its header, read by go-jose's decoder, says
// RS256 with the same kid and no crit, b64 or cty. A token that verifies
// under the test key is one of the tokens signed with it, byte for byte:
// no other spelling of a signed token verifies.
func FuzzParse(f *testing.F) {
	key := testKeys()[0]
	signed := map[string]bool{}
	for _, c := range []struct{ header, claims string }{
		{goodHeader, goodClaims},
		{`{"alg":"RS256","kid":"k1","typ":"at+jwt"}`, `{"sub":"user_1","exp":1700000300,"x":[{"a":"\u00e9"}]}`},
	} {
		tok := sign(f, key, c.header, c.claims)
		signed[tok] = true
		f.Add(tok)
	}
	f.Add(enc(`{"alg":"none"}`) + "." + enc(`{"sub":"u","exp":1}`) + ".")
	f.Add(enc(`{"alg":"RS256","crit":["b64"],"b64":false}`) + ".e30.AAAA")
	f.Add("a.b.c")
	f.Add("..")
	f.Add("")
	f.Fuzz(func(t *testing.T, token string) {
		tok, err := Parse(token)
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrHeader) {
				t.Fatalf("Parse error %v", err)
			}
			return
		}
		h, p, s := parts(token)
		var header []byte
		for i, part := range []string{h, p, s} {
			raw, err := base64.RawURLEncoding.DecodeString(part)
			if err != nil || base64.RawURLEncoding.EncodeToString(raw) != part {
				t.Fatalf("part %d is not canonical base64url: %q", i, part)
			}
			if i == 0 {
				header = raw
			}
		}
		hd, ok := goJoseObject(header)
		if !ok {
			t.Fatalf("go-jose cannot read the header %q", header)
		}
		kid, _ := hd["kid"].(string)
		_, crit := hd["crit"]
		_, b64 := hd["b64"]
		_, cty := hd["cty"]
		if hd["alg"] != "RS256" || kid != tok.KeyID || crit || b64 || cty {
			t.Fatalf("accepted the header %q (kid %q)", header, tok.KeyID)
		}
		if c, err := tok.UnverifiedClaims(); err == nil && (c.Subject == "" || c.Expiry.IsZero()) {
			t.Fatalf("claims without sub or exp: %+v", c)
		}
		if tok.Verify(&key.PublicKey) == nil && !signed[token] {
			t.Fatalf("a token not signed verified: %q", token)
		}
	})
}

// goJoseObject reads raw as go-jose's decoder reads a JSON object into a
// map (numbers kept as written): it refuses a duplicate member name at
// any depth.
func goJoseObject(raw []byte) (map[string]any, bool) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.SetNumberType(json.UnmarshalJSONNumber)
	var m map[string]any
	return m, d.Decode(&m) == nil && m != nil
}

// referenceClaims are the claims as go-jose decoded them before this
// package: go-jose's JSON decoder into its jwt types.
type referenceClaims struct {
	Iss            string           `json:"iss"`
	Sub            string           `json:"sub"`
	Jti            string           `json:"jti"`
	Exp            *jwt.NumericDate `json:"exp"`
	Iat            *jwt.NumericDate `json:"iat"`
	Nbf            *jwt.NumericDate `json:"nbf"`
	AuthTime       *jwt.NumericDate `json:"auth_time"`
	SessionID      string           `json:"sid"`
	OrganizationID string           `json:"org_id"`
	Role           string           `json:"role"`
	Roles          []string         `json:"roles"`
	Permissions    []string         `json:"permissions"`
	Entitlements   []string         `json:"entitlements"`
	FeatureFlags   []string         `json:"feature_flags"`
	Act            *struct {
		Sub string `json:"sub"`
	} `json:"act"`
}

// FuzzClaims compares the claims reader with go-jose's decoder on
// arbitrary JSON. What the reader accepts, go-jose accepts, with the same
// claims. What go-jose accepts and the reader refuses is one of the
// reader's three stricter rules: a duplicate member name in an object
// go-jose skipped, nesting deeper than maxDepth, or null in a list of
// strings.
func FuzzClaims(f *testing.F) {
	f.Add([]byte(goodClaims))
	f.Add([]byte(`{"sub":"u","exp":1,"act":{"sub":"a","sub":"b"}}`))
	f.Add([]byte(`{"sub":"u","exp":1e400}`))
	f.Add([]byte(`{"sub":"u\u00e9\ud800","exp":-0.5,"roles":[null],"x":{"a":1,"a":2}}`))
	f.Add([]byte(`{"sub":"u","exp":4611686018427387903}`))
	f.Add([]byte(`{"Sub":"u","exp":1,"x":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}`))
	f.Add([]byte(" null "))
	for _, v := range []string{`+1`, `1.`, `.5`, `01`, `1e`, `1E+2`, `-`, `-0`, `tru`, `nul`, `NaN`, `"1"`, `[1]`, `{}`, `"\u00"`, `"\/"`, `"\ud83d\ude00"`} {
		f.Add([]byte(`{"sub":"u","exp":` + v + `}`))
		f.Add([]byte(`{"sub":"u","exp":1,"x":` + v + `}`))
	}
	f.Add([]byte(`{"SUB":"u","Exp":1,"sub":"v","exp":2,"Roles":["a"],"act":{"Sub":"b"}}`))
	f.Add([]byte("{\"sub\":\"u\",\r\n\t\"exp\":1 ,\"roles\":[ \"a\" , \"b\" ],\"permissions\":[],\"act\":{}}"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, err := parseClaims(raw)
		var ref referenceClaims
		refErr := json.Unmarshal(raw, &ref)
		if err == nil {
			if refErr != nil {
				t.Fatalf("accepted what go-jose refuses (%v): %q", refErr, raw)
			}
			if want := fromReference(ref); !reflect.DeepEqual(got, want) {
				t.Fatalf("%q:\n%+v\ngo-jose:\n%+v", raw, got, want)
			}
			return
		}
		if refErr == nil && !stricter(raw) {
			t.Fatalf("refused what go-jose accepts, under no stricter rule: %q", raw)
		}
	})
}

// fromReference is what the reader should have read.
func fromReference(r referenceClaims) Claims {
	c := Claims{Issuer: r.Iss, Subject: r.Sub, ID: r.Jti, SessionID: r.SessionID, OrganizationID: r.OrganizationID, Role: r.Role,
		Roles: r.Roles, Permissions: r.Permissions, Entitlements: r.Entitlements, FeatureFlags: r.FeatureFlags}
	if r.Exp != nil {
		c.Expiry = r.Exp.Time()
	}
	if r.Iat != nil {
		c.IssuedAt = r.Iat.Time()
	}
	if r.Nbf != nil {
		c.NotBefore = r.Nbf.Time()
	}
	if r.AuthTime != nil {
		c.AuthTime = r.AuthTime.Time()
	}
	if r.Act != nil {
		c.Actor = r.Act.Sub
	}
	return c
}

// stricter reports whether raw breaks one of the reader's rules that
// go-jose's struct decoding does not check.
func stricter(raw []byte) bool {
	m, ok := goJoseObject(raw)
	if !ok {
		return true // a duplicate name somewhere (go-jose checks all depths into a map)
	}
	if depth(m) >= maxDepth {
		return true
	}
	for _, name := range []string{"roles", "permissions", "entitlements", "feature_flags"} {
		if list, ok := m[name].([]any); ok {
			for _, v := range list {
				if v == nil {
					return true
				}
			}
		}
	}
	return false
}

// depth is how deep containers nest in v (an object alone is 1).
func depth(v any) int {
	d := 0
	switch v := v.(type) {
	case map[string]any:
		for _, x := range v {
			d = max(d, depth(x))
		}
	case []any:
		for _, x := range v {
			d = max(d, depth(x))
		}
	default:
		return 0
	}
	return d + 1
}

// FuzzDecodeKeySet feeds the key-set decoder arbitrary bytes: it must
// never panic, and every key it keeps has a kid and at least MinRSABits.
func FuzzDecodeKeySet(f *testing.F) {
	key := testKeys()[0]
	b := func(x []byte) string { return base64.RawURLEncoding.EncodeToString(x) }
	good, _ := stdjson.Marshal(map[string]any{"keys": []any{map[string]any{"kty": "RSA", "kid": "k", "use": "sig", "alg": "RS256",
		"n": b(key.N.Bytes()), "e": b(big.NewInt(int64(key.E)).Bytes())}}})
	f.Add(good)
	f.Add(bytes.Replace(good, []byte(`"RS256"`), []byte(`"HS256"`), 1))
	f.Add(bytes.Replace(good, []byte(`"sig"`), []byte(`"enc"`), 1))
	f.Add([]byte(`{"keys":[{"kty":"oct","k":"AAAA","kid":"h"}]}`))
	f.Add([]byte(`{"keys":[{"kty":"RSA","kid":"s","n":"AQAB","e":"AQAB"}]}`))
	f.Add([]byte(`{"keys":null}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		keys, err := DecodeKeySet(raw)
		if err != nil {
			if !errors.Is(err, ErrKeySetJSON) && !errors.Is(err, ErrNoKey) {
				t.Fatalf("error %v", err)
			}
			return
		}
		if len(keys) == 0 {
			t.Fatal("no error and no key")
		}
		for kid, k := range keys {
			if kid == "" || k == nil || k.N.BitLen() < MinRSABits {
				t.Fatalf("kept key %q", kid)
			}
		}
	})
}
