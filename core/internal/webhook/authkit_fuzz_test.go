package webhook

import (
	"slices"
	"strings"
	"testing"
)

// authKitSeeds are AuthKit events as WorkOS sends them.
var authKitSeeds = []string{
	`{"id":"event_1","event":"session.revoked","data":{"object":"session","id":"session_1","user_id":"user_1","organization_id":"org_1","status":"revoked","auth_method":"sso","impersonator":{"email":"a@b.test","reason":"r"},"ip_address":null,"user_agent":"ua","expires_at":"2026-01-01T00:00:00.000Z","ended_at":"2026-01-01 00:00:00.123","created_at":null},"created_at":"2026-01-01T00:00:00.000Z"}`,
	`{"id":"event_2","event":"user.deleted","data":{"object":"user","id":"user_1","email":"a@b.test","email_verified":true,"first_name":null}}`,
	`{"id":"event_3","event":"organization_membership.updated","data":{"id":"om_1","user_id":"user_1","organization_id":"org_1","status":"active","role":{"slug":"admin"},"roles":[{"slug":"admin"},{"slug":"member"}]}}`,
	`{"id":"event_4","event":"organization_membership.deleted","data":{"id":"om_1","user_id":"user_1","organization_id":"org_1","role":null,"roles":null}}`,
	`{"id":"event_5","event":"role.updated","data":{"object":"role","slug":"admin","type":"EnvironmentRole","permissions":["a:b"]}}`,
	`{"id":"event_6","event":"role.updated","data":{"slug":"org-admin","organization_id":"org_1","permissions":null}}`,
	`{"id":"event_7","event":"session.revoked","data":{"id":5}}`,
	`{"id":"event_8","event":"organization_membership.updated","data":{"role":"admin"}}`,
}

// FuzzDecodeAuthKit: AuthKit events decode or are refused, never panic;
// a decoded one of a type workosauth acts on carries the typed data of
// its family, a membership's primary role slug included.
func FuzzDecodeAuthKit(f *testing.F) {
	for _, s := range authKitSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := Decode(b)
		if err != nil {
			return
		}
		kind, _, _ := strings.Cut(e.Type, ".")
		var missing bool
		if !slices.Contains(actedOn, e.Type) {
			kind = "" // its data may be left raw
		}
		switch kind {
		case "session":
			missing = e.Session == nil
		case "user":
			missing = e.User == nil
		case "organization_membership":
			missing = e.OrganizationMembership == nil
			if m := e.OrganizationMembership; m != nil && len(m.Roles) > 0 && m.Role == "" && strings.Contains(string(e.Data), `"role":{"slug":"`+m.Roles[0]+`"}`) {
				t.Fatalf("primary role lost: %q", b)
			}
		case "role":
			missing = e.Role == nil
		}
		if missing {
			t.Fatalf("%s event without its typed data: %q", e.Type, b)
		}
	})
}
