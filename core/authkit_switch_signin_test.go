package core_test

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ssokit/workosauth/core"
)

// ssoRequired answers an organization switch to org the way WorkOS does
// when that organization wants its own sign-in first.
type ssoRequired struct{ org, code string }

func (s ssoRequired) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil && strings.HasSuffix(r.URL.Path, "/user_management/authenticate") {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if strings.Contains(string(body), s.org) {
			return &http.Response{StatusCode: http.StatusForbidden, Header: http.Header{"Content-Type": {"application/json"}}, Request: r,
				Body: io.NopCloser(strings.NewReader(`{"code":"` + s.code + `","message":"sign in to it"}`))}, nil
		}
	}
	return http.DefaultTransport.RoundTrip(r)
}

// A switch to an organization that wants its own sign-in first (its SSO,
// an MFA enrolment) is refused with the sign-in to it as SignInURL: JSON
// callers get the code, browsers are sent there, and the session stays.
func TestSwitchOrganizationSignInRequired(t *testing.T) {
	for _, code := range []string{"sso_required", "mfa_enrollment"} {
		t.Run(code, func(t *testing.T) {
			app := newAKApp(t, nil, nil, func(c *core.Config) {
				c.WorkOS.HTTPClient = &http.Client{Transport: ssoRequired{"org_01DEMOGLOBEX", code}}
			})
			b := app.browser()
			b.signIn(url.Values{"organization": {"org_01DEMOACME"}, "login_hint": {"alice@acme.test"}})
			form := url.Values{"organization_id": {"org_01DEMOGLOBEX"}, "return_to": {"/here"}}
			r := b.do("POST", "/auth/switch-organization", form, "Origin", app.srv.URL, "Accept", "application/json")
			if r.status != http.StatusForbidden || !strings.Contains(r.body, `"`+code+`"`) {
				t.Fatalf("a JSON switch: %d %s", r.status, r.body)
			}
			r = b.do("POST", "/auth/switch-organization", form, "Origin", app.srv.URL)
			loc, _ := url.Parse(r.header.Get("Location"))
			if r.status != http.StatusSeeOther || loc == nil || loc.Path != "/auth/signin" ||
				loc.Query().Get("organization") != "org_01DEMOGLOBEX" || loc.Query().Get("return_to") != "/here" {
				t.Fatalf("a browser's switch: %d %s", r.status, r.header.Get("Location"))
			}
			if st, m := b.me(); st != 200 || m["organization_id"] != "org_01DEMOACME" {
				t.Fatalf("the refused switch changed the session: %d %v", st, m)
			}
		})
	}
}
