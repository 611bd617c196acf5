package core

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

const testPassword = "0123456789abcdef0123456789abcdef-test"

// newTestAuth returns an Auth on http://app.test with the changes edit
// makes to a valid configuration.
func newTestAuth(t testing.TB, edit func(*Config)) *Auth {
	t.Helper()
	cfg := Config{
		ClientID:       "client_test",
		APIKey:         NewSecret("sk_test_key"),
		RedirectURI:    "http://app.test/auth/callback",
		CookiePassword: NewSecret(testPassword),
		SignIn:         SignInConfig{Providers: []string{"GoogleOAuth"}},
		WorkOS: WorkOSConfig{
			BaseURL: "http://127.0.0.1:9",
			Timeout: 2 * time.Second,
		},
	}
	if edit != nil {
		edit(&cfg)
	}
	a, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return a
}

// stubWorkOS serves handlers for WorkOS paths.
func stubWorkOS(t testing.TB, routes map[string]http.HandlerFunc) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	for p, h := range routes {
		mux.HandleFunc(p, h)
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// sessionCookiesFor signs p in on a and returns the cookies.
func sessionCookiesFor(t testing.TB, a *Auth, p Profile) []*http.Cookie {
	t.Helper()
	_, cs, err := a.sessionCookies(t.Context(), p)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func alice() Profile {
	return Profile{ID: "prof_01ALICE", Email: "alice@acme.test", FirstName: "Alice", LastName: "Liddell",
		OrganizationID: "org_01ACME", ConnectionID: "conn_01ACME", ConnectionType: "OktaSAML", IdpID: "idp_1",
		Role: &Role{Slug: "admin"}, Groups: []string{"Engineering", "Admins"}, CustomAttributes: map[string]any{"department": "R&D"}}
}

func location(f *fakeExchange) string { return f.resp.Get("Location") }

// serveAuth serves the auth routes, as adapters do through the engine.
func (a *Auth) serveAuth(x exchange) { (*engine)(a).Serve(x) }

// session returns the request's valid session, or nil.
func (a *Auth) session(x exchange) *Session {
	s, _ := a.loadSession(x)
	return s
}

// mustGuard returns a guard with the options, as adapters build one.
func (a *Auth) mustGuard(opts ...GuardOption) *guard {
	g, err := a.newGuard(opts)
	if err != nil {
		panic(err)
	}
	return g
}
