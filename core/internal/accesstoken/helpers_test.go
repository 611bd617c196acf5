package accesstoken

import (
	"crypto"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"strings"
	"sync"
	"testing"
)

// testKeys are two RSA keys, made once per test binary.
var testKeys = sync.OnceValue(func() [2]*rsa.PrivateKey {
	var ks [2]*rsa.PrivateKey
	for i := range ks {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		ks[i] = k
	}
	return ks
})

func enc(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// sign is the compact JWS of the header and claims JSON, exactly as
// given, signed RS256 by key.
func sign(tb testing.TB, key *rsa.PrivateKey, header, claims string) string {
	tb.Helper()
	in := enc(header) + "." + enc(claims)
	sum := sha256.Sum256([]byte(in))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		tb.Fatal(err)
	}
	return in + "." + base64.RawURLEncoding.EncodeToString(sig)
}

const (
	goodHeader = `{"alg":"RS256","typ":"JWT","kid":"k1"}`
	goodClaims = `{"iss":"https://api.workos.com/user_management/client_1","sub":"user_1","sid":"session_1","jti":"01J",` +
		`"org_id":"org_1","role":"admin","roles":["admin"],"permissions":["widgets:read","widgets:write"],` +
		`"entitlements":[],"feature_flags":null,"act":{"sub":"admin@example.test"},` +
		`"iat":1700000000,"exp":1700000300,"nbf":1699999999.9,"auth_time":1699990000,"x-custom":{"a":[1,{"b":null}],"c":"\u00e9"}}`
)

// parts splits a compact token.
func parts(tok string) (h, p, s string) {
	h, rest, _ := strings.Cut(tok, ".")
	p, s, _ = strings.Cut(rest, ".")
	return h, p, s
}

// lastPart is a token's signature part.
func lastPart(tok string) string { return tok[strings.LastIndexByte(tok, '.')+1:] }

// strayBits is s (base64url, unpadded, its length not a multiple of
// four) with its unused low bits set in the last character: a lax decoder
// reads the same bytes, a strict one refuses it.
func strayBits(s string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	v := strings.IndexByte(alphabet, s[len(s)-1])
	return s[:len(s)-1] + string(alphabet[v|1])
}

// hmacSHA256 is the HMAC of in under secret.
func hmacSHA256(secret []byte, in string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(in))
	return m.Sum(nil)
}

// publicDER is the PKIX DER of key's public key.
func publicDER(tb testing.TB, key *rsa.PrivateKey) []byte {
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		tb.Fatal(err)
	}
	return der
}
