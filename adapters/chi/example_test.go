package workoschi_test

import (
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/go-chi/chi/v5"

	workoschi "github.com/ssokit/workosauth/adapters/chi"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

func newAuth() *core.Auth { return newAuthWith(nil) }

// newAuthWith is newAuth with edit applied to its Config.
func newAuthWith(edit func(*core.Config)) *core.Auth {
	cfg := core.Config{
		ClientID:       "client_123",
		APIKey:         core.NewSecret("sk_test_123"),
		RedirectURI:    "http://127.0.0.1:8080/auth/callback",
		CookiePassword: core.NewSecret("a-password-of-at-least-32-characters!"),
	}
	if edit != nil {
		edit(&cfg)
	}
	auth, err := core.New(cfg)
	if err != nil {
		log.Fatal(err)
	}
	return auth
}

// Guard a group of routes and read the profile in a handler.
func ExampleRequireWorkOS() {
	auth := newAuth() // core.New(core.ConfigFromEnv()) in an app
	r := chi.NewRouter()
	r.Mount("/auth", workoschi.Routes(auth))
	r.Group(func(r chi.Router) {
		r.Use(workoschi.RequireWorkOS(auth))
		r.Get("/dashboard", func(w http.ResponseWriter, r *http.Request) {
			p, _ := workoschi.Profile(r)
			fmt.Fprintf(w, "hello %s", p.Email)
		})
	})
	r.With(workoschi.RequireWorkOS(auth, core.RequireRole("admin"))).Get("/admin", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "admin area")
	})

	alice, _ := workostest.DemoProfile("alice@acme.test") // an admin
	bob, _ := workostest.DemoProfile("bob@acme.test")     // a member
	for _, req := range []*http.Request{
		workostest.SignIn(auth, httptest.NewRequest("GET", "/dashboard", nil), alice),
		workostest.SignIn(auth, httptest.NewRequest("GET", "/admin", nil), bob),
		httptest.NewRequest("GET", "/dashboard", nil), // no session, not a browser navigation
	} {
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, req)
		fmt.Println(req.URL.Path, rec.Code)
	}
	// Output:
	// /dashboard 200
	// /admin 403
	// /dashboard 401
}

// Mount the sign-in, callback and sign-out routes where the redirect URI
// points.
func ExampleRoutes() {
	auth := newAuth() // RedirectURI http://127.0.0.1:8080/auth/callback
	r := chi.NewRouter()
	r.Mount("/auth", workoschi.Routes(auth))

	for _, req := range []*http.Request{
		httptest.NewRequest("GET", "/auth/signin", nil),                        // the sign-in page
		httptest.NewRequest("GET", "/auth/signin?connection=conn_01ACME", nil), // off to WorkOS
		httptest.NewRequest("GET", "/auth/signout", nil),                       // sign-out takes a POST
	} {
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, req)
		line := fmt.Sprintln(req.Method, req.URL.Path, rec.Code)
		if allow := rec.Header().Get("Allow"); allow != "" {
			line = fmt.Sprintln(req.Method, req.URL.Path, rec.Code, "Allow:", allow)
		}
		fmt.Print(line)
	}
	// Output:
	// GET /auth/signin 200
	// GET /auth/signin 303
	// GET /auth/signout 405 Allow: POST
}

// Answer refused requests your own way.
func ExampleOnDenied() {
	auth := newAuth()
	denied := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e, _ := core.RefusalFrom(r.Context())
		http.Error(w, "nope: "+e.Code, e.Status)
	})
	r := chi.NewRouter()
	r.With(workoschi.OnDenied(denied).RequireWorkOS(auth)).Get("/private", func(w http.ResponseWriter, r *http.Request) {})
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest("GET", "/private", nil))
	fmt.Print(rec.Code, " ", rec.Body.String())
	// Output: 401 nope: unauthenticated
}

// A page for everyone that knows who is signed in.
func ExampleProfile() {
	auth := newAuth()
	r := chi.NewRouter()
	r.With(workoschi.RequireWorkOS(auth, core.Optional())).Get("/", func(w http.ResponseWriter, r *http.Request) {
		if p, ok := workoschi.Profile(r); ok {
			fmt.Fprintf(w, "welcome back %s", p.FirstName)
			return
		}
		fmt.Fprint(w, "welcome, stranger")
	})
	carol, _ := workostest.DemoProfile("carol@globex.test")
	for _, req := range []*http.Request{
		httptest.NewRequest("GET", "/", nil),
		workostest.SignIn(auth, httptest.NewRequest("GET", "/", nil), carol),
	} {
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, req)
		fmt.Println(rec.Body.String())
	}
	// Output:
	// welcome, stranger
	// welcome back Carol
}
