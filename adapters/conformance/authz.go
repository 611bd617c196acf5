package conformance

import (
	"net/http"
	"strings"
	"testing"
)

// wantAccess checks what a signed-in user gets on the routes with
// requirements: the route's body where allowed, else 403 (never a
// redirect to sign in: the user is signed in), a JSON error for API
// clients.
func wantAccess(t *testing.T, b *browser, allowed map[string]bool) {
	t.Helper()
	for _, route := range []string{"/admin", "/acme", "/eng"} {
		if allowed[route] {
			wantBody(t, b.nav(route), strings.TrimPrefix(route, "/"))
			wantBody(t, b.api(http.MethodGet, route), strings.TrimPrefix(route, "/"))
			continue
		}
		nav := b.nav(route)
		if nav.Status != http.StatusForbidden || nav.Header.Get("Location") != "" {
			t.Errorf("%s: answered %d, want 403 and no redirect", nav, nav.Status)
		}
		api := b.api(http.MethodGet, route)
		if api.Status != http.StatusForbidden {
			t.Errorf("%s: answered %d, want 403", api, api.Status)
			continue
		}
		if m := api.jsonBody(t); m["error"] != "forbidden" {
			t.Errorf("%s: error %v, want \"forbidden\"", api, m["error"])
		}
	}
	// The plain guarded routes let every signed-in user in.
	if r := b.nav("/dashboard"); r.Status != http.StatusOK {
		t.Errorf("%s: answered %d, want 200", r, r.Status)
	}
}

func testAuthzAlice(t *testing.T, e *env) {
	b := e.browser(t)
	b.signInAs(alice, AcmeOrg)
	wantAccess(t, b, map[string]bool{"/admin": true, "/acme": true, "/eng": true})
}

func testAuthzBob(t *testing.T, e *env) {
	b := e.browser(t)
	b.signInAs(bob, AcmeOrg)
	wantAccess(t, b, map[string]bool{"/acme": true})
}

func testAuthzCarol(t *testing.T, e *env) {
	b := e.browser(t)
	b.signInAs(carol, globexOrg)
	wantAccess(t, b, map[string]bool{})
}
