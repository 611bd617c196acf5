package seal

import (
	"fmt"
)

// Open authenticates and decrypts a token made by Seal with the same aad.
// It returns the plaintext and the index of the password that opened it:
// 0 for the current password, > 0 for a previous one, in which case the
// caller should re-seal the plaintext so the old password can be retired.
//
// Errors wrap [ErrMalformed], [ErrUnknownKey] or [ErrInvalid]. Open never
// panics on untrusted input. Only the canonical encoding of a token is
// accepted (no padding, line breaks or non-zero trailing bits).
func (s *Sealer) Open(token string, aad []byte) (plaintext []byte, keyIndex int, err error) {
	if s == nil || len(s.keys) == 0 {
		return nil, 0, errNoKeys
	}
	if len(token) < s.enc.EncodedLen(minRawLen) {
		return nil, 0, fmt.Errorf("%w: %d characters, need at least %d", ErrMalformed, len(token), s.enc.EncodedLen(minRawLen))
	}
	raw := make([]byte, s.enc.DecodedLen(len(token)))
	n, err := s.enc.Decode(raw, []byte(token))
	if err != nil {
		return nil, 0, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	// The decoder skips CR and LF; requiring the exact length rejects them.
	if s.enc.EncodedLen(n) != len(token) {
		return nil, 0, fmt.Errorf("%w: line break in token", ErrMalformed)
	}
	raw = raw[:n]
	if raw[0] != version {
		return nil, 0, fmt.Errorf("%w: version %d", ErrMalformed, raw[0])
	}
	id := [keyIDLen]byte(raw[1 : 1+keyIDLen])
	nonce := raw[1+keyIDLen : headerLen]
	ciphertext := raw[headerLen:]

	found := false
	for i := range s.keys {
		k := &s.keys[i]
		if k.id != id {
			continue
		}
		found = true
		var dst []byte
		if !k.shared {
			dst = ciphertext[:0] // decrypt in place
		}
		pt, err := k.aead.Open(dst, nonce, ciphertext, aad)
		if err == nil {
			return pt[:len(pt):len(pt)], i, nil
		}
	}
	if !found {
		return nil, 0, ErrUnknownKey
	}
	return nil, 0, ErrInvalid
}
