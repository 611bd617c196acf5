package events

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// FuzzOrganizationMembershipJSON: any JSON reads as a membership or is
// refused, never panics; what reads writes back in WorkOS's form and
// reads again the same.
func FuzzOrganizationMembershipJSON(f *testing.F) {
	f.Add([]byte(`{"id":"om_1","user_id":"user_1","organization_id":"org_1","status":"active","role":{"slug":"admin"},"roles":[{"slug":"admin"},{"slug":"member"}]}`))
	f.Add([]byte(`{"role":null,"roles":[{}]}`))
	f.Add([]byte(`{"role":"admin"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var m OrganizationMembership
		if json.Unmarshal(b, &m) != nil {
			return
		}
		out, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("%+v does not write: %v", m, err)
		}
		var again OrganizationMembership
		if err := json.Unmarshal(out, &again); err != nil {
			t.Fatalf("%s does not read back: %v", out, err)
		}
		if len(m.Roles) == 0 {
			m.Roles = nil
		}
		if len(again.Roles) == 0 {
			again.Roles = nil
		}
		if !reflect.DeepEqual(m, again) {
			t.Fatalf("round trip: %+v became %+v", m, again)
		}
	})
}

// FuzzSessionJSON: any JSON reads as a session or is refused, never
// panics; times that do not read are zero, never an error, and a session
// written reads back the same.
func FuzzSessionJSON(f *testing.F) {
	f.Add([]byte(`{"id":"session_1","user_id":"user_1","status":"active","expires_at":"2026-01-01T00:00:00.000Z","ended_at":null,"created_at":"2026-01-01 00:00:00.5","updated_at":7}`))
	f.Add([]byte(`{"impersonator":{"email":"a@b.test"}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var s Session
		if json.Unmarshal(b, &s) != nil {
			return
		}
		out, err := json.Marshal(s)
		if err != nil {
			return // a parsed year beyond 9999 does not write as RFC 3339
		}
		var again Session
		if err := json.Unmarshal(out, &again); err != nil {
			t.Fatalf("%s does not read back: %v", out, err)
		}
		for _, p := range [][2]*time.Time{{&s.ExpiresAt, &again.ExpiresAt}, {&s.EndedAt, &again.EndedAt}, {&s.CreatedAt, &again.CreatedAt}, {&s.UpdatedAt, &again.UpdatedAt}} {
			if !p[0].Equal(*p[1]) {
				t.Fatalf("time %v read back as %v", *p[0], *p[1])
			}
			*p[1] = *p[0] // monotonic/location differences aside
		}
		if !reflect.DeepEqual(s, again) {
			t.Fatalf("round trip: %+v became %+v", s, again)
		}
	})
}
