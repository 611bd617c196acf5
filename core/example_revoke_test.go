package core_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

// "Sign this user out everywhere": every session of the profile, on every
// device (and, with a RevocationFeed, on every instance) ends.
func ExampleAuth_RevokeUser() {
	auth, _ := core.New(core.Config{ClientID: "client_123", APIKey: core.NewSecret("sk_test_123"),
		RedirectURI: "http://127.0.0.1:8080/auth/callback", CookiePassword: core.NewSecret("a-password-of-at-least-32-characters!")})
	me := workoshttp.RequireWorkOS(auth)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "signed in")
	}))
	alice, _ := workostest.DemoProfile("alice@acme.test")
	laptop := workostest.SignIn(auth, httptest.NewRequest("GET", "/me", nil), alice)
	phone := workostest.SignIn(auth, httptest.NewRequest("GET", "/me", nil), alice)

	auth.RevokeUser(context.Background(), alice.ID)

	for _, req := range []*http.Request{laptop, phone} {
		req.Header.Set("Accept", "application/json")
		rec := httptest.NewRecorder()
		me.ServeHTTP(rec, req)
		fmt.Println(rec.Code)
	}
	// Output:
	// 401
	// 401
}

// Deprovisioning hooks end the sessions of one user of one organization,
// by the identity provider's ID or by email, signed in until now.
func ExampleAuth_RevokeMatching() {
	auth, _ := core.New(core.Config{ClientID: "client_123", APIKey: core.NewSecret("sk_test_123"),
		RedirectURI: "http://127.0.0.1:8080/auth/callback", CookiePassword: core.NewSecret("a-password-of-at-least-32-characters!")})
	err := auth.RevokeMatching(context.Background(), time.Now(),
		core.MatchIdentity("org_01ACME", "00u1abcd"),
		core.MatchEmail("org_01ACME", "alice@acme.test"))
	fmt.Println(err)
	// Output: <nil>
}

// Sensitive routes ask for a recent sign-in; older sessions are sent to
// sign in again, and keep working elsewhere.
func ExampleRequireRecentSignIn() {
	auth, _ := core.New(core.Config{ClientID: "client_123", APIKey: core.NewSecret("sk_test_123"),
		RedirectURI: "http://127.0.0.1:8080/auth/callback", CookiePassword: core.NewSecret("a-password-of-at-least-32-characters!")})
	keys := workoshttp.RequireWorkOS(auth, core.RequireRecentSignIn(10*time.Minute))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, _ := core.SessionFrom(r.Context())
		fmt.Fprintf(w, "signed in %s ago", time.Since(s.SignedInAt).Round(time.Hour))
	}))
	alice, _ := workostest.DemoProfile("alice@acme.test")
	rec := httptest.NewRecorder()
	keys.ServeHTTP(rec, workostest.SignIn(auth, httptest.NewRequest("GET", "/settings/keys", nil), alice))
	fmt.Println(rec.Code, rec.Body)
	// Output: 200 signed in 0s ago
}
