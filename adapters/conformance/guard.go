package conformance

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ssokit/workosauth/workostest"
)

// Demo users and organizations of workostest.DemoSeed.
const (
	alice     = "alice@acme.test"   // admin, groups Engineering and Admins, Acme
	bob       = "bob@acme.test"     // member, group Sales, Acme
	carol     = "carol@globex.test" // member, Globex
	dave      = "dave@gmail.test"   // GoogleOAuth, no organization
	globexOrg = "org_01DEMOGLOBEX"
	acmeConn  = "conn_01DEMOACMEOKTA"
	globexSSO = "conn_01DEMOGLOBEXGOOGLE"
)

// wantSignInRedirect checks that r redirects (303) to the sign-in page
// with return_to set to returnTo.
func wantSignInRedirect(t *testing.T, r *response, returnTo string) {
	t.Helper()
	u := r.location()
	if r.Status != http.StatusSeeOther || u == nil {
		t.Fatalf("%s: want 303 to %s", r, signInPath)
	}
	if u.Path != signInPath || (u.Host != "" && u.Host != r.URL.Host) {
		t.Fatalf("%s: redirected to %s, want %s on the app", r, u, signInPath)
	}
	if got := u.Query().Get("return_to"); got != returnTo {
		t.Errorf("%s: return_to %q, want %q", r, got, returnTo)
	}
	if !strings.Contains(r.Header.Get("Cache-Control"), "no-store") {
		t.Errorf("%s: Cache-Control %q; a refusal depends on the cookie and must not be cached", r, r.Header.Get("Cache-Control"))
	}
}

// want401JSON checks a refusal of a request without a session that is
// not a browser navigation: 401, a JSON error, never a redirect.
func want401JSON(t *testing.T, r *response) {
	t.Helper()
	if r.Status != http.StatusUnauthorized || r.Header.Get("Location") != "" {
		t.Fatalf("%s: want 401 and no redirect (body %.200q)", r, r.Body)
	}
	m := r.jsonBody(t)
	if m["error"] != "unauthenticated" {
		t.Errorf("%s: error %v, want \"unauthenticated\"", r, m["error"])
	}
	if s, _ := m["sign_in_url"].(string); !strings.HasPrefix(s, signInPath) {
		t.Errorf("%s: sign_in_url %v, want the sign-in page", r, m["sign_in_url"])
	}
}

// wantBody checks a 200 whose body, trimmed, is body.
func wantBody(t *testing.T, r *response, body string) {
	t.Helper()
	if r.Status != http.StatusOK || strings.TrimSpace(r.Body) != body {
		t.Errorf("%s: answered %d %.200q, want 200 %q", r, r.Status, r.Body, body)
	}
}

func testNavigationRedirects(t *testing.T, e *env) {
	b := e.browser(t)
	for _, target := range []string{"/dashboard", "/dashboard?tab=2", "/dashboard?tab=2&q=a%20b&q=c", "/api/me?x=1", "/admin"} {
		wantSignInRedirect(t, b.nav(target), target)
	}
	// The sign-in page the redirect leads to carries return_to on.
	r := b.nav("/dashboard?tab=2")
	page := b.nav(r.location().RequestURI())
	if page.Status != http.StatusOK {
		t.Fatalf("%s: want the sign-in page", page)
	}
	f := findForm(t, page, "email")
	if got := f.values.Get("return_to"); got != "/dashboard?tab=2" {
		t.Errorf("the sign-in form carries return_to %q, want /dashboard?tab=2", got)
	}
}

func testHeadNavigationRedirects(t *testing.T, e *env) {
	b := e.browser(t)
	r := b.do(http.MethodHead, "/dashboard?tab=2", acceptHTML, nil)
	wantSignInRedirect(t, r, "/dashboard?tab=2")
	if r.Body != "" {
		t.Errorf("HEAD answered with a body: %.100q", r.Body)
	}
}

func testAPIClient401(t *testing.T, e *env) {
	b := e.browser(t)
	for _, accept := range []string{acceptJSON, acceptAny, ""} {
		want401JSON(t, b.do(http.MethodGet, "/api/me", accept, nil))
		want401JSON(t, b.do(http.MethodGet, "/dashboard", accept, nil))
		want401JSON(t, b.do(http.MethodGet, "/admin", accept, nil))
	}
}

