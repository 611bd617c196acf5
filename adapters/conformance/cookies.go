package conformance

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

// hop returns the first answer of hops to a request for path.
func hop(t *testing.T, hops []*response, path string) *response {
	t.Helper()
	for _, h := range hops {
		if h.URL.Path == path {
			return h
		}
	}
	t.Fatalf("no request to %s in %s", path, chain(hops))
	return nil
}

func testSessionCookieAttributes(t *testing.T, e *env) {
	b := e.browser(t)
	hops := b.signIn(url.Values{"organization": {AcmeOrg}, "login_hint": {alice}})
	cb := hop(t, hops, callbackPath)
	c := cb.cookie(e.sessionName)
	if c == nil || c.Value == "" {
		t.Fatalf("%s: the callback set no session cookie %q (cookies %s)", cb, e.sessionName, cookieNames(cb.Cookies))
	}
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Domain != "" {
		t.Errorf("session cookie HttpOnly=%v SameSite=%v Path=%q Domain=%q; want HttpOnly, SameSite=Lax, Path=/, host-only", c.HttpOnly, c.SameSite, c.Path, c.Domain)
	}
	if c.Secure {
		t.Errorf("session cookie is Secure on an http origin: browsers would not send it back")
	}
	if c.MaxAge <= 0 {
		t.Errorf("session cookie Max-Age %d, want the session's lifetime", c.MaxAge)
	}
	// The flow cookie the sign-in set is deleted by the callback.
	start := hops[0]
	var flow *http.Cookie
	for _, fc := range start.Cookies {
		if fc.Name != e.sessionName && fc.Value != "" {
			flow = fc
		}
	}
	if flow == nil {
		t.Fatalf("%s: the start of the sign-in set no flow cookie", start)
	}
	if d := cb.cookie(flow.Name); d == nil || d.MaxAge >= 0 {
		t.Errorf("%s: the callback did not delete the flow cookie %s", cb, flow.Name)
	}
}

// wantSetsCookieNoStore checks that r sets or clears a cookie and forbids
// caching.
func wantSetsCookieNoStore(t *testing.T, r *response) {
	t.Helper()
	if len(r.Cookies) == 0 {
		t.Errorf("%s: sets no cookie", r)
	}
	if !strings.Contains(r.Header.Get("Cache-Control"), "no-store") {
		t.Errorf("%s: Cache-Control %q, want no-store", r, r.Header.Get("Cache-Control"))
	}
}

func testNoStore(t *testing.T, e *env) {
	b := e.browser(t)
	r := b.nav(signInPath + "?" + url.Values{"organization": {AcmeOrg}}.Encode())
	wantSetsCookieNoStore(t, r) // the flow cookie
	hops := b.finish(b.authorize(b.wantAuthorize(r)))
	wantSetsCookieNoStore(t, hop(t, hops, callbackPath)) // the session, the flow deleted
	wantSetsCookieNoStore(t, b.do(http.MethodPost, signOutPath, acceptHTML, url.Values{}, "Origin", e.app.String()))
}

