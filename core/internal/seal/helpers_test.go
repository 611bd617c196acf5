package seal_test

import (
	"encoding/base64"
	"testing"

	"github.com/ssokit/workosauth/core/internal/seal"
)

// Test passwords; each is at least seal.MinPasswordLen bytes.
const (
	pwA = "password-A-0123456789abcdef0123456789"
	pwB = "password-B-0123456789abcdef0123456789"
	pwC = "password-C-0123456789abcdef0123456789"

	purpose = "workosauth session v1"
)

// mustNew returns a Sealer or fails the test.
func mustNew(tb testing.TB, purpose string, passwords ...string) *seal.Sealer {
	tb.Helper()
	s, err := seal.New(purpose, passwords...)
	if err != nil {
		tb.Fatalf("New(%q, %d passwords): %v", purpose, len(passwords), err)
	}
	return s
}

// mustSeal seals or fails the test.
func mustSeal(tb testing.TB, s *seal.Sealer, plaintext, aad []byte) string {
	tb.Helper()
	tok, err := s.Seal(plaintext, aad)
	if err != nil {
		tb.Fatalf("Seal: %v", err)
	}
	return tok
}

// decode returns the raw bytes of a token.
func decode(tb testing.TB, token string) []byte {
	tb.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		tb.Fatalf("decode token: %v", err)
	}
	return raw
}

// encode returns the token for raw bytes.
func encode(raw []byte) string {
	return base64.RawURLEncoding.EncodeToString(raw)
}
