package core

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// benchToken is an Auth whose key set (one RS256 key, on a local server
// stopped when b ends) is fetched, and a token under it seen once.
func benchToken(b *testing.B) (*Auth, string) {
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	enc := func(x []byte) string { return base64.RawURLEncoding.EncodeToString(x) }
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]any{"keys": []any{map[string]any{"kty": "RSA", "kid": "k", "use": "sig", "alg": "RS256",
			"n": enc(key.N.Bytes()), "e": enc(big.NewInt(int64(key.E)).Bytes())}}})
	}))
	b.Cleanup(srv.Close)
	a := newTestAuth(b, func(c *Config) { c.WorkOS.BaseURL, c.AuthKit.Enabled = srv.URL, true })
	h, _ := json.Marshal(map[string]any{"alg": "RS256", "kid": "k"})
	c, _ := json.Marshal(map[string]any{"iss": srv.URL, "sub": "user_01A", "sid": "session_01A", "org_id": "org_01A", "role": "admin",
		"roles": []string{"admin"}, "permissions": []string{"widgets:read", "widgets:write"}, "iat": time.Now().Unix(), "exp": time.Now().Add(time.Hour).Unix()})
	in := enc(h) + "." + enc(c)
	sum := sha256.Sum256([]byte(in))
	sig, _ := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	tok := in + "." + enc(sig)
	if _, err := a.bearerSession(context.Background(), tok); err != nil {
		b.Fatal(err)
	}
	return a, tok
}

// BenchmarkFirstSeenToken is the cost of a Bearer access token the
// process has not seen: parse, one RS256 verification against a cached
// key, the claims, and the cache entry (which is dropped again before
// each run so that every run is a first sight).
func BenchmarkFirstSeenToken(b *testing.B) {
	a, tok := benchToken(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		a.tokens.bearer.Delete(tok)
		if _, err := a.bearerSession(ctx, tok); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSeenToken is a Bearer access token seen before: the cache
// lookup and the revocation check.
func BenchmarkSeenToken(b *testing.B) {
	a, tok := benchToken(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.bearerSession(ctx, tok); err != nil {
			b.Fatal(err)
		}
	}
}
