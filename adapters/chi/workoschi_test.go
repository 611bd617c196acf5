package workoschi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	workoschi "github.com/ssokit/workosauth/adapters/chi"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

func serve(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// The guard passes the request on with chi's routing context intact: URL
// parameters still read after it.
func TestGuardKeepsRouteParameters(t *testing.T) {
	auth := newAuth()
	r := chi.NewRouter()
	r.With(workoschi.RequireWorkOS(auth)).Get("/orgs/{id}", func(w http.ResponseWriter, r *http.Request) {
		p, _ := workoschi.Profile(r)
		fmt.Fprintf(w, "%s %s %s %s", chi.URLParam(r, "id"), r.PathValue("id"), chi.RouteContext(r.Context()).RoutePattern(), p.Email)
	})
	alice, _ := workostest.DemoProfile("alice@acme.test")
	rec := serve(r, workostest.SignIn(auth, httptest.NewRequest("GET", "/orgs/org_1", nil), alice))
	if want := "org_1 org_1 /orgs/{id} alice@acme.test"; rec.Code != 200 || rec.Body.String() != want {
		t.Fatalf("%d %q, want 200 %q", rec.Code, rec.Body.String(), want)
	}
}

// r.Use over a whole router that also mounts the auth routes: the app is
// guarded, the way in is not.
func TestGuardOverWholeRouterLeavesAuthRoutesOpen(t *testing.T) {
	auth := newAuth()
	r := chi.NewRouter()
	r.Use(workoschi.RequireWorkOS(auth))
	r.Mount("/auth", workoschi.Routes(auth))
	r.Get("/reports", func(w http.ResponseWriter, r *http.Request) {})
	nav := func(method, target string) *http.Request {
		req := httptest.NewRequest(method, target, nil)
		req.Header.Set("Accept", "text/html")
		return req
	}
	if rec := serve(r, nav("GET", "/reports")); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/auth/signin?return_to=%2Freports" {
		t.Errorf("guarded page: %d to %q, want 303 to the sign-in page", rec.Code, rec.Header().Get("Location"))
	}
	if rec := serve(r, nav("GET", "/auth/signin")); rec.Code != http.StatusOK {
		t.Errorf("sign-in page behind r.Use: %d, want 200", rec.Code)
	}
	if rec := serve(r, nav("GET", "/auth/signin?connection=conn_01ACME")); rec.Code != http.StatusSeeOther {
		t.Errorf("starting a sign-in behind r.Use: %d, want 303 to WorkOS", rec.Code)
	}
	if rec := serve(r, nav("GET", "/auth/callback?state=x&code=y")); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/auth/signin?error=state_mismatch" {
		t.Errorf("callback behind r.Use: %d to %q, want core's state_mismatch", rec.Code, rec.Header().Get("Location"))
	}
}

// Methods the routes do not list reach core, which answers them as it does
// for net/http, instead of chi's bare 405.
func TestRoutesLeaveOtherMethodsToCore(t *testing.T) {
	r := chi.NewRouter()
	r.Mount("/auth", workoschi.Routes(newAuth()))
	for _, tt := range []struct {
		method, path, allow string
	}{
		{"GET", "/auth/signout", "POST"},
		{"DELETE", "/auth/signout", "POST"},
		{"PUT", "/auth/signin", "GET, HEAD, POST"},
		{"POST", "/auth/callback", "GET, HEAD"},
	} {
		req := httptest.NewRequest(tt.method, tt.path, nil)
		req.Header.Set("Accept", "application/json")
		rec := serve(r, req)
		var body struct{ Error string }
		json.Unmarshal(rec.Body.Bytes(), &body)
		if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != tt.allow || body.Error != "method_not_allowed" {
			t.Errorf("%s %s: %d Allow %q body %q; want core's 405 with Allow %q", tt.method, tt.path, rec.Code, rec.Header().Get("Allow"), rec.Body.String(), tt.allow)
		}
	}
	// A method chi does not know is refused by the parent router before
	// the mount is reached: still a 405.
	if rec := serve(r, httptest.NewRequest("PROPFIND", "/auth/signin", nil)); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("PROPFIND /auth/signin: %d, want 405", rec.Code)
	}
	// HEAD, which chi does not route to GET by itself, serves the page's
	// headers without a body.
	rec := serve(r, httptest.NewRequest("HEAD", "/auth/signin", nil))
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 || rec.Header().Get("Content-Type") == "" {
		t.Errorf("HEAD /auth/signin: %d, %d bytes, Content-Type %q; want 200 headers only", rec.Code, rec.Body.Len(), rec.Header().Get("Content-Type"))
	}
	if rec := serve(r, httptest.NewRequest("GET", "/auth/elsewhere", nil)); rec.Code != http.StatusNotFound {
		t.Errorf("GET /auth/elsewhere: %d, want 404", rec.Code)
	}
}

// A requirement over a whole router must not trap a signed-in user who
// does not meet it: they can still sign out, and sign in as someone else.
func TestRequirementOverWholeRouterLeavesAuthRoutesOpen(t *testing.T) {
	auth := newAuth()
	r := chi.NewRouter()
	r.Use(workoschi.RequireWorkOS(auth, core.RequireRole("admin")))
	r.Mount("/auth", workoschi.Routes(auth))
	r.Get("/reports", func(w http.ResponseWriter, r *http.Request) {})
	bob, _ := workostest.DemoProfile("bob@acme.test") // a member
	req := func(method, target string) *http.Request {
		req := workostest.SignIn(auth, httptest.NewRequest(method, target, nil), bob)
		req.Header.Set("Accept", "text/html")
		req.Header.Set("Origin", "http://127.0.0.1:8080")
		return req
	}
	if rec := serve(r, req("GET", "/reports")); rec.Code != http.StatusForbidden {
		t.Errorf("guarded page: %d, want 403 for a member", rec.Code)
	}
	if rec := serve(r, req("GET", "/auth/signin")); rec.Code != http.StatusOK {
		t.Errorf("sign-in page: %d, want 200", rec.Code)
	}
	if rec := serve(r, req("GET", "/auth/callback?state=x&code=y")); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/auth/signin?error=state_mismatch" {
		t.Errorf("callback: %d to %q, want core's state_mismatch", rec.Code, rec.Header().Get("Location"))
	}
	rec := serve(r, req("POST", "/auth/signout"))
	if rec.Code != http.StatusSeeOther || !strings.Contains(rec.Header().Get("Set-Cookie"), "wos-session=;") {
		t.Errorf("sign-out: %d, Set-Cookie %q; want 303 and the session cleared", rec.Code, rec.Header().Get("Set-Cookie"))
	}
}
