package conformance

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func testSignInPage(t *testing.T, e *env) {
	b := e.browser(t)
	r := b.nav(signInPath)
	if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("%s: answered %d %q, want 200 text/html", r, r.Status, r.Header.Get("Content-Type"))
	}
	f := findForm(t, r, "email")
	if f.method != http.MethodPost || f.action.Path != signInPath || !e.isApp(f.action) {
		t.Errorf("the email form is %s %s, want POST %s", f.method, f.action, signInPath)
	}
	if f.types["email"] != "email" {
		t.Errorf("the email input has type %q, want email", f.types["email"])
	}
	h := b.do(http.MethodHead, signInPath, acceptHTML, nil)
	if h.Status != http.StatusOK || h.Body != "" {
		t.Errorf("%s: answered %d with %d bytes, want 200 and no body", h, h.Status, len(h.Body))
	}
}

// wantProfile checks /api/me's JSON against WorkOS's field names and the
// demo user's values.
func wantProfile(t *testing.T, m map[string]any, want map[string]any) {
	t.Helper()
	for _, k := range []string{"id", "email", "first_name", "last_name", "organization_id", "connection_id",
		"connection_type", "idp_id", "role", "groups", "custom_attributes"} {
		if _, ok := m[k]; !ok {
			t.Errorf("/api/me has no %q: %v", k, m)
		}
	}
	for k, v := range want {
		if got := m[k]; !jsonEqual(got, v) {
			t.Errorf("/api/me %s = %#v, want %#v", k, got, v)
		}
	}
}