func testGarbageCookies(t *testing.T, e *env) {
	name := e.sessionName
	p, _ := workostest.DemoProfile(alice)
	real := sessionValue(t, e.auth, p)
	other, err := core.New(core.Config{ClientID: "client_other", APIKey: core.NewSecret("sk_other"), RedirectURI: e.url(callbackPath), CookiePassword: core.NewSecret(randomPassword())})
	if err != nil {
		t.Fatal(err)
	}
	tampered := []byte(real)
	i := len(tampered) / 2
	if tampered[i] == 'A' {
		tampered[i] = 'B'
	} else {
		tampered[i] = 'A'
	}
	cases := map[string]string{
		"garbage":        name + "=garbage",
		"empty":          name + "=",
		"quoted":         name + `="garbage"`,
		"tampered":       name + "=" + string(tampered),
		"truncated":      name + "=" + real[:len(real)/2],
		"extended":       name + "=" + real + "A",
		"other password": name + "=" + sessionValue(t, other, p),
		"chunks":         name + ".0=" + real[:10] + "; " + name + ".1=garbage",
		"long":           name + "=" + strings.Repeat("A", 3000),
		"percent":        name + "=%00%FF%2F..%2F",
	}
	c := e.client(t, nil)
	for what, header := range cases {
		get := func(target, accept string) *response {
			req := e.newRequest(t, http.MethodGet, target, accept, nil)
			req.Header.Set("Cookie", header)
			return send(t, c, req)
		}
		r := get("/api/me", acceptJSON)
		if r.Status != http.StatusUnauthorized {
			t.Errorf("%s cookie: %s answered %d, want 401", what, r, r.Status)
		}
		if r := get("/dashboard", acceptHTML); r.Status != http.StatusSeeOther || r.location() == nil || r.location().Path != signInPath {
			t.Errorf("%s cookie: %s, want 303 to %s", what, r, signInPath)
		}
		if r := get("/optional", acceptHTML); r.Status != http.StatusOK || strings.TrimSpace(r.Body) != "optional anonymous" {
			t.Errorf("%s cookie: %s answered %d %.100q, want 200 \"optional anonymous\"", what, r, r.Status, r.Body)
		}
		if r := get(signInPath, acceptHTML); r.Status != http.StatusOK {
			t.Errorf("%s cookie: %s answered %d, want the sign-in page", what, r, r.Status)
		}
	}
	// The untouched value works: the cases above fail for their damage.
	req := e.newRequest(t, http.MethodGet, "/api/me", acceptJSON, nil)
	req.Header.Set("Cookie", name+"="+real)
	if r := send(t, c, req); r.Status != http.StatusOK {
		t.Errorf("the intact session cookie answered %d, want 200", r.Status)
	}
}

// sessionValue returns the session cookie value of p signed in with auth.
func sessionValue(t *testing.T, auth *core.Auth, p core.Profile) string {
	t.Helper()
	_, cookies, err := workostest.SessionCookies(context.Background(), auth, p)
	if err != nil || len(cookies) != 1 {
		t.Fatalf("SessionCookies: %v, %d cookies", err, len(cookies))
	}
	return cookies[0].Value
}

// signedInBrowser is a browser holding a session of a demo user, set
// without a round trip.
func (e *env) signedInBrowser(t *testing.T, email string) *browser {
	t.Helper()
	p, ok := workostest.DemoProfile(email)
	if !ok {
		t.Fatalf("no demo user %s", email)
	}
	_, cookies, err := workostest.SessionCookies(context.Background(), e.auth, p)
	if err != nil {
		t.Fatal(err)
	}
	b := e.browser(t)
	b.setCookies(cookies)
	b.wantSignedIn(email)
	return b
}

func testExpiredSession(t *testing.T, e *env) {
	e = newEnv(t, e.adapter) // a clock of its own
	b := e.signedInBrowser(t, alice)
	e.clock.advance(sessionLifetime + time.Minute)
	b.wantSignedOut()
	wantSignInRedirect(t, b.nav("/dashboard"), "/dashboard")
	wantBody(t, b.nav("/optional"), "optional anonymous")
}

func testRenewal(t *testing.T, e *env) {
	e = newEnv(t, e.adapter) // a clock of its own
	b := e.signedInBrowser(t, alice)
	old, _ := b.sessionCookie()
	e.clock.advance(sessionLifetime/2 + time.Minute)
	r := b.nav("/dashboard")
	wantBody(t, r, "dashboard "+alice)
	c := r.cookie(e.sessionName)
	if c == nil || c.Value == "" || c.Value == old || c.MaxAge <= 0 {
		t.Fatalf("%s: a session past half its lifetime was not renewed on a guarded page (cookies %s)", r, cookieNames(r.Cookies))
	}
	wantSetsCookieNoStore(t, r)
	// Past the first cookie's expiry, the renewed one still works and the
	// old one does not.
	e.clock.advance(sessionLifetime/2 + time.Minute)
	b.wantSignedIn(alice)
	stale := e.browser(t)
	stale.setCookies([]*http.Cookie{{Name: e.sessionName, Value: old}})
	stale.wantSignedOut()
}
