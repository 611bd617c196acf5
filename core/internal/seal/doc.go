// Package seal encrypts and authenticates small payloads, such as session
// cookies, with AES-256-GCM and supports password rotation.
//
// A token is the unpadded base64url encoding of
//
//	version (1 byte, = 1) | key id (4 bytes) | nonce (12 bytes) | ciphertext | tag (16 bytes)
//
// Each password is turned into an AES-256 key and a 4-byte key id with
// HKDF-SHA256. The HKDF info strings include the format version and the
// caller's purpose, so a token sealed for one purpose (or format version)
// cannot be opened for another. The key id only selects the key; it is not a
// secret and carries no authority of its own: a token whose header is altered
// either names no key or fails authentication under the key it names.
//
// Nonces are random. With 96-bit random nonces a single password should seal
// no more than about 2^32 tokens; rotate passwords well before that.
//
// Only standard-library primitives are used: crypto/hkdf, crypto/sha256,
// crypto/aes, crypto/cipher (GCM) and crypto/rand.
package seal
