package accesstoken

import (
	"testing"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// BenchmarkVerify is the parts of a first-seen token's check, each alone,
// on a WorkOS-shaped token, beside go-jose verifying the same token as
// core did before this package.
func BenchmarkVerify(b *testing.B) {
	key := testKeys()[0]
	tok := sign(b, key, goodHeader, goodClaims)
	parsed, err := Parse(tok)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("parse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Parse(tok); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("signature", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := parsed.Verify(&key.PublicKey); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("claims", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := parsed.Claims(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("all", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			t, err := Parse(tok)
			if err == nil {
				err = t.Verify(&key.PublicKey)
			}
			if err == nil {
				_, err = t.Claims()
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("go-jose", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			t, err := jwt.ParseSigned(tok, []jose.SignatureAlgorithm{jose.RS256})
			if err != nil {
				b.Fatal(err)
			}
			var std jwt.Claims
			var c referenceClaims
			if err := t.Claims(&key.PublicKey, &std, &c); err != nil {
				b.Fatal(err)
			}
		}
	})
}
