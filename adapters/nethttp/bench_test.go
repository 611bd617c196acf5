package workoshttp_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

type ctxKey struct{}

func BenchmarkFloor(b *testing.B) {
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie("wos-session")
		if err != nil {
			w.WriteHeader(401)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, c.Value)))
	})
	auth := benchAuth(b)
	p, _ := workostest.DemoProfile("alice@acme.test")
	req := workostest.SignIn(auth, httptest.NewRequest("GET", "/dashboard", nil), p)
	w := httptest.NewRecorder()
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(w, req)
	}
}

func benchAuth(b *testing.B) *core.Auth {
	auth, err := core.New(core.Config{ClientID: "client_1", APIKey: "sk_1", RedirectURI: "http://127.0.0.1:8080/auth/callback", CookiePassword: "0123456789abcdef0123456789abcdef"})
	if err != nil {
		b.Fatal(err)
	}
	return auth
}

func BenchmarkGuard(b *testing.B) {
	auth := benchAuth(b)
	h := workoshttp.RequireWorkOS(auth)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	p, _ := workostest.DemoProfile("alice@acme.test")
	req := workostest.SignIn(auth, httptest.NewRequest("GET", "/dashboard", nil), p)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != 200 {
		b.Fatal(w.Code)
	}
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(w, req)
	}
}
