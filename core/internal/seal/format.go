package seal

import "encoding/base64"

// Wire-format constants. See the package documentation.
const (
	version   = 1
	keyIDLen  = 4
	nonceLen  = 12
	tagLen    = 16
	headerLen = 1 + keyIDLen + nonceLen
	minRawLen = headerLen + tagLen
)

// SealedLen returns the length of the token that [Sealer.Seal] produces for
// n bytes of plaintext. Use it to check that a payload fits in a cookie
// (browsers commonly cap a cookie at 4096 bytes including its name).
// A negative n is treated as 0.
func SealedLen(n int) int {
	return base64.RawURLEncoding.EncodedLen(headerLen + max(n, 0) + tagLen)
}
