package workoshttp_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

func TestOnDeniedAcceptsAHandlerFunc(t *testing.T) {
	auth := newAuth()
	h := workoshttp.OnDenied(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(418) })).RequireWorkOS(auth)(http.NotFoundHandler())
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
	if rec.Code != 418 {
		t.Fatalf("code %d", rec.Code)
	}
}

// Handler serves this mode's routes, each answering its own methods and
// core's 405 for others; AuthKit's routes are 404 in SSO mode.
func TestHandlerRoutes(t *testing.T) {
	auth := newAuth()
	for _, tt := range []struct {
		method, target string
		want           int
	}{
		{"GET", "/auth/signin", 200},
		{"GET", "/auth/callback", 303},
		{"GET", "/auth/signout", 405},
		{"POST", "/auth/signout", 303},
		{"POST", "/auth/switch-organization", 404},
		{"POST", "/auth/select-organization", 404},
		{"POST", "/auth/webhooks", 404}, // no webhook secret
		{"GET", "/auth/nothing", 404},
	} {
		rec := httptest.NewRecorder()
		workoshttp.Handler(auth).ServeHTTP(rec, httptest.NewRequest(tt.method, tt.target, nil))
		if rec.Code != tt.want {
			t.Errorf("%s %s: %d, want %d", tt.method, tt.target, rec.Code, tt.want)
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
