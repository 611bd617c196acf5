package workostest

import (
	"slices"
	"testing"
)

// FuzzAPIBody: any body decodes to an object or a message, never a
// panic; a role list it accepts has its primary role first and no empty
// slug.
func FuzzAPIBody(f *testing.F) {
	for _, seed := range []string{`{"user_id":"u","organization_id":"o","role_slug":"admin"}`, `{"role_slugs":["a","b"]}`,
		`{"role_slugs":[""]}`, `{"role_slug":5}`, `[]`, `null`, `{"role_slug":"a","role_slugs":["b"]}`, `{`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		b, msg := decodeAPIBody(raw)
		if msg != "" {
			return
		}
		_ = b.str("user_id")
		role, roles, msg := b.roles("member")
		if msg != "" {
			return
		}
		if role == "" || len(roles) == 0 || roles[0] != role || slices.Contains(roles, "") {
			t.Fatalf("roles(%q) = %q %q", raw, role, roles)
		}
	})
}
