package workoshttp_test

import (
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
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

// Guard a route and read the profile in the handler.
func ExampleRequireWorkOS() {
	auth := newAuth() // core.New(core.ConfigFromEnv()) in an app
	mux := http.NewServeMux()
	mux.Handle("/auth/", workoshttp.Handler(auth))
	mux.Handle("/dashboard", workoshttp.RequireWorkOS(auth)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := workoshttp.Profile(r)
		fmt.Fprintf(w, "hello %s", p.Email)
	})))

	alice, _ := workostest.DemoProfile("alice@acme.test")
	req := workostest.SignIn(auth, httptest.NewRequest("GET", "/dashboard", nil), alice)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Body.String())
	// Output: 200 hello alice@acme.test
}

// API routes answer 401 with JSON rather than a redirect.
func ExampleRequireWorkOS_api() {
	auth := newAuth()
	api := workoshttp.RequireWorkOS(auth)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	req := httptest.NewRequest("GET", "/api/me", nil)
	req.Header.Set("Accept", "application/json")
	rec := httptest.NewRecorder()
	api.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	// Output: 401 application/json; charset=utf-8
}

// Answer refused requests your own way.
func ExampleOnDenied() {
	auth := newAuth()
	denied := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e, _ := core.RefusalFrom(r.Context())
		http.Error(w, "nope: "+e.Code, e.Status)
	})
	h := workoshttp.OnDenied(denied).RequireWorkOS(auth)(http.NotFoundHandler())
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/private", nil))
	fmt.Print(rec.Code, " ", rec.Body.String())
	// Output: 401 nope: unauthenticated
}

// A route that works for everyone and knows who is signed in.
func ExampleRequireWorkOS_optional() {
	auth := newAuth()
	home := workoshttp.RequireWorkOS(auth, core.Optional())(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p, ok := workoshttp.Profile(r); ok {
			fmt.Fprintf(w, "welcome back %s", p.FirstName)
			return
		}
		fmt.Fprint(w, "welcome, stranger")
	}))
	rec := httptest.NewRecorder()
	home.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	fmt.Println(rec.Body.String())
	// Output: welcome, stranger
}

// WorkOS's webhook deliveries: Handler serves them at /auth/webhooks once
// the Config has a webhook secret.
func ExampleHandler_webhooks() {
	auth, _ := core.New(core.Config{
		ClientID:       "client_123",
		APIKey:         core.NewSecret("sk_test_123"),
		RedirectURI:    "http://127.0.0.1:8080/auth/callback",
		CookiePassword: core.NewSecret("a-password-of-at-least-32-characters!"),
		Events:         core.EventConfig{WebhookSecrets: []core.Secret{core.NewSecret("whsec_123")}},
	})
	mux := http.NewServeMux()
	mux.Handle("/auth/", workoshttp.Handler(auth))

	e, _ := workostest.NewEvent("connection.deactivated", map[string]any{"object": "connection", "id": "conn_01OKTA"})
	req, _ := workostest.WebhookRequest("http://127.0.0.1:8080/auth/webhooks", "whsec_123", e, time.Now())
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Body.String())
	// Output: 200 {"ok":true}
}
