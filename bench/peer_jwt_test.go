package bench

import (
	"context"
	"encoding/base64"
	"net/http"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/ssokit/workosauth/core"
)

const jwtCookie = "jwt"

// jwtClaims is an HS256 session JWT as go-pkgz/auth and jwtauth apps keep
// it: registered claims plus the user's profile.
type jwtClaims struct {
	jwt.RegisteredClaims
	Profile core.Profile `json:"profile"`
}

// jwtPeer is a guard on an HS256 JWT in a cookie, parsed and verified with
// golang-jwt v5 (method pinned, expiry required).
func jwtPeer(tb testing.TB, p core.Profile) (*http.Cookie, func(http.Handler) http.Handler) {
	tb.Helper()
	secret := []byte(benchPassword)
	now := time.Now()
	c := jwtClaims{
		RegisteredClaims: jwt.RegisteredClaims{Subject: p.ID, ID: "jti-" + p.ID, Issuer: "app",
			IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(7 * 24 * time.Hour))},
		Profile: p,
	}
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(secret)
	if err != nil {
		tb.Fatal(err)
	}
	keyFunc := func(*jwt.Token) (any, error) { return secret, nil }
	parser := jwt.NewParser(jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}), jwt.WithExpirationRequired())
	guard := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ck, err := r.Cookie(jwtCookie)
			if err != nil {
				deny(w)
				return
			}
			var c jwtClaims
			if _, err := parser.ParseWithClaims(ck.Value, &c, keyFunc); err != nil {
				deny(w)
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), peerKey{}, &c.Profile)))
		})
	}
	return &http.Cookie{Name: jwtCookie, Value: token}, guard
}

// encodeB64 is unpadded base64url, the JOSE encoding.
func encodeB64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
