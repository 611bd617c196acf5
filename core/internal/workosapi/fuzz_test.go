package workosapi

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// Fuzz targets for every decoder of WorkOS's bytes. Each asserts no panic
// and the decoder's contract: success implies the documented guarantees,
// failure is always ErrBadResponse.

func FuzzDecodeToken(f *testing.F) {
	for _, s := range []string{
		testTokenBody,
		`{"access_token":"a","profile":{"id":"p"}}`,
		`{"access_token":"a","profile":null}`,
		`{"access_token":"a","profile":[]}`,
		`{"access_token":1,"profile":{"id":"p"}}`,
		`{"access_token":"a","profile":{"id":{"x":1}}}`,
		`{"error":"invalid_grant"}`,
		`null`, `[]`, `""`, ``, `{`, `<html>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		res, err := decodeToken(body)
		if err != nil {
			if res != nil || !errors.Is(err, ErrBadResponse) {
				t.Fatalf("error %v with result %v", err, res)
			}
			return
		}
		if res.AccessToken == "" || !json.Valid(res.Profile) || !isJSONObject(res.Profile) {
			t.Fatalf("accepted a bad answer: %+v", res)
		}
		var p struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(res.Profile, &p) != nil || p.ID == "" {
			t.Fatalf("accepted a profile without id: %s", res.Profile)
		}
	})
}

func FuzzDecodeOrganizations(f *testing.F) {
	for _, s := range []string{
		testOrgsBody,
		`{"data":[],"list_metadata":{"after":"org_1"}}`,
		`{"data":[{"id":"o","domains":[{"domain":"a","state":"verified"}]}]}`,
		`{"data":[null]}`,
		`{"data":null}`,
		`{"data":[{"id":"o","domains":[null]}]}`,
		`{"data":[{"id":1}]}`,
		`null`, `[]`, ``, `{`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		orgs, _, err := decodeOrganizations(body)
		if err != nil {
			if orgs != nil || !errors.Is(err, ErrBadResponse) {
				t.Fatalf("error %v with result %v", err, orgs)
			}
			return
		}
		for _, o := range orgs {
			if o.ID == "" {
				t.Fatalf("accepted an organization without id")
			}
			for _, d := range o.Domains {
				if d.Domain == "" {
					t.Fatalf("accepted a domain entry without domain")
				}
			}
		}
	})
}

func FuzzDecodeConnections(f *testing.F) {
	for _, s := range []string{
		`{"data":[{"id":"conn_1","organization_id":"org_1","connection_type":"OktaSAML","name":"n","state":"active"}],"list_metadata":{"after":null}}`,
		`{"data":[{"id":"conn_1","organization_id":null}]}`,
		`{"data":[{}]}`,
		`{"data":{}}`,
		`null`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		conns, _, err := decodeConnections(body)
		if err != nil {
			if conns != nil || !errors.Is(err, ErrBadResponse) {
				t.Fatalf("error %v with result %v", err, conns)
			}
			return
		}
		for _, c := range conns {
			if c.ID == "" {
				t.Fatalf("accepted a connection without id")
			}
		}
	})
}

func FuzzParseErrorBody(f *testing.F) {
	for _, s := range []string{
		`{"error":"invalid_grant","error_description":"The code has expired or has already been used."}`,
		`{"message":"Not found"}`,
		`{"code":"c","message":"m","errors":[{"field":"x"}]}`,
		`{"error":1,"message":null}`,
		`<html>`, ``, `null`,
	} {
		f.Add([]byte(s), "sk_test_secretvalue")
	}
	f.Fuzz(func(t *testing.T, body []byte, secret string) {
		code, desc := parseErrorBody(body)
		e := &APIError{
			Op:          "token",
			StatusCode:  400,
			Code:        sanitizeCode(redact(code, secret)),
			Description: sanitizeText(redact(desc, secret), maxDescriptionBytes),
		}
		if len(e.Code) > maxCodeBytes || len(e.Description) > maxDescriptionBytes+len("...") {
			t.Fatalf("unbounded fields: %d, %d bytes", len(e.Code), len(e.Description))
		}
		_ = e.Error()
	})
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"1", "120", "Sun, 01 Mar 2026 12:00:03 GMT", "-5", "9999999999999999999999", ""} {
		f.Add(s)
	}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		if d := parseRetryAfter(v, now); d < 0 || d > maxRetryAfter {
			t.Fatalf("parseRetryAfter(%q) = %v", v, d)
		}
	})
}

// FuzzDecodeAuthenticate feeds the /user_management/authenticate decoder
// arbitrary bodies: it must never panic, and what it accepts has a user
// with an id and both tokens.
func FuzzDecodeAuthenticate(f *testing.F) {
	for _, s := range []string{
		`{"user":{"id":"user_1","email":"a@b.test"},"organization_id":"org_1","access_token":"a","refresh_token":"r","impersonator":{"email":"x","reason":null}}`,
		`{"user":{"id":"user_1"},"organization_id":null,"access_token":"a","refresh_token":"r","authentication_method":null}`,
		`{"user":{"id":1},"access_token":"a","refresh_token":"r"}`,
		`{"user":null,"access_token":"a","refresh_token":"r"}`,
		`{"user":{"id":"u"},"access_token":"a"}`,
		`{"error":"invalid_grant"}`, `null`, `[]`, ``, `{`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		res, err := DecodeAuthenticate(body)
		if err != nil {
			if !errors.Is(err, ErrBadResponse) {
				t.Fatalf("error does not wrap ErrBadResponse: %v", err)
			}
			return
		}
		if len(res.User) == 0 || res.AccessToken == "" || res.RefreshToken == "" {
			t.Fatalf("accepted %q", body)
		}
	})
}

// FuzzDecodeOrganizationSelection feeds the organization_selection_required
// decoder arbitrary bodies: it must never panic, and what it accepts has a
// pending token and at least one organization with an ID.
func FuzzDecodeOrganizationSelection(f *testing.F) {
	for _, s := range []string{
		`{"code":"organization_selection_required","pending_authentication_token":"pending_0123456789","organizations":[{"id":"org_1","name":"A"},{"id":"org_2","name":null}]}`,
		`{"pending_authentication_token":"p","organizations":[]}`,
		`{"pending_authentication_token":1,"organizations":[{"id":"org_1"}]}`,
		`{"pending_authentication_token":"p","organizations":[null,{"id":2},{"id":"org_3"}]}`,
		`null`, ``, `{`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		sel := decodeOrganizationSelection(body)
		if sel == nil {
			return
		}
		if sel.PendingToken == "" || len(sel.Organizations) == 0 || (len(sel.PendingToken) >= 8 && strings.Contains(sel.String(), sel.PendingToken)) {
			t.Fatalf("accepted %q as %v", body, sel)
		}
		for _, o := range sel.Organizations {
			if o.ID == "" {
				t.Fatal("an organization without an ID")
			}
		}
	})
}

func FuzzDecodeSessions(f *testing.F) {
	for _, s := range []string{
		`{"data":[{"id":"session_1","user_id":"u","expires_at":"2026-02-01T03:04:05.000Z","ended_at":null,"impersonator":{"email":"a","reason":null}}],"list_metadata":{"after":"session_1"}}`,
		`{"data":[{"id":""}]}`, `{"data":[null]}`, `{"data":[{"id":"s","created_at":"x"}]}`, `{"data":null}`, `null`, ``, `{`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		sessions, _, err := decodeSessions(body)
		if err != nil {
			if sessions != nil || !errors.Is(err, ErrBadResponse) {
				t.Fatalf("error %v with sessions %v", err, sessions)
			}
			return
		}
		for _, s := range sessions {
			if s.ID == "" {
				t.Fatalf("accepted a session without id: %s", body)
			}
		}
	})
}