func jsonEqual(a, b any) bool {
	switch b := b.(type) {
	case []any:
		a, ok := a.([]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for i := range a {
			if !jsonEqual(a[i], b[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		a, ok := a.(map[string]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for k := range b {
			if !jsonEqual(a[k], b[k]) {
				return false
			}
		}
		return true
	}
	return a == b
}

// landing is the last answer of a walk.
func landing(hops []*response) *response { return hops[len(hops)-1] }

func testSignInByEmailForm(t *testing.T, e *env) {
	b := e.browser(t)
	// A browser asks for a guarded page, is sent to the sign-in page,
	// fills in its email and submits the form.
	page := b.follow(b.nav("/dashboard?tab=3"))
	f := findForm(t, landing(page), "email")
	r := b.submit(f, url.Values{"email": {alice}})
	b.wantAuthorize(r)
	hops := b.follow(r)
	last := landing(hops)
	if last.URL.RequestURI() != "/dashboard?tab=3" {
		t.Errorf("the sign-in landed on %s, want /dashboard?tab=3: %s", last.URL.RequestURI(), chain(hops))
	}
	wantBody(t, last, "dashboard "+alice)
	_, m := b.me()
	wantProfile(t, m, map[string]any{
		"id": "prof_01DEMOALICE", "email": alice, "first_name": "Alice", "last_name": "Liddell",
		"organization_id": AcmeOrg, "connection_id": acmeConn, "connection_type": "OktaSAML",
		"idp_id": "00u1demoalice", "role": map[string]any{"slug": "admin"},
		"groups": []any{"Engineering", "Admins"}, "custom_attributes": map[string]any{"department": "Engineering"},
	})
}

func testSignInByDomain(t *testing.T, e *env) {
	b := e.browser(t)
	wantBody(t, landing(b.signIn(url.Values{"domain": {"acme.test"}})), "dashboard "+alice)
	_, m := b.me()
	wantProfile(t, m, map[string]any{"email": alice, "organization_id": AcmeOrg, "connection_id": acmeConn})
}

func testSignInByConnection(t *testing.T, e *env) {
	b := e.browser(t)
	b.signIn(url.Values{"connection": {globexSSO}})
	_, m := b.me()
	wantProfile(t, m, map[string]any{"id": "prof_01DEMOCAROL", "email": carol, "organization_id": globexOrg,
		"connection_id": globexSSO, "connection_type": "GoogleSAML", "role": map[string]any{"slug": "member"},
		"groups": []any{}, "custom_attributes": map[string]any{}})
}

func testSignInByOrganization(t *testing.T, e *env) {
	b := e.browser(t)
	b.signIn(url.Values{"organization": {AcmeOrg}, "login_hint": {bob}})
	_, m := b.me()
	wantProfile(t, m, map[string]any{"id": "prof_01DEMOBOB", "email": bob, "organization_id": AcmeOrg,
		"role": map[string]any{"slug": "member"}, "groups": []any{"Sales"}})
}

func testSignInByProvider(t *testing.T, e *env) {
	b := e.browser(t)
	b.signIn(url.Values{"provider": {offeredProvider}})
	_, m := b.me()
	wantProfile(t, m, map[string]any{"id": "prof_01DEMODAVE", "email": dave, "organization_id": nil,
		"connection_type": "GoogleOAuth", "first_name": "Dave", "last_name": "Lister"})
}

func testReturnToHonoured(t *testing.T, e *env) {
	b := e.browser(t)
	hops := b.signIn(url.Values{"organization": {AcmeOrg}, "login_hint": {alice}, "return_to": {"/optional?from=signin&x=a%20b"}})
	last := landing(hops)
	if last.URL.RequestURI() != "/optional?from=signin&x=a%20b" {
		t.Errorf("landed on %s, want /optional?from=signin&x=a%%20b: %s", last.URL.RequestURI(), chain(hops))
	}
	wantBody(t, last, "optional "+alice)
}

func testEvilReturnTo(t *testing.T, e *env) {
	for _, evil := range []string{"//evil.test", "//evil.test/dashboard", "https://evil.test/", "/\\evil.test", "/%2F%2Fevil.test", "javascript:alert(1)"} {
		b := e.browser(t)
		hops := b.signIn(url.Values{"organization": {AcmeOrg}, "login_hint": {alice}, "return_to": {evil}})
		for _, h := range hops {
			if u := h.location(); u != nil && strings.Contains(u.Host, "evil.test") {
				t.Errorf("return_to %q: a redirect to %s", evil, u)
			}
		}
		if last := landing(hops); last.URL.RequestURI() != afterSignIn {
			t.Errorf("return_to %q landed on %s, want the default %s: %s", evil, last.URL, afterSignIn, chain(hops))
		}
	}
}

func testOversizedForm(t *testing.T, e *env) {
	b := e.browser(t)
	form := url.Values{"email": {alice}, "pad": {strings.Repeat("x", 100<<10)}}
	r := b.do(http.MethodPost, signInPath, acceptHTML, form, "Origin", e.app.String())
	if r.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("%s: a 100 kB sign-in form answered %d, want 413", r, r.Status)
	}
	if len(r.Cookies) != 0 {
		t.Errorf("%s: the refused form set cookies %s", r, cookieNames(r.Cookies))
	}
}

// testTwoTabs starts two sign-ins in one browser before finishing either,
// then finishes them in both orders: each lands where it was asked to.
func testTwoTabs(t *testing.T, e *env) {
	for _, order := range []string{"first_then_second", "second_then_first"} {
		t.Run(order, func(t *testing.T) {
			b := e.browser(t)
			cb1 := b.authorize(b.startSignIn(url.Values{"organization": {AcmeOrg}, "login_hint": {alice}, "return_to": {"/dashboard?tab=1"}}))
			cb2 := b.authorize(b.startSignIn(url.Values{"organization": {AcmeOrg}, "login_hint": {bob}, "return_to": {"/dashboard?tab=2"}}))
			tabs := []struct {
				cb      *url.URL
				landing string
				email   string
			}{{cb1, "/dashboard?tab=1", alice}, {cb2, "/dashboard?tab=2", bob}}
			if order == "second_then_first" {
				tabs[0], tabs[1] = tabs[1], tabs[0]
			}
			for _, tab := range tabs {
				last := landing(b.finish(tab.cb))
				if last.URL.RequestURI() != tab.landing {
					t.Errorf("tab of %s landed on %s, want %s", tab.email, last.URL.RequestURI(), tab.landing)
				}
				wantBody(t, last, "dashboard "+tab.email)
			}
			b.wantSignedIn(tabs[1].email)
		})
	}
}

// Fetch Metadata of requests from other sites.
var (
	crossSiteNavigation = []string{"Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document"}
	crossSiteImage      = []string{"Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "no-cors", "Sec-Fetch-Dest", "image"}
)

// testCrossSiteSignIn: a sign-in started by another site (a link, a form,
// an <img>) gets the sign-in page with its selector filled in, no cookie
// and no call to WorkOS; submitting that page from the app's own origin
// signs in. Direct navigations (no Fetch Metadata, or Sec-Fetch-Site:
// none) start at once.
func testCrossSiteSignIn(t *testing.T, e *env) {
	app := newEnv(t, e.adapter) // an emulator of its own, to count its calls
	b := app.browser(t)
	for _, r := range []*response{
		b.do(http.MethodGet, signInPath+"?email=eve@img-"+randomPassword()[:8]+".test", acceptAny, nil, crossSiteImage...),
		b.do(http.MethodGet, signInPath+"?"+url.Values{"organization": {AcmeOrg}}.Encode(), acceptAny, nil, crossSiteImage...),
	} {
		if r.Status != http.StatusOK || len(r.Cookies) != 0 {
			t.Errorf("%s: an <img> from another site answered %d with cookies %s; want the page, no cookie", r, r.Status, cookieNames(r.Cookies))
		}
	}
	if n := app.emu.Calls("/organizations"); n != 0 {
		t.Errorf("<img> sign-ins from another site cost %d Organizations calls, want 0", n)
	}

	// A link from another site, by email: the page, filled in; its form
	// continues.
	page := b.do(http.MethodGet, signInPath+"?"+url.Values{"email": {alice}, "return_to": {"/dashboard?from=link"}}.Encode(), acceptHTML, nil, crossSiteNavigation...)
	if page.Status != http.StatusOK || len(page.Cookies) != 0 {
		t.Fatalf("%s: a cross-site sign-in link answered %d with cookies %s; want the sign-in page", page, page.Status, cookieNames(page.Cookies))
	}
	f := findForm(t, page, "email")
	if f.values.Get("email") != alice {
		t.Errorf("the page's email field holds %q, want %s", f.values.Get("email"), alice)
	}
	hops := b.follow(b.submit(f, nil))
	if last := landing(hops); last.URL.RequestURI() != "/dashboard?from=link" {
		t.Errorf("the confirmed sign-in landed on %s: %s", last.URL.RequestURI(), chain(hops))
	}
	b.wantSignedIn(alice)

	// A form posted by another site, by organization: the page, with the
	// organization in a hidden field; its form continues.
	c := app.browser(t)
	posted := c.do(http.MethodPost, signInPath, acceptHTML, url.Values{"organization": {globexOrg}},
		append([]string{"Origin", "https://evil.test"}, crossSiteNavigation...)...)
	if posted.Status != http.StatusOK || len(posted.Cookies) != 0 {
		t.Fatalf("%s: a cross-site POST answered %d with cookies %s; want the sign-in page", posted, posted.Status, cookieNames(posted.Cookies))
	}
	g := findForm(t, posted, "organization")
	if g.values.Get("organization") != globexOrg || g.types["organization"] != "hidden" {
		t.Errorf("the page carries organization %q (%s), want %s hidden", g.values.Get("organization"), g.types["organization"], globexOrg)
	}
	c.finish(c.authorize(c.wantAuthorize(c.submit(g, nil))))
	c.wantSignedIn(carol)

	// Typed or bookmarked: at once.
	d := app.browser(t)
	d.wantAuthorize(d.do(http.MethodGet, signInPath+"?organization="+AcmeOrg, acceptHTML, nil,
		"Sec-Fetch-Site", "none", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document"))
}
