package webhook

import (
	"errors"
	"strings"
	"testing"
	"time"
)

const secret = "whsec_test_secret"

var body = []byte(`{"id":"event_01A","event":"dsync.user.deleted","created_at":"2026-01-01T00:00:00.000Z","data":{"object":"directory_user","id":"directory_user_01A","organization_id":"org_01A","idp_id":"idp1","email":"a@acme.test","emails":[{"primary":true,"type":"work","value":"a@acme.test"},{"value":"A.Alias@acme.test"}],"state":"inactive"}}`)

func TestVerify(t *testing.T) {
	now := time.UnixMilli(time.Now().UnixMilli())
	good := Sign(secret, body, now)
	cases := []struct {
		name    string
		header  string
		body    []byte
		secrets []string
		now     time.Time
		want    error
	}{
		{"valid", good, body, []string{secret}, now, nil},
		{"previous secret accepted", good, body, []string{"new-secret", secret}, now, nil},
		{"wrong secret", good, body, []string{"other"}, now, ErrMismatch},
		{"no secrets", good, body, nil, now, ErrMismatch},
		{"body altered", good, append([]byte(" "), body...), []string{secret}, now, ErrMismatch},
		{"stale", good, body, []string{secret}, now.Add(3*time.Minute + time.Second), ErrExpired},
		{"future", good, body, []string{secret}, now.Add(-3*time.Minute - time.Second), ErrExpired},
		{"edge of tolerance", good, body, []string{secret}, now.Add(3 * time.Minute), nil},
		{"missing", "", body, []string{secret}, now, ErrMalformed},
		{"no v1", "t=" + strings.TrimPrefix(strings.Split(good, ",")[0], "t="), body, []string{secret}, now, ErrMalformed},
		{"v1 not hex", strings.Split(good, ",")[0] + ", v1=" + strings.Repeat("zz", 32), body, []string{secret}, now, ErrMalformed},
		{"two t", strings.Split(good, ",")[0] + ", " + good, body, []string{secret}, now, ErrMalformed},
		{"t not digits", "t=abc, v1=" + strings.Repeat("00", 32), body, []string{secret}, now, ErrMalformed},
		{"forged v1", strings.Split(good, ",")[0] + ", v1=" + strings.Repeat("00", 32), body, []string{secret}, now, ErrMismatch},
		{"extra forged v1 beside good", good + ", v1=" + strings.Repeat("00", 32), body, []string{secret}, now, nil},
		{"spaces and unknown keys", " " + strings.ReplaceAll(good, ", ", " ,  ") + ", v0=x", body, []string{secret}, now, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Verify(c.header, c.body, c.secrets, c.now, DefaultTolerance)
			if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
				t.Fatalf("Verify = %v, want %v", err, c.want)
			}
		})
	}
}

// TestSignMatchesWorkOS checks Sign against a signature computed as
// WorkOS documents it, by hand.
func TestSignMatchesWorkOS(t *testing.T) {
	at := time.UnixMilli(1626125972272)
	h := Sign("secret", []byte(`{"a":1}`), at)
	// printf '%s' '1626125972272.{"a":1}' | openssl dgst -sha256 -hmac secret
	const want = "t=1626125972272, v1=5dec5fc106da728df6f646eaf0c2716e31ba5ed6512315ab5acc78d5b0b3768e"
	if h != want {
		t.Fatalf("Sign = %q, want %q", h, want)
	}
	s, err := ParseHeader(h)
	if err != nil || s.Time.UnixMilli() != 1626125972272 {
		t.Fatalf("ParseHeader(Sign) = %+v, %v", s, err)
	}
}

func TestDecode(t *testing.T) {
	e, err := Decode(body)
	if err != nil {
		t.Fatal(err)
	}
	if e.ID != "event_01A" || e.Type != "dsync.user.deleted" || e.DirectoryUser == nil {
		t.Fatalf("Decode = %+v", e)
	}
	u := e.DirectoryUser
	if u.OrganizationID != "org_01A" || u.IdpID != "idp1" || u.State != "inactive" {
		t.Fatalf("user = %+v", u)
	}
	if got := u.Addresses(); len(got) != 2 || got[0] != "a@acme.test" || got[1] != "A.Alias@acme.test" {
		t.Fatalf("Addresses = %q", got)
	}
	if e.Coarse || !e.CreatedAt.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("CreatedAt = %v coarse %v", e.CreatedAt, e.Coarse)
	}
}

func TestDecodeShapes(t *testing.T) {
	cases := []struct {
		name, in string
		ok       bool
		check    func(Event) bool
	}{
		{"group user removed", `{"id":"e1","event":"dsync.group.user_removed","data":{"directory_id":"d","user":{"id":"u","organization_id":"o","idp_id":"i"},"group":{"id":"g","name":"Engineering"}}}`, true,
			func(e Event) bool { return e.DirectoryUser.IdpID == "i" && e.DirectoryGroup.Name == "Engineering" }},
		{"group user removed without user", `{"id":"e1","event":"dsync.group.user_removed","data":{"group":{"id":"g"}}}`, false, nil},
		{"connection", `{"id":"e1","event":"connection.deactivated","data":{"object":"connection","id":"conn_1","state":"inactive"}}`, true,
			func(e Event) bool { return e.Connection.ID == "conn_1" }},
		{"organization", `{"id":"e1","event":"organization.deleted","data":{"id":"org_1","name":"Acme"}}`, true,
			func(e Event) bool { return e.Organization.ID == "org_1" }},
		{"other event raw only", `{"id":"e1","event":"user.created","data":{"id":5}}`, true,
			func(e Event) bool { return e.DirectoryUser == nil && string(e.Data) == `{"id":5}` }},
		{"space-separated created_at, to the second", `{"id":"e1","event":"x","data":{},"created_at":"2023-04-28 20:05:31"}`, true,
			func(e Event) bool {
				return e.Coarse && e.CreatedAt.Equal(time.Date(2023, 4, 28, 20, 5, 31, 0, time.UTC))
			}},
		{"no id", `{"event":"x","data":{}}`, false, nil},
		{"no type", `{"id":"e","data":{}}`, false, nil},
		{"data not object", `{"id":"e","event":"x","data":[1]}`, false, nil},
		{"wrong type in user", `{"id":"e","event":"dsync.user.deleted","data":{"idp_id":5}}`, false, nil},
		{"not json", `nope`, false, nil},
		{"id with control char", "{\"id\":\"e\\n1\",\"event\":\"x\",\"data\":{}}", false, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, err := Decode([]byte(c.in))
			if c.ok != (err == nil) {
				t.Fatalf("Decode err = %v, want ok=%v", err, c.ok)
			}
			if err != nil && !errors.Is(err, ErrBadEvent) {
				t.Fatalf("error %v does not wrap ErrBadEvent", err)
			}
			if c.check != nil && !c.check(e) {
				t.Fatalf("Decode = %+v", e)
			}
		})
	}
}

func TestErrorsDoNotEchoBody(t *testing.T) {
	_, err := Decode([]byte(`{"id":"e","event":"dsync.user.deleted","data":{"idp_id":"SECRETVALUE","email":7}}`))
	if err == nil || strings.Contains(err.Error(), "SECRETVALUE") {
		t.Fatalf("err = %v", err)
	}
}