func testPost401(t *testing.T, e *env) {
	b := e.browser(t)
	// A browser's form POST is not a navigation to redirect: repeating it
	// after sign-in would lose or replay the body.
	for _, accept := range []string{acceptHTML, acceptJSON} {
		want401JSON(t, b.do(http.MethodPost, "/api/echo", accept, url.Values{"x": {"1"}}, "Origin", e.app.String()))
	}
}

func testPublicPage(t *testing.T, e *env) {
	b := e.browser(t)
	r := b.nav("/")
	wantBody(t, r, "public")
	if len(r.Cookies) != 0 {
		t.Errorf("the public page set cookies %s", cookieNames(r.Cookies))
	}
}

func testOptionalRoute(t *testing.T, e *env) {
	b := e.browser(t)
	wantBody(t, b.nav("/optional"), "optional anonymous")
	wantBody(t, b.api(http.MethodGet, "/optional"), "optional anonymous")
	b.signInAs(alice, AcmeOrg)
	wantBody(t, b.nav("/optional"), "optional "+alice)
}

func testContextInjection(t *testing.T, e *env) {
	b := e.browser(t)
	b.signInAs(bob, AcmeOrg)
	wantBody(t, b.nav("/dashboard"), "dashboard "+bob)
	wantBody(t, b.nav("/ctx"), "ctx "+bob)
	wantBody(t, b.nav("/session"), "session "+bob+" with id")
	wantBody(t, b.do(http.MethodPost, "/api/echo", acceptJSON, url.Values{"x": {"1"}}, "Origin", e.app.String()), "echo "+bob)
}

func testCustomDenied(t *testing.T, e *env) {
	b := e.browser(t)
	for _, accept := range []string{acceptHTML, acceptJSON} {
		r := b.do(http.MethodGet, "/custom", accept, nil)
		if r.Status != http.StatusTeapot || strings.TrimSpace(r.Body) != "denied unauthenticated" {
			t.Errorf("%s: answered %d %.200q; want the OnDenied handler's 418 \"denied unauthenticated\"", r, r.Status, r.Body)
		}
	}
	b.signInAs(alice, AcmeOrg)
	if r := b.nav("/custom"); r.Status < 200 || r.Status > 299 {
		t.Errorf("%s: a signed-in user was refused (%d %.200q)", r, r.Status, r.Body)
	}
}

func testSignedInWithoutRoundTrip(t *testing.T, e *env) {
	p, ok := workostest.DemoProfile(carol)
	if !ok {
		t.Fatal("no demo profile for carol")
	}
	c := e.client(t, nil)
	req := workostest.SignIn(e.auth, e.newRequest(t, http.MethodGet, "/api/me", acceptJSON, nil), p)
	r := send(t, c, req)
	if r.Status != http.StatusOK {
		t.Fatalf("%s: answered %d %.200q; want 200 with the cookie of workostest.SignIn", r, r.Status, r.Body)
	}
	if m := r.jsonBody(t); m["email"] != carol || m["id"] != p.ID {
		t.Errorf("/api/me = %v, want %s", m, carol)
	}
	req = workostest.SignIn(e.auth, e.newRequest(t, http.MethodGet, "/ctx", acceptHTML, nil), p)
	wantBody(t, send(t, c, req), "ctx "+carol)
}

// testOptionalWithRequirement: Optional() with a requirement lets
// anonymous visitors through as anonymous, and applies the requirement to
// signed-in users: a member who is not an admin gets 403, never the page.
func testOptionalWithRequirement(t *testing.T, e *env) {
	anon := e.browser(t)
	wantBody(t, anon.nav("/optional-admin"), "optional-admin anonymous")
	wantBody(t, anon.api(http.MethodGet, "/optional-admin"), "optional-admin anonymous")

	member := e.browser(t)
	member.signInAs(bob, AcmeOrg)
	for _, r := range []*response{member.nav("/optional-admin"), member.api(http.MethodGet, "/optional-admin")} {
		if r.Status != http.StatusForbidden || r.Header.Get("Location") != "" || strings.Contains(r.Body, "optional-admin "+bob) || strings.Contains(r.Body, "optional-admin anonymous") {
			t.Errorf("%s: a signed-in non-admin got %d %.200q; want 403, not the page", r, r.Status, r.Body)
		}
	}
	if m := member.api(http.MethodGet, "/optional-admin").jsonBody(t); m["error"] != "forbidden" {
		t.Errorf("the 403 says %v, want \"forbidden\"", m["error"])
	}

	admin := e.browser(t)
	admin.signInAs(alice, AcmeOrg)
	wantBody(t, admin.nav("/optional-admin"), "optional-admin "+alice)
}
