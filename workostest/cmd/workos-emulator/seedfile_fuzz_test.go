package main

import (
	"bytes"
	"testing"

	"github.com/ssokit/workosauth/workostest"
)

// FuzzDecodeSeed: a seed file decodes or is refused, never a panic; a
// decoded seed starts an emulator or is refused by its checks.
func FuzzDecodeSeed(f *testing.F) {
	var demo bytes.Buffer
	encodeSeed(&demo, workostest.DemoSeed(), workostest.DefaultRolePermissions())
	for _, s := range []string{demo.String(), `{}`, `{"organizations":[{"name":"A"}]}`, `{"roles":{"a":null}}`,
		`{"connections":[{"provider":"GoogleOAuth","users":[{"email":"a@b.test","custom_attributes":{"n":1e400}}]}]}`, `[]`, `null`, `{"x":1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		seed, _, err := decodeSeed(bytes.NewReader(raw))
		if err != nil {
			return
		}
		if s, err := workostest.Start("127.0.0.1:0", workostest.Options{Seed: seed}); err == nil {
			s.Close()
		}
	})
}
