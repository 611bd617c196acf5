package workoshttp_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/workostest"
)

// Read the session in a handler and offer a sign-out button posting to
// auth.SignOutPath(), rather than a path built by hand.
func ExampleSession() {
	auth := newAuth()
	page := workoshttp.RequireWorkOS(auth)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, _ := workoshttp.Session(r)
		fmt.Fprintf(w, `%s <form method="post" action="%s"><button>Sign out</button></form>`, s.Profile.Email, auth.SignOutPath())
	}))

	alice, _ := workostest.DemoProfile("alice@acme.test")
	rec := httptest.NewRecorder()
	page.ServeHTTP(rec, workostest.SignIn(auth, httptest.NewRequest("GET", "/", nil), alice))
	fmt.Println(rec.Body.String())
	// Output: alice@acme.test <form method="post" action="/auth/signout"><button>Sign out</button></form>
}
