package core

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// Renderings is renderings, for the external tests.
var Renderings = renderings

// renderings are the ways an app may write v: fmt's verbs, slog's
// handlers and encoding/json.
func renderings(v any) []string {
	var out []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%t", "%10.4v", "%-40s"} {
		out = append(out, fmt.Sprintf(verb, v))
	}
	out = append(out, fmt.Sprint(v), fmt.Sprintln(v))
	var text, js strings.Builder
	slog.New(slog.NewTextHandler(&text, nil)).Info("m", "v", v)
	slog.New(slog.NewJSONHandler(&js, nil)).Info("m", slog.Any("v", v), slog.Group("g", "v", v))
	b, _ := json.Marshal(v)
	return append(out, text.String(), js.String(), string(b))
}

// An AuthKitSession has no printing methods of its own: its access
// token is a Secret and its refresh token unexported, so no verb, slog
// handler or JSON encoding shows either.
func TestAuthKitSessionRedacted(t *testing.T) {
	const access, refresh = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzAxQSJ9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg", "refresh-token-secret-0123456789"
	k := AuthKitSession{User: AuthKitUser{ID: "user_01A", Email: "a@acme.test"}, OrganizationID: "org_01A",
		AccessToken: NewSecret(access), refreshToken: NewSecret(refresh), Impersonator: &Impersonator{Email: "x@workos.test"}}
	k.Claims.SessionID = "session_01A"
	s := Session{ID: "s1", AuthKit: &k}
	values := map[string]any{"value": k, "pointer": &k, "session": s, "*session": &s, "slice": []AuthKitSession{k},
		"map": map[string]any{"k": k}, "struct": struct{ K AuthKitSession }{k}}
	for name, v := range values {
		for _, out := range renderings(v) {
			for _, secret := range []string{access, refresh, "c2lnbmF0dXJlLW9mLXRoZS10b2tlbg", fmt.Sprintf("%x", refresh)} {
				if strings.Contains(out, secret) {
					t.Errorf("%s: a token is printed: %.200s", name, out)
				}
			}
		}
	}
	if got := fmt.Sprint(k); !strings.Contains(got, "user_01A") || !strings.Contains(got, "org_01A") || !strings.Contains(got, "session_01A") || !strings.Contains(got, "[redacted]") {
		t.Errorf("the printed session lost what it is for: %s", got)
	}
	var back map[string]any
	raw, _ := json.Marshal(k)
	if err := json.Unmarshal(raw, &back); err != nil || back["organization_id"] != "org_01A" || back["access_token"] != "[redacted]" {
		t.Errorf("JSON %s", raw)
	}
}
