package workostest

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"strings"
)

// randomToken returns 26 random base32 characters (130 bits), the length of
// a WorkOS ULID.
func randomToken() string {
	return rand.Text()
}

// derivedID returns prefix + a stable ULID-like ID derived from parts, so
// that seeds without explicit IDs get the same IDs on every run.
func derivedID(prefix string, parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	enc := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(h.Sum(nil))
	return prefix + "01" + enc[:24]
}

// derivedIdpID returns a stable, lower-case identity-provider user ID.
func derivedIdpID(parts ...string) string {
	return strings.ToLower(derivedID("", append([]string{"idp"}, parts...)...)[2:22])
}
