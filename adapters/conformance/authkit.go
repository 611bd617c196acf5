package conformance

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

// The AuthKit part of the suite: each case starts an app of its own with
// core.Config.AuthKit.Enabled on, against the emulator's User Management API.

const (
	tokenPath  = "/api/token"
	permPath   = "/perm"
	switchPath = "/auth/switch-organization"
	selectPath = "/auth/select-organization"
	aliceUser  = "user_01DEMOALICE"
)

func newAuthKitEnv(t *testing.T, a Adapter) *env {
	t.Helper()
	return newEnvWith(t, a, func(c *core.Config) { c.AuthKit.Enabled = true })
}

// authKitSignIn gives b the session cookies of email signed in through
// AuthKit in Acme.
func (b *browser) authKitSignIn(email string) {
	b.t.Helper()
	r := b.e.emu.AuthKitSignIn(b.e.auth, httptest.NewRequest("GET", "/", nil), email, AcmeOrg)
	b.setCookies(r.Cookies())
}

func (e *env) bearerGet(t *testing.T, path, token string) *response {
	t.Helper()
	req := e.newRequest(t, http.MethodGet, path, acceptJSON, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	return send(t, e.client(t, nil), req)
}

func testAuthKitHostedSignIn(t *testing.T, e *env) {
	e = newAuthKitEnv(t, e.adapter)
	b := e.browser(t)
	r := b.nav(signInPath + "?return_to=/dashboard")
	u := r.location()
	if !isRedirect(r.Status) || u == nil || !e.isEmulator(u) || u.Path != "/user_management/authorize" || u.Query().Get("provider") != "authkit" {
		t.Fatalf("%s: want a redirect to AuthKit's hosted page (/user_management/authorize?provider=authkit)", r)
	}
	hops := b.follow(r)
	if last := hops[len(hops)-1]; last.Status != 200 || last.URL.Path != "/dashboard" {
		t.Fatalf("the hosted sign-in ended at %s: %s", last, chain(hops))
	}
	b.wantSignedIn(alice)
}

func testAuthKitBearerAccepted(t *testing.T, e *env) {
	e = newAuthKitEnv(t, e.adapter)
	tok, err := e.emu.AccessToken(alice, AcmeOrg)
	if err != nil {
		t.Fatal(err)
	}
	if r := e.bearerGet(t, tokenPath, tok); r.Status != 200 || r.Body != "token "+aliceUser {
		t.Fatalf("%s %q: want 200 %q", r, r.Body, "token "+aliceUser)
	}
	// A guard without AcceptBearer ignores the header.
	if r := e.bearerGet(t, "/api/me", tok); r.Status != http.StatusUnauthorized || strings.Contains(r.Header.Get("WWW-Authenticate"), "Bearer") {
		t.Fatalf("%s: a guard without AcceptBearer took the Bearer token", r)
	}
}

func testAuthKitBearerRefused(t *testing.T, e *env) {
	e = newAuthKitEnv(t, e.adapter)
	tok, err := e.emu.AccessToken(alice, AcmeOrg)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"garbage", tok[:len(tok)-4] + "AAAA", strings.Replace(tok, ".", "x.", 1)} {
		r := e.bearerGet(t, tokenPath, bad)
		if r.Status != http.StatusUnauthorized || r.jsonBody(t)["error"] != "invalid_token" || !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Bearer") {
			t.Fatalf("%s: want 401 invalid_token with WWW-Authenticate: Bearer", r)
		}
	}
	e.clock.advance(6 * time.Minute)
	if r := e.bearerGet(t, tokenPath, tok); r.Status != http.StatusUnauthorized {
		t.Fatalf("%s: an expired token was accepted", r)
	}
}

func testAuthKitBearerRevoked(t *testing.T, e *env) {
	e = newAuthKitEnv(t, e.adapter)
	tok, err := e.emu.AccessToken(alice, AcmeOrg)
	if err != nil {
		t.Fatal(err)
	}
	if r := e.bearerGet(t, tokenPath, tok); r.Status != 200 {
		t.Fatalf("%s: a valid token, want 200", r)
	}
	e.clock.advance(time.Second) // the revocation comes after the token
	if err := e.auth.RevokeUser(t.Context(), aliceUser); err != nil {
		t.Fatal(err)
	}
	// The guard has no requirement: its fast path must still refuse.
	r := e.bearerGet(t, tokenPath, tok)
	if r.Status != http.StatusUnauthorized || r.jsonBody(t)["error"] != "invalid_token" || strings.Contains(r.Body, aliceUser) {
		t.Fatalf("%s: a revoked user's token, want 401 invalid_token", r)
	}
}

func testAuthKitPermission(t *testing.T, e *env) {
	e = newAuthKitEnv(t, e.adapter)
	for email, want := range map[string]int{alice: 200, bob: http.StatusForbidden} {
		b := e.browser(t)
		b.authKitSignIn(email)
		if r := b.api(http.MethodGet, permPath); r.Status != want {
			t.Errorf("%s on %s: %s, want %d", email, permPath, r, want)
		}
	}
}

