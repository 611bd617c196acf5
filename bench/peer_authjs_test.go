package bench

import (
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"crypto/sha512"
	"net/http"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	josejwt "github.com/go-jose/go-jose/v4/jwt"
	"github.com/ssokit/workosauth/core"
)

// authjsCookie is Auth.js's session cookie name on http; it is also the
// salt of the key derivation.
const authjsCookie = "authjs.session-token"

// authjsClaims is an Auth.js session token: its default claims plus the
// profile, as a jwt callback that keeps the WorkOS profile writes it.
type authjsClaims struct {
	josejwt.Claims
	Name    string       `json:"name"`
	Email   string       `json:"email"`
	Picture *string      `json:"picture"`
	Profile core.Profile `json:"profile"`
}

// authjsKey derives the encryption key as Auth.js does: HKDF-SHA256 of the
// secret, salt the cookie name, info "Auth.js Generated Encryption Key
// (<salt>)", 64 bytes for A256CBC-HS512. The guard derives it once, where
// Auth.js derives it on every request.
func authjsKey(tb testing.TB, secret string) []byte {
	tb.Helper()
	key, err := hkdf.Key(sha256.New, []byte(secret), []byte(authjsCookie),
		"Auth.js Generated Encryption Key ("+authjsCookie+")", 64)
	if err != nil {
		tb.Fatal(err)
	}
	return key
}

// authjsPeer is a guard on the Auth.js session format: a JWE with alg dir,
// enc A256CBC-HS512 and the key's SHA-512 JWK thumbprint as kid, opened
// with go-jose and validated with Auth.js's 15 s clock tolerance.
func authjsPeer(tb testing.TB, p core.Profile) (*http.Cookie, func(http.Handler) http.Handler) {
	tb.Helper()
	key := authjsKey(tb, benchPassword)
	// RFC 7638 thumbprint of the oct key, as jose's calculateJwkThumbprint.
	tp := sha512.Sum512([]byte(`{"k":"` + encodeB64(key) + `","kty":"oct"}`))
	kid := encodeB64(tp[:])
	enc, err := jose.NewEncrypter(jose.A256CBC_HS512,
		jose.Recipient{Algorithm: jose.DIRECT, Key: key, KeyID: kid},
		(&jose.EncrypterOptions{}).WithType("JWT"))
	if err != nil {
		tb.Fatal(err)
	}
	now := time.Now()
	c := authjsClaims{
		Claims: josejwt.Claims{Subject: p.ID, ID: "jti-" + p.ID, IssuedAt: josejwt.NewNumericDate(now),
			Expiry: josejwt.NewNumericDate(now.Add(30 * 24 * time.Hour))},
		Name: p.Name, Email: p.Email, Profile: p,
	}
	token, err := josejwt.Encrypted(enc).Claims(c).Serialize()
	if err != nil {
		tb.Fatal(err)
	}
	keyAlgs := []jose.KeyAlgorithm{jose.DIRECT}
	contentEncs := []jose.ContentEncryption{jose.A256CBC_HS512, jose.A256GCM}
	guard := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ck, err := r.Cookie(authjsCookie)
			if err != nil {
				deny(w)
				return
			}
			tok, err := josejwt.ParseEncrypted(ck.Value, keyAlgs, contentEncs)
			if err != nil || len(tok.Headers) != 1 || tok.Headers[0].KeyID != kid {
				deny(w)
				return
			}
			var c authjsClaims
			if err := tok.Claims(key, &c); err != nil {
				deny(w)
				return
			}
			if err := c.ValidateWithLeeway(josejwt.Expected{Time: time.Now()}, 15*time.Second); err != nil {
				deny(w)
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), peerKey{}, &c.Profile)))
		})
	}
	return &http.Cookie{Name: authjsCookie, Value: token}, guard
}
