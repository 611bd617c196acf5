package core

import (
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

// TestSignInBoundToItsOrganization: a sign-in started for an organization
// or a connection (resolved from an email or domain, named, or the
// default) refuses a profile of another one: no session, the user sent
// back to the sign-in page with organization_mismatch or
// connection_mismatch. (Before, the callback took whatever profile WorkOS
// returned.) The stub's profile is alice's: org_01ACME, conn_01ACME.
func TestSignInBoundToItsOrganization(t *testing.T) {
	w := &workosStub{}
	for _, tt := range []struct {
		name, query string
		edit        func(*Config)
		code        string // "": signed in
	}{
		{"email resolved to its organization", "email=alice@acme.test", nil, ""},
		{"domain resolved to its organization", "domain=acme.test", nil, ""},
		{"named organization", "organization=org_01ACME", nil, ""},
		{"named connection", "connection=conn_01ACME", nil, ""},
		{"provider", "provider=GoogleOAuth", nil, ""},
		{"another organization", "organization=org_01GLOBEX", nil, "organization_mismatch"},
		{"another connection", "connection=conn_01GLOBEX", nil, "connection_mismatch"},
		{"email of a domain mapped to another organization", "email=alice@acme.test",
			func(c *Config) { c.SignIn.Domains = map[string]string{"acme.test": "org_01GLOBEX"} }, "organization_mismatch"},
		{"domain mapped to another connection", "domain=acme.test",
			func(c *Config) { c.SignIn.Domains = map[string]string{"acme.test": "conn_01GLOBEX"} }, "connection_mismatch"},
		{"default organization", "", func(c *Config) { c.SignIn.Organization = "org_01GLOBEX" }, "organization_mismatch"},
		{"default connection", "", func(c *Config) { c.SignIn.Connection = "conn_01ACME" }, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			logged := &recordingLogger{}
			a := stubAuth(t, w, func(c *Config) {
				c.Logger = slog.New(slog.NewTextHandler(logged, nil))
				if tt.edit != nil {
					tt.edit(c)
				}
			})
			q, fc, _ := start(t, a, tt.query)
			x := callbackFor(q, nil, fc)
			a.serveAuth(x)
			if tt.code == "" {
				if x.status != http.StatusSeeOther || strings.Contains(location(x), "error=") || x.setCookie("wos-session") == nil {
					t.Fatalf("a matching profile was refused: %d %q", x.status, location(x))
				}
				return
			}
			if x.status != http.StatusSeeOther || location(x) != "/auth/signin?error="+tt.code {
				t.Fatalf("answered %d %q, want 303 to /auth/signin?error=%s", x.status, location(x), tt.code)
			}
			if c := x.setCookie("wos-session"); c != nil && c.MaxAge >= 0 {
				t.Fatalf("a session was set for a profile of another tenant")
			}
			if !strings.Contains(logged.String(), "sign-in refused") {
				t.Errorf("the refusal was not logged: %q", logged.String())
			}
			// The sign-in page says what happened.
			page := newFake("GET", location(x))
			a.serveAuth(page)
			if page.status != http.StatusOK || !strings.Contains(string(page.body), "another") {
				t.Errorf("the sign-in page with %s: %d %.300s", tt.code, page.status, page.body)
			}
			// A JSON client gets the 403 itself.
			q, fc, _ = start(t, a, tt.query)
			x = callbackFor(q, nil, fc)
			x.header.Set("Accept", "application/json")
			a.serveAuth(x)
			if x.status != http.StatusForbidden || !strings.Contains(string(x.body), tt.code) {
				t.Errorf("JSON client: %d %s", x.status, x.body)
			}
		})
	}
}

// recordingLogger keeps what core logs.
type recordingLogger struct{ strings.Builder }

func (l *recordingLogger) Warn(msg string, args ...any) {
	l.WriteString(msg)
	l.WriteString("\n")
}