func testAuthKitSwitchRoute(t *testing.T, e *env) {
	// In SSO mode the route is not there.
	if r := e.browser(t).do(http.MethodPost, switchPath, acceptJSON, url.Values{"organization_id": {globexOrg}}, "Origin", e.app.String()); r.Status != http.StatusNotFound {
		t.Errorf("%s: want 404 in SSO mode", r)
	}
	e = newAuthKitEnv(t, e.adapter)
	b := e.browser(t)
	b.authKitSignIn(alice)
	r := b.do(http.MethodPost, switchPath, acceptJSON, url.Values{"organization_id": {globexOrg}}, "Origin", "https://evil.test")
	if r.Status != http.StatusForbidden || r.jsonBody(t)["error"] != "cross_site" {
		t.Fatalf("%s: a cross-site switch, want 403 cross_site", r)
	}
	r = b.do(http.MethodPost, switchPath, acceptJSON, url.Values{"organization_id": {globexOrg}}, "Origin", e.app.String())
	if r.Status != http.StatusForbidden || r.jsonBody(t)["error"] != "not_a_member" {
		t.Fatalf("%s: a switch to an organization alice is not in, want 403 not_a_member", r)
	}
	if r := b.do(http.MethodGet, switchPath, acceptJSON, nil); r.Status != http.StatusMethodNotAllowed || !strings.Contains(r.Header.Get("Allow"), "POST") {
		t.Fatalf("%s: GET, want 405 with Allow: POST", r)
	}
	b.wantSignedIn(alice)
}

func testAuthKitRefresh(t *testing.T, e *env) {
	e = newAuthKitEnv(t, e.adapter)
	b := e.browser(t)
	b.authKitSignIn(alice)
	before := e.emu.RefreshCount()
	e.clock.advance(6 * time.Minute)
	r := b.api(http.MethodGet, "/api/me")
	if r.Status != 200 || r.cookie(e.sessionName) == nil {
		t.Fatalf("%s: an expired access token, want 200 and the refreshed session's cookie", r)
	}
	if n := e.emu.RefreshCount() - before; n != 1 {
		t.Fatalf("%d refreshes, want 1", n)
	}
}

func testAuthKitSignOut(t *testing.T, e *env) {
	e = newAuthKitEnv(t, e.adapter)
	b := e.browser(t)
	b.authKitSignIn(alice)
	r := b.do(http.MethodPost, signOutPath, acceptHTML, url.Values{}, "Origin", e.app.String())
	u := r.location()
	if !isRedirect(r.Status) || u == nil || !e.isEmulator(u) || u.Path != "/user_management/sessions/logout" || !strings.HasPrefix(u.Query().Get("session_id"), "session_") {
		t.Fatalf("%s: want a redirect through WorkOS's logout URL", r)
	}
	if rt := u.Query().Get("return_to"); rt != e.app.String()+"/" {
		t.Fatalf("return_to %q, want the app's %q", rt, e.app.String()+"/")
	}
	wantSessionCleared(t, e, r)
	b.follow(r)
	if !e.emu.SessionEnded(u.Query().Get("session_id")) {
		t.Fatal("the WorkOS session was not ended")
	}
	b.wantSignedOut()
}

func testAuthKitSelectRoute(t *testing.T, e *env) {
	if r := e.browser(t).do(http.MethodPost, selectPath, acceptJSON, url.Values{"organization_id": {globexOrg}}, "Origin", e.app.String()); r.Status != http.StatusNotFound {
		t.Errorf("%s: want 404 in SSO mode", r)
	}
	e = newAuthKitEnv(t, e.adapter)
	b := e.browser(t)
	// No pending choice: the chooser's form reached core, which says it expired.
	r := b.do(http.MethodPost, selectPath, acceptJSON, url.Values{"organization_id": {globexOrg}}, "Origin", e.app.String())
	if r.Status != http.StatusBadRequest || r.jsonBody(t)["error"] != "selection_expired" {
		t.Fatalf("%s: want 400 selection_expired", r)
	}
	if r := b.do(http.MethodGet, selectPath, acceptJSON, nil); r.Status != http.StatusMethodNotAllowed || !strings.Contains(r.Header.Get("Allow"), "POST") {
		t.Fatalf("%s: GET, want 405 with Allow: POST", r)
	}
}

func testAuthKitSwitchFunction(t *testing.T, e *env) {
	// Alice is a member of Acme (admin) and Globex (member) here.
	seed := workostest.DemoSeed()
	for i := range seed.Connections {
		if seed.Connections[i].ID == globexSSO {
			seed.Connections[i].Users = append(seed.Connections[i].Users, workostest.User{ID: "prof_01DEMOALICEGLOBEX", Email: alice, Role: "member"})
		}
	}
	e = newEnvSeeded(t, e.adapter, seed, func(c *core.Config) { c.AuthKit.Enabled = true })
	b := e.browser(t)
	b.authKitSignIn(alice)
	r := b.do(http.MethodPost, "/api/switch", acceptJSON, url.Values{"organization_id": {"org_01NOTHERS"}})
	if r.Status != http.StatusForbidden || r.Body != "not_a_member" {
		t.Fatalf("%s %q: a switch to an organization alice is not in, want 403 not_a_member", r, r.Body)
	}
	r = b.do(http.MethodPost, "/api/switch", acceptJSON, url.Values{"organization_id": {globexOrg}})
	if r.Status != 200 || r.Body != "switched "+globexOrg || r.cookie(e.sessionName) == nil {
		t.Fatalf("%s %q: want 200 %q and the new session cookie", r, r.Body, "switched "+globexOrg)
	}
	if r := b.api(http.MethodGet, "/api/me"); r.Status != 200 || r.jsonBody(t)["organization_id"] != globexOrg {
		t.Fatalf("%s: after the switch, want organization %s", r, globexOrg)
	}
}
