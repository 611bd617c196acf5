package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
)

// MinPasswordLen is the minimum length, in bytes, of every password given to
// [New]. Passwords should be random (for example 32 bytes from a CSPRNG,
// encoded), since HKDF does not slow down guessing.
const MinPasswordLen = 32

// HKDF info prefixes. The purpose is appended after a NUL separator, so the
// two derivations are independent and no purpose can be confused with another.
const (
	infoKey   = "workosauth/seal v1 aes-256-gcm key\x00"
	infoKeyID = "workosauth/seal v1 key id\x00"
)

// Sealer seals with its first (current) password and opens tokens sealed
// with any of its passwords. It is immutable after [New] and safe for
// concurrent use. The zero value has no keys: Seal and Open return errors.
type Sealer struct {
	keys []key
	enc  *base64.Encoding // strict unpadded base64url
}

// key is the material derived from one password.
type key struct {
	id     [keyIDLen]byte
	aead   cipher.AEAD
	shared bool // another key of the same Sealer has the same id
}

// New returns a Sealer for purpose, which should name what the tokens are
// for and their format, for example "workosauth session v1". It derives one
// AES-256-GCM key and one key id per password with HKDF-SHA256.
//
// passwords[0] is the current password, used by Seal; the others are
// previous passwords that Open still accepts. At least one password is
// required, each at least [MinPasswordLen] bytes, and purpose must not be
// empty. Passwords are not retained.
func New(purpose string, passwords ...string) (*Sealer, error) {
	if purpose == "" {
		return nil, errors.New("seal: empty purpose")
	}
	if len(passwords) == 0 {
		return nil, errors.New("seal: at least one password is required")
	}
	keys := make([]key, len(passwords))
	for i, pw := range passwords {
		if len(pw) < MinPasswordLen {
			return nil, fmt.Errorf("seal: passwords[%d] is %d bytes, need at least %d", i, len(pw), MinPasswordLen)
		}
		k, err := deriveKey(purpose, pw)
		if err != nil {
			return nil, fmt.Errorf("seal: passwords[%d]: %w", i, err)
		}
		keys[i] = k
	}
	markSharedIDs(keys)
	return &Sealer{keys: keys, enc: base64.RawURLEncoding.Strict()}, nil
}

// deriveKey derives the AEAD and key id for one password.
func deriveKey(purpose, password string) (key, error) {
	secret := []byte(password)
	aesKey, err := hkdf.Key(sha256.New, secret, nil, infoKey+purpose, 32)
	if err != nil {
		return key{}, fmt.Errorf("derive key: %w", err)
	}
	id, err := hkdf.Key(sha256.New, secret, nil, infoKeyID+purpose, keyIDLen)
	if err != nil {
		return key{}, fmt.Errorf("derive key id: %w", err)
	}
	block, err := aes.NewCipher(aesKey)
	if err != nil {
		return key{}, fmt.Errorf("aes: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return key{}, fmt.Errorf("gcm: %w", err)
	}
	k := key{aead: aead}
	copy(k.id[:], id)
	return k, nil
}

// markSharedIDs flags keys whose id collides with another key's id, so
// Open knows it must not decrypt those in place (a failed attempt may
// overwrite its destination).
func markSharedIDs(keys []key) {
	for i := range keys {
		for j := range keys {
			if i != j && keys[i].id == keys[j].id {
				keys[i].shared = true
			}
		}
	}
}
