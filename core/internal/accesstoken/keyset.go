package accesstoken

import (
	"crypto/rsa"
	"encoding/json"
	"errors"

	"github.com/go-jose/go-jose/v4"
)

// MinRSABits is the smallest RSA key DecodeKeySet keeps.
const MinRSABits = 2048

var (
	// ErrKeySetJSON: the key set is not a JSON object with a keys array.
	ErrKeySetJSON = errors.New("key set is not JSON")
	// ErrNoKey: the key set has no key DecodeKeySet keeps.
	ErrNoKey = errors.New("key set has no RS256 key")
)

// DecodeKeySet reads a JSON Web Key Set and keeps, by kid, its RSA keys of
// at least MinRSABits bits whose use is "sig" and whose alg is RS256
// (either may be absent) and that have a kid. Keys that do not parse are
// skipped; a set with no key kept is ErrNoKey.
func DecodeKeySet(raw []byte) (map[string]*rsa.PublicKey, error) {
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(raw, &set); err != nil {
		return nil, ErrKeySetJSON
	}
	keys := map[string]*rsa.PublicKey{}
	for _, r := range set.Keys {
		var k jose.JSONWebKey
		if err := k.UnmarshalJSON(r); err != nil {
			continue
		}
		pub, ok := k.Key.(*rsa.PublicKey)
		if !ok || pub.N.BitLen() < MinRSABits || (k.Use != "" && k.Use != "sig") ||
			(k.Algorithm != "" && k.Algorithm != string(jose.RS256)) || k.KeyID == "" {
			continue
		}
		keys[k.KeyID] = pub
	}
	if len(keys) == 0 {
		return nil, ErrNoKey
	}
	return keys, nil
}
