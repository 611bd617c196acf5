package workoschi_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/go-chi/chi/v5"

	workoschi "github.com/ssokit/workosauth/adapters/chi"
	"github.com/ssokit/workosauth/workostest"
)

// Read the session and offer sign-out at auth.SignOutPath().
func ExampleSession() {
	auth := newAuth()
	r := chi.NewRouter()
	r.With(workoschi.RequireWorkOS(auth)).Get("/", func(w http.ResponseWriter, r *http.Request) {
		s, _ := workoschi.Session(r)
		fmt.Fprintf(w, "%s, sign out at POST %s", s.Profile.FirstName, auth.SignOutPath())
	})
	carol, _ := workostest.DemoProfile("carol@globex.test")
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, workostest.SignIn(auth, httptest.NewRequest("GET", "/", nil), carol))
	fmt.Println(rec.Body.String())
	// Output: Carol, sign out at POST /auth/signout
}
