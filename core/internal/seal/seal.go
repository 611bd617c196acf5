package seal

import (
	"crypto/rand"
	"errors"
	"fmt"
)

// errNoKeys is returned when a Sealer was not created by New.
var errNoKeys = errors.New("seal: Sealer has no keys (use seal.New)")

// Seal encrypts and authenticates plaintext with the current password and
// returns the token as unpadded base64url; its length is [SealedLen] of
// len(plaintext). aad is authenticated but not encrypted (GCM additional
// data): pass, for example, the cookie name so that a token cannot be moved
// to another cookie. Open must be given the same aad.
func (s *Sealer) Seal(plaintext, aad []byte) (string, error) {
	if s == nil || len(s.keys) == 0 {
		return "", errNoKeys
	}
	k := &s.keys[0]
	rawLen := headerLen + len(plaintext) + tagLen
	// One buffer holds the raw token followed by its encoding.
	buf := make([]byte, rawLen+s.enc.EncodedLen(rawLen))
	raw, text := buf[:rawLen:rawLen], buf[rawLen:]
	raw[0] = version
	copy(raw[1:], k.id[:])
	nonce := raw[1+keyIDLen : headerLen]
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("seal: read nonce: %w", err)
	}
	k.aead.Seal(raw[:headerLen], nonce, plaintext, aad)
	s.enc.Encode(text, raw)
	return string(text), nil
}
