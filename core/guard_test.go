package core

import (
	"net/http"
	"testing"
)

// A guard lets signed-out requests to the auth routes through, but only
// when the path is an auth route as sent, not merely once unescaped: a
// router may hand "/auth%2Fsignin" to a guarded catch-all route.
func TestGuardExemptsOnlyRealAuthPaths(t *testing.T) {
	a := newTestAuth(t, nil)
	g := a.mustGuard()
	for _, tt := range []struct {
		target string
		exempt bool
	}{
		{"/auth/signin", true},
		{"/auth/callback?state=x", true},
		{"/auth/signout/", true},
		{"/auth/webhooks", true}, // WorkOS has no session; the signature is the check
		{"/auth%2Fsignin", false},
		{"/auth/sign%69n", false},
		{"/x/..%2Fauth/signin", false},
		{"/dashboard", false},
	} {
		f := newFake(http.MethodGet, tt.target)
		_, d := g.Check(f)
		if (d == nil) != tt.exempt {
			t.Errorf("%s: denial %v, want exempt=%v", tt.target, d, tt.exempt)
		}
	}
}
