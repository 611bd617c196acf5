package adapter_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/adapter"
	"github.com/ssokit/workosauth/workostest"
)

// exchange is an adapter.Exchange over net/http, the whole of what a
// router's adapter implements (workoshttp's is the same, without
// allocating in Cookie).
type exchange struct {
	w http.ResponseWriter
	r *http.Request
}

func (x *exchange) Context() context.Context { return x.r.Context() }
func (x *exchange) Method() string           { return x.r.Method }
func (x *exchange) Host() string             { return x.r.Host }
func (x *exchange) Path() string             { return x.r.URL.Path }
func (x *exchange) RequestURI() string       { return x.r.URL.RequestURI() }
func (x *exchange) RemoteAddr() string       { return x.r.RemoteAddr }
func (x *exchange) Header(name string) string {
	return x.r.Header.Get(name)
}

func (x *exchange) FormError() error {
	if x.r.Method == http.MethodPost && x.r.Body != nil && x.r.PostForm == nil {
		x.r.Body = http.MaxBytesReader(x.w, x.r.Body, adapter.MaxFormBytes)
	}
	return x.r.ParseForm()
}

func (x *exchange) Values(name string) []string {
	if x.FormError() != nil {
		return nil
	}
	return x.r.Form[name]
}

func (x *exchange) Body(limit int64) ([]byte, error) {
	return io.ReadAll(http.MaxBytesReader(x.w, x.r.Body, limit))
}

func (x *exchange) Cookie(name string) (string, bool) {
	c, err := x.r.Cookie(name)
	if err != nil {
		return "", false
	}
	return c.Value, true
}

func (x *exchange) CookieNames(prefix string) []string {
	var names []string
	for _, c := range x.r.Cookies() {
		if strings.HasPrefix(c.Name, prefix) {
			names = append(names, c.Name)
		}
	}
	return names
}

func (x *exchange) SetCookie(c *http.Cookie)     { http.SetCookie(x.w, c) }
func (x *exchange) SetHeader(name, value string) { x.w.Header().Set(name, value) }
func (x *exchange) Write(status int, contentType string, body []byte) {
	if contentType != "" {
		x.w.Header().Set("Content-Type", contentType)
		x.w.Header().Set("X-Content-Type-Options", "nosniff")
	}
	x.w.WriteHeader(status)
	if x.r.Method != http.MethodHead {
		x.w.Write(body)
	}
}

// requireWorkOS is an adapter's middleware: a guard built once at set-up
// (its error is a programming error: an adapter panics with it), checked
// per request.
func requireWorkOS(auth *core.Auth, opts ...core.GuardOption) func(http.Handler) http.Handler {
	g, err := adapter.NewGuard(auth, opts...)
	if err != nil {
		panic(err)
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			x := &exchange{w: w, r: r}
			s, refusal := g.Check(x)
			if refusal != nil {
				g.Refuse(x, refusal) // or the app's own handler, with adapter.WithRefusal
				return
			}
			if s != nil {
				r = r.WithContext(adapter.WithSession(r.Context(), s))
			}
			next.ServeHTTP(w, r)
		})
	}
}

func newExampleAuth() *core.Auth {
	auth, err := core.New(core.Config{ClientID: "client_123", APIKey: core.NewSecret("sk_test_123"),
		RedirectURI: "http://127.0.0.1:8080/auth/callback", CookiePassword: core.NewSecret("a-password-of-at-least-32-characters!")})
	if err != nil {
		log.Fatal(err)
	}
	return auth
}

// An adapter in full, for a router that speaks net/http: an Exchange, a
// guard as middleware, and the auth routes from one handler.
func Example() {
	auth := newExampleAuth()
	mux := http.NewServeMux()
	mux.Handle("/auth/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		adapter.Serve(auth, &exchange{w: w, r: r})
	}))
	mux.Handle("/admin", requireWorkOS(auth, core.RequireRole("admin"))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := core.ProfileFrom(r.Context())
		fmt.Fprint(w, "hello "+p.Email)
	})))

	alice, _ := workostest.DemoProfile("alice@acme.test") // an admin
	bob, _ := workostest.DemoProfile("bob@acme.test")     // a member
	for _, req := range []*http.Request{
		workostest.SignIn(auth, httptest.NewRequest("GET", "/admin", nil), alice),
		workostest.SignIn(auth, httptest.NewRequest("GET", "/admin", nil), bob),
		httptest.NewRequest("GET", "/admin", nil),
		httptest.NewRequest("GET", "/auth/signin", nil),
	} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		fmt.Println(req.URL.Path, rec.Code, rec.Header().Get("Content-Type"))
	}
	// Output:
	// /admin 200 text/plain; charset=utf-8
	// /admin 403 application/json; charset=utf-8
	// /admin 401 application/json; charset=utf-8
	// /auth/signin 200 text/html; charset=utf-8
}

// The auth routes of an Auth, each with the methods it answers, for a
// router that registers routes by method.
func ExampleRoutes() {
	auth := newExampleAuth()
	for _, r := range adapter.Routes(auth) {
		fmt.Println(r.Path, r.Methods)
	}
	// Output:
	// /auth/signin [GET HEAD POST]
	// /auth/callback [GET HEAD]
	// /auth/signout [POST]
}

// A refusal answered by the app's own handler, which reads it with
// core.RefusalFrom.
func ExampleWithRefusal() {
	auth := newExampleAuth()
	g, _ := adapter.NewGuard(auth)
	denied := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e, _ := core.RefusalFrom(r.Context())
		http.Error(w, e.Code+", sign in at "+e.SignInURL, e.Status)
	})
	req := httptest.NewRequest("GET", "/reports?q=1", nil)
	rec := httptest.NewRecorder()
	if _, refusal := g.Check(&exchange{w: rec, r: req}); refusal != nil {
		denied.ServeHTTP(rec, req.WithContext(adapter.WithRefusal(req.Context(), refusal)))
	}
	fmt.Print(rec.Code, " ", rec.Body.String())
	// Output: 401 unauthenticated, sign in at /auth/signin?return_to=%2Freports%3Fq%3D1
}

// An AuthKit-only option on an Auth that signs in through SSO is refused
// when the guard is built.
func ExampleNewGuard() {
	auth := newExampleAuth() // SSO: Config.AuthKit.Enabled is off
	_, err := adapter.NewGuard(auth, core.AcceptBearer())
	fmt.Println(err)
	// Output: workosauth: invalid configuration: core.AcceptBearer needs AuthKit (Config.AuthKit.Enabled), and this Auth signs in through SSO: drop it, or turn AuthKit on
}
