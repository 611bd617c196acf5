package core

import (
	"net/http"
	"testing"
)

// A guard with a requirement around the whole app lets a signed-in user
// who fails it reach the auth routes (to sign out, or in as someone else),
// with the session loaded, and still refuses everything else.
func TestGuardRequirementLeavesAuthRoutesToSignedInUsers(t *testing.T) {
	a := newTestAuth(t, nil)
	bob := alice()
	bob.ID, bob.Email, bob.Role = "prof_01BOB", "bob@acme.test", &Role{Slug: "member"}
	cookies := sessionCookiesFor(t, a, bob)
	g := a.mustGuard(RequireRole("admin"))
	for _, target := range []string{"/auth/signin", "/auth/callback?state=x", "/auth/signout"} {
		s, d := g.Check(newFake("GET", target).withCookies(cookies...))
		if d != nil || s == nil || s.Profile.ID != bob.ID {
			t.Errorf("%s: denial %+v, session %v; want the request let through with bob's session", target, d, s)
		}
	}
	for _, target := range []string{"/reports", "/auth%2Fsignout", "/auth/other"} {
		if _, d := g.Check(newFake("GET", target).withCookies(cookies...)); d == nil || d.Status != http.StatusForbidden {
			t.Errorf("%s: denial %+v, want 403", target, d)
		}
	}
}
