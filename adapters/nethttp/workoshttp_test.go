package workoshttp_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

func TestOnDeniedWithAnotherAdaptersHandlerPanicsAtSetup(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "http.Handler") {
			t.Fatalf("recover() = %v; want a panic naming http.Handler", r)
		}
	}()
	workoshttp.RequireWorkOS(newAuth(), core.OnDenied(42))
}

func TestOnDeniedAcceptsAHandlerFunc(t *testing.T) {
	auth := newAuth()
	h := workoshttp.RequireWorkOS(auth, core.OnDenied(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(418) }))(http.NotFoundHandler())
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
	if rec.Code != 418 {
		t.Fatalf("code %d", rec.Code)
	}
}

func TestSingleRouteHandlers(t *testing.T) {
	auth := newAuth()
	for _, tt := range []struct {
		name   string
		h      http.Handler
		method string
		target string
		want   int
	}{
		{"sign-in page", workoshttp.SignIn(auth), "GET", "/login", 200},
		{"callback without state", workoshttp.Callback(auth), "GET", "/cb", 303},
		{"sign-out by GET", workoshttp.SignOut(auth), "GET", "/logout", 405},
		{"sign-out POST", workoshttp.SignOut(auth), "POST", "/logout", 303},
	} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(tt.method, tt.target, nil)
		tt.h.ServeHTTP(rec, req)
		if rec.Code != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, rec.Code, tt.want)
		}
	}
}

func TestHEADNavigationRedirectsWithoutBody(t *testing.T) {
	auth := newAuth()
	h := workoshttp.RequireWorkOS(auth)(http.NotFoundHandler())
	req := httptest.NewRequest("HEAD", "/dashboard?a=1", nil)
	req.Header.Set("Accept", "text/html")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 303 || rec.Header().Get("Location") != "/auth/signin?return_to=%2Fdashboard%3Fa%3D1" || rec.Body.Len() != 0 {
		t.Fatalf("%d %q %q", rec.Code, rec.Header().Get("Location"), rec.Body.String())
	}
}

func TestSessionReachesPlainContext(t *testing.T) {
	auth := newAuth()
	carol, _ := workostest.DemoProfile("carol@globex.test")
	var got string
	h := workoshttp.RequireWorkOS(auth)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, _ := core.SessionFrom(r.Context())
		got = s.Profile.Email
	}))
	h.ServeHTTP(httptest.NewRecorder(), workostest.SignIn(auth, httptest.NewRequest("GET", "/", nil), carol))
	if got != "carol@globex.test" {
		t.Fatalf("session email %q", got)
	}
}
