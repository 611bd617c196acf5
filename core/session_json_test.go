package core

import (
	"encoding/json"
	"fmt"
	"reflect"
)

// encodeSessionJSON is a session in the JSON form (format version 1) that
// core wrote before the binary form, and still reads: for the tests of
// that reading.
func encodeSessionJSON(s *Session) ([]byte, error) {
	w := sessionWire{V: sessionVersion, ID: s.ID, Auth: s.SignedInAt.UnixMilli(), Iat: s.IssuedAt.Unix(), Exp: s.ExpiresAt.Unix(), P: s.Profile}
	if s.AuthKit != nil {
		w.AK = s.AuthKit.wire()
		if reflect.DeepEqual(s.Profile, authKitProfile(s.AuthKit)) {
			w.P = Profile{} // the cookie stays small: P is derived from AK
		}
	}
	raw, err := json.Marshal(w)
	if err != nil {
		return nil, fmt.Errorf("workosauth: encode session: %w", err)
	}
	return raw, nil
}
