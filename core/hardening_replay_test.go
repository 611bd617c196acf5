package core_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
	"golang.org/x/net/http/httpguts"
)

// flowCookie returns the flow cookie a sign-in start set.
func flowCookie(t testing.TB, p page) *http.Cookie {
	t.Helper()
	for _, line := range p.setCookies {
		c, err := http.ParseSetCookie(line)
		if err == nil && strings.Contains(c.Name, "wos-flow-") && c.Value != "" && c.MaxAge >= 0 {
			return c
		}
	}
	t.Fatalf("no flow cookie in %v", p.setCookies)
	return nil
}

// wantRefusedCallback checks that a callback was refused with code: sent
// back to the sign-in page with ?error=code and no session set.
func wantRefusedCallback(t testing.TB, p page, code string) {
	t.Helper()
	if p.status != http.StatusSeeOther || !strings.HasSuffix(p.header.Get("Location"), "?error="+code) || sessionSet(p.setCookies) {
		t.Fatalf("want the callback refused with %s and no session, got %s\nSet-Cookie: %v", code, p, p.setCookies)
	}
}

// TestHardeningCallbackReplay replays a callback URL that has signed in
// once: in the same browser, in another one, and with the flow cookie
// copied along. Each is refused without a session.
func TestHardeningCallbackReplay(t *testing.T) {
	app := newApp(t, appOptions{})
	b := app.browser()
	start := b.navigate("GET", app.signInURL(url.Values{"email": {"bob@acme.test"}, "return_to": {"/dashboard"}}), nil, nil, beforeCallback)
	fc := flowCookie(t, start)
	callback := start.url.String()
	if w := b.get(callback).who(t); w.Email != "bob@acme.test" {
		t.Fatalf("first use signed in as %q", w.Email)
	}
	session := b.sessionCookies(app.URL)
	tokens := len(app.wos.TokenRequests())

	// Same browser: its flow cookie is gone, the callback is refused before
	// the code is spent again, and the session it has stays.
	p, err := b.request("GET", callback, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantRefusedCallback(t, p, "state_mismatch")
	if got := b.sessionCookies(app.URL); got["wos-session"] != session["wos-session"] {
		t.Fatal("a refused replay changed the session")
	}

	// Another browser.
	other := app.browser()
	p, err = other.request("GET", callback, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantRefusedCallback(t, p, "state_mismatch")
	app.signedOut(other)
	if n := len(app.wos.TokenRequests()); n != tokens {
		t.Fatalf("a replay without the flow cookie reached WorkOS (%d token requests, want %d)", n, tokens)
	}

	// Another browser that stole the flow cookie too: the code is
	// single-use at WorkOS.
	thief := app.browser()
	thief.setCookie(app.URL, &http.Cookie{Name: fc.Name, Value: fc.Value, Path: "/"})
	p, err = thief.request("GET", callback, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantRefusedCallback(t, p, "invalid_grant")
	app.signedOut(thief)
}

// TestHardeningLoginCSRF: an attacker signs in as themself up to the
// callback and makes the victim's browser open it. The victim is not
// signed in as the attacker, the attacker's code is not spent, and the
// victim's own sign-in in progress still completes.
func TestHardeningLoginCSRF(t *testing.T) {
	app := newApp(t, appOptions{})
	attacker, victim := app.browser(), app.browser()
	evil := attacker.navigate("GET", app.signInURL(url.Values{"email": {"bob@acme.test"}}), nil, nil, beforeCallback)
	own := victim.navigate("GET", app.signInURL(url.Values{"email": {"alice@acme.test"}, "return_to": {"/tab/mine"}}), nil, nil, beforeCallback)
	tokens := len(app.wos.TokenRequests())

	for _, target := range []string{evil.url.String(), evil.url.String() + "&state=" + own.url.Query().Get("state")} {
		p, err := victim.request("GET", target, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if p.status != http.StatusSeeOther || !strings.Contains(p.header.Get("Location"), "error=") || sessionSet(p.setCookies) {
			t.Fatalf("attacker's callback %s: %s", target, p)
		}
		app.signedOut(victim)
	}
	if n := len(app.wos.TokenRequests()); n != tokens {
		t.Fatalf("the attacker's code reached WorkOS from the victim's browser")
	}
	if w := victim.get(own.url.String()).who(t); w.Email != "alice@acme.test" || w.Path != "/tab/mine" {
		t.Fatalf("the victim's own sign-in: %q at %q", w.Email, w.Path)
	}
}

// TestHardeningFlowCookieFromAnotherFlow moves flow cookies between flows
// and browsers: a flow cookie opens only under its own name, for its own
// state.
func TestHardeningFlowCookieFromAnotherFlow(t *testing.T) {
	app := newApp(t, appOptions{})
	b := app.browser()
	x := b.navigate("GET", app.signInURL(url.Values{"connection": {connAcme}, "return_to": {"/x"}}), nil, nil, beforeCallback)
	y := b.navigate("GET", app.signInURL(url.Values{"connection": {connAcme}, "return_to": {"/y"}}), nil, nil, beforeCallback)
	fx, fy := flowCookie(t, x), flowCookie(t, y)
	tokens := len(app.wos.TokenRequests())

	// x's cookie under y's name, in a browser that holds nothing else.
	c := app.browser()
	c.setCookie(app.URL, &http.Cookie{Name: fy.Name, Value: fx.Value, Path: "/"})
	p, err := c.request("GET", y.url.String(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantRefusedCallback(t, p, "state_mismatch")

	// x's cookie, under its own name, with y's callback.
	d := app.browser()
	d.setCookie(app.URL, &http.Cookie{Name: fx.Name, Value: fx.Value, Path: "/"})
	p, err = d.request("GET", y.url.String(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantRefusedCallback(t, p, "state_mismatch")

	// A flow cookie sealed by another app (another password) under the
	// right name.
	other, err := core.New(core.Config{
		ClientID:       "client_x",
		APIKey:         core.NewSecret("sk_x"),
		RedirectURI:    app.cfg.RedirectURI,
		CookiePassword: core.NewSecret(otherPassword),
		WorkOS:         core.WorkOSConfig{BaseURL: app.wos.URL},
	})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/auth/signin?connection="+connAcme, nil)
	req.Host = strings.TrimPrefix(app.URL, "http://")
	authRoutes(other).ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("other app's sign-in: %d", rec.Code)
	}
	loc, _ := url.Parse(rec.Header().Get("Location"))
	foreign := (&http.Response{Header: rec.Header()}).Cookies()[0]
	e := app.browser()
	e.setCookie(app.URL, &http.Cookie{Name: foreign.Name, Value: foreign.Value, Path: "/"})
	p, err = e.request("GET", app.URL+"/auth/callback?code=c&state="+url.QueryEscape(loc.Query().Get("state")), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantRefusedCallback(t, p, "state_mismatch")

	if n := len(app.wos.TokenRequests()); n != tokens {
		t.Fatalf("a forged flow reached WorkOS")
	}
	// The browser's own flows are untouched by all of this.
	if w := b.get(x.url.String()).who(t); w.Path != "/x" {
		t.Fatalf("flow x landed on %q", w.Path)
	}
	if w := b.get(y.url.String()).who(t); w.Path != "/y" {
		t.Fatalf("flow y landed on %q", w.Path)
	}
}

// TestHardeningSessionCookieForgery flips every bit of a real session
// cookie (as sent and as decoded), and tries cookies sealed with another
// app's password, expired, or sealed with a retired password: none opens.
func TestHardeningSessionCookieForgery(t *testing.T) {
	clk := &clock{}
	app := newApp(t, appOptions{config: func(c *core.Config) { c.Now = clk.Now }})
	b := app.browser()
	app.signIn(b, "alice@acme.test")
	real := b.sessionCookies(app.URL)["wos-session"]
	if real == "" {
		t.Fatal("no session cookie")
	}

	opens := func(value string) bool {
		t.Helper()
		req := httptest.NewRequest("GET", app.URL+"/dashboard", nil)
		req.Header["Cookie"] = []string{"wos-session=" + value}
		req.Header.Set("Accept", "text/html")
		rec := inProcess(app, req)
		switch rec.Code {
		case http.StatusOK:
			return true
		case http.StatusSeeOther:
			if rec.Header().Get("Vary") != "Cookie" || rec.Header().Get("Cache-Control") != "no-store" {
				t.Fatalf("refusal with Vary %q, Cache-Control %q", rec.Header().Get("Vary"), rec.Header().Get("Cache-Control"))
			}
			return false
		}
		t.Fatalf("cookie %q answered %d", value, rec.Code)
		return false
	}
	overHTTP := func(value string) bool {
		t.Helper()
		p, err := app.browser().request("GET", app.URL+"/dashboard", nil, http.Header{"Cookie": {"wos-session=" + value}})
		if err != nil {
			t.Fatal(err)
		}
		return p.status == http.StatusOK
	}
	if !opens(real) || !overHTTP(real) {
		t.Fatal("the real cookie does not open")
	}

	// Every bit of the cookie as sent. The values that are valid in a
	// header also go over real HTTP.
	sent := 0
	for i := 0; i < len(real); i++ {
		for bit := 0; bit < 8; bit++ {
			v := []byte(real)
			v[i] ^= 1 << bit
			if opens(string(v)) {
				t.Fatalf("flipping bit %d of byte %d opened the session", bit, i)
			}
			if httpguts.ValidHeaderFieldValue("wos-session="+string(v)) && (i*8+bit)%7 == 0 {
				sent++
				if overHTTP(string(v)) {
					t.Fatalf("over HTTP, flipping bit %d of byte %d opened the session", bit, i)
				}
			}
		}
	}
	// Every bit of the sealed bytes, encoded again.
	raw, err := base64.RawURLEncoding.DecodeString(real)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(raw); i++ {
		for bit := 0; bit < 8; bit++ {
			v := append([]byte(nil), raw...)
			v[i] ^= 1 << bit
			if opens(base64.RawURLEncoding.EncodeToString(v)) {
				t.Fatalf("flipping bit %d of sealed byte %d opened the session", bit, i)
			}
		}
	}
	// Truncated and extended.
	for _, v := range []string{real[:len(real)-1], real + "A", real + "AAAA", real[4:], "B" + real[1:]} {
		if opens(v) {
			t.Fatalf("%q opened the session", v)
		}
	}
	if sent < 100 {
		t.Fatalf("only %d tampered cookies went over HTTP", sent)
	}

	// Sealed with another app's password, for the same profile.
	other, err := core.New(core.Config{ClientID: "c", APIKey: core.NewSecret("k"), RedirectURI: app.cfg.RedirectURI, CookiePassword: core.NewSecret(otherPassword)})
	if err != nil {
		t.Fatal(err)
	}
	alice := whoProfile(t, app, b)
	_, cs, err := workostest.SessionCookies(context.Background(), other, alice)
	if err != nil {
		t.Fatal(err)
	}
	if overHTTP(cs[0].Value) {
		t.Fatal("a session sealed with another password opened")
	}

	// Expired: a day past the session's lifetime. The browser is then
	// signed out, and the cookie stays refused.
	clk.Advance(7*24*time.Hour + time.Minute)
	if overHTTP(real) {
		t.Fatal("an expired session opened")
	}
	app.signedOut(b)

	// Sealed with a password that has been retired.
	clk.Advance(-(7*24*time.Hour + time.Minute))
	fresh := app.browser()
	app.signIn(fresh, "alice@acme.test")
	old := fresh.sessionCookies(app.URL)["wos-session"]
	app.reconfigure(func(c *core.Config) {
		c.CookiePassword, c.Cookies.PreviousPasswords = core.NewSecret(otherPassword), nil
	})
	if overHTTP(old) {
		t.Fatal("a session sealed with a retired password opened")
	}
	app.signedOut(fresh)
}

// whoProfile returns the profile the app holds for a signed-in browser, as
// a core.Profile with the fields the forgery test needs.
func whoProfile(t testing.TB, app *testApp, b *browser) core.Profile {
	t.Helper()
	w := b.get(app.URL + "/dashboard").who(t)
	return core.Profile{ID: "prof_01DEMOALICE", Email: w.Email, Groups: w.Groups, CustomAttributes: w.Attrs}
}

// TestHardeningPasswordRotation rotates the cookie password end to end.
// While the old password is listed as previous, old sessions keep working
// and are re-sealed with the new one on their next request; once it is
// removed, a session still sealed with it stops, and re-sealed ones go on.
func TestHardeningPasswordRotation(t *testing.T) {
	const newPassword = "the-new-cookie-password-0123456789abcdefgh"
	app := newApp(t, appOptions{})
	resealed, left := app.browser(), app.browser()
	app.signIn(resealed, "alice@acme.test")
	app.signIn(left, "bob@acme.test")
	oldAlice := resealed.sessionCookies(app.URL)["wos-session"]
	oldBob := left.sessionCookies(app.URL)["wos-session"]

	app.reconfigure(func(c *core.Config) {
		c.CookiePassword, c.Cookies.PreviousPasswords = core.NewSecret(newPassword), []core.Secret{core.NewSecret(hardPassword)}
	})
	// Bob's cookie, never sent during the rotation, keeps opening while
	// the old password is listed; a plain request (no jar) does not keep
	// the re-sealed cookie it is given.
	for i := 0; i < 3; i++ {
		p, err := app.browser().request("GET", app.URL+"/dashboard", nil, http.Header{"Cookie": {"wos-session=" + oldBob}})
		if err != nil || p.status != http.StatusOK || !sessionSet(p.setCookies) {
			t.Fatalf("old session during the rotation: %v %v (re-sealed: %v)", p.status, err, sessionSet(p.setCookies))
		}
	}
	// Alice's browser gets her session re-sealed with the new password.
	if w := resealed.get(app.URL + "/dashboard").who(t); w.Email != "alice@acme.test" {
		t.Fatalf("signed in as %q", w.Email)
	}
	newAlice := resealed.sessionCookies(app.URL)["wos-session"]
	if newAlice == "" || newAlice == oldAlice {
		t.Fatal("the session was not re-sealed")
	}

	app.reconfigure(func(c *core.Config) { c.Cookies.PreviousPasswords = nil })
	if w := resealed.get(app.URL + "/dashboard").who(t); w.Email != "alice@acme.test" {
		t.Fatalf("the re-sealed session: %q", w.Email)
	}
	app.signedOut(left)
	for _, old := range []string{oldAlice, oldBob} {
		p, err := app.browser().request("GET", app.URL+"/dashboard", nil, http.Header{"Cookie": {"wos-session=" + old}, "Accept": {"text/html"}})
		if err != nil || p.status != http.StatusSeeOther {
			t.Fatalf("a session sealed with the removed password: %v %v", p.status, err)
		}
	}
}

// TestHardeningSessionFixation: a browser carrying someone else's valid
// session cookie (planted by an attacker) signs in; it gets a session of
// its own, and the planted cookie is not turned into the new user's.
func TestHardeningSessionFixation(t *testing.T) {
	app := newApp(t, appOptions{})
	attacker := app.browser()
	app.signIn(attacker, "bob@acme.test")
	planted := attacker.sessionCookies(app.URL)["wos-session"]

	victim := app.browser()
	victim.setCookie(app.URL, &http.Cookie{Name: "wos-session", Value: planted, Path: "/"})
	app.signIn(victim, "alice@acme.test")
	if got := victim.sessionCookies(app.URL)["wos-session"]; got == "" || got == planted {
		t.Fatal("the planted session cookie was kept")
	}
	if w := attacker.get(app.URL + "/dashboard").who(t); w.Email != "bob@acme.test" {
		t.Fatalf("the planted cookie now stands for %q", w.Email)
	}
}

// TestHardeningSignOut: sign-out is refused from another site, and once
// done, a copy of the session cookie (stolen before) no longer opens in
// this process.
func TestHardeningSignOut(t *testing.T) {
	app := newApp(t, appOptions{})
	b := app.browser()
	app.signIn(b, "alice@acme.test")
	stolen := b.sessionCookies(app.URL)["wos-session"]

	for _, h := range []http.Header{
		{"Origin": {"http://evil.test"}},
		{"Origin": {"null"}},
		{"Sec-Fetch-Site": {"cross-site"}},
		{"Sec-Fetch-Site": {"same-site"}, "Origin": {app.URL}},
		{"Referer": {"http://evil.test/page"}},
	} {
		p, err := b.request("POST", app.URL+"/auth/signout", strings.NewReader(""), h)
		if err != nil || p.status != http.StatusForbidden {
			t.Fatalf("cross-site sign-out %v: %d %v", h, p.status, err)
		}
		if w := b.get(app.URL + "/dashboard").who(t); w.Email != "alice@acme.test" {
			t.Fatalf("signed out by a cross-site request %v", h)
		}
	}
	p := b.post(app.URL+"/auth/signout", url.Values{}, http.Header{"Origin": {app.URL}, "Sec-Fetch-Site": {"same-origin"}})
	if p.status != http.StatusOK || len(b.sessionCookies(app.URL)) != 0 {
		t.Fatalf("sign-out: %s", p)
	}
	q, err := app.browser().request("GET", app.URL+"/dashboard", nil, http.Header{"Cookie": {"wos-session=" + stolen}, "Accept": {"text/html"}})
	if err != nil || q.status != http.StatusSeeOther {
		t.Fatalf("the stolen cookie after sign-out: %d %v", q.status, err)
	}
}

// TestHardeningCallbackRepeatedParams: a real callback with a parameter
// given twice (an IdP error, the code, the state) is refused without a
// session, whatever the first copy says.
func TestHardeningCallbackRepeatedParams(t *testing.T) {
	app := newApp(t, appOptions{})
	for _, extra := range []string{"&error=access_denied&error=access_denied", "&error=&error=access_denied", "&code=other", "&state=other"} {
		b := app.browser()
		cb := b.navigate("GET", app.signInURL(url.Values{"connection": {connAcme}}), nil, nil, beforeCallback)
		p, err := b.request("GET", cb.url.String()+extra, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if p.status != http.StatusSeeOther || !strings.Contains(p.header.Get("Location"), "?error=") || sessionSet(p.setCookies) {
			t.Fatalf("callback with %s: %s", extra, p)
		}
		app.signedOut(b)
	}
}
