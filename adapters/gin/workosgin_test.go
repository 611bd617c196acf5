package workosgin_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	workosgin "github.com/ssokit/workosauth/adapters/gin"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/adapter"
	"github.com/ssokit/workosauth/workostest"
)

func serve(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// A refusal is written once and ends the chain: nothing after the guard
// runs, and an outer middleware sees the refusal's status.
func TestRefusalAbortsTheChainAndIsWrittenOnce(t *testing.T) {
	auth := newAuth()
	r := gin.New()
	var outerStatus int
	var outerAborted bool
	r.Use(func(c *gin.Context) {
		c.Next()
		outerStatus, outerAborted = c.Writer.Status(), c.IsAborted()
	})
	ran := false
	r.GET("/api/me", workosgin.RequireWorkOS(auth), func(c *gin.Context) { ran = true; c.String(200, "secret") })

	req := httptest.NewRequest("GET", "/api/me", nil)
	req.Header.Set("Accept", "application/json")
	rec := serve(r, req)
	if ran {
		t.Fatal("the guarded handler ran")
	}
	if rec.Code != 401 || outerStatus != 401 || !outerAborted {
		t.Fatalf("code %d, outer saw %d aborted=%v", rec.Code, outerStatus, outerAborted)
	}
	if got := rec.Header().Get("WWW-Authenticate"); got == "" {
		t.Error("no WWW-Authenticate")
	}
	body := rec.Body.String()
	if strings.Count(body, `"error"`) != 1 || !strings.HasPrefix(body, "{") || !strings.HasSuffix(body, "}") {
		t.Fatalf("body %q: want one JSON object", body)
	}
}

func TestNavigationRedirectsAndHEADHasNoBody(t *testing.T) {
	auth := newAuth()
	r := gin.New()
	r.Match([]string{"GET", "HEAD"}, "/dashboard", workosgin.RequireWorkOS(auth), func(c *gin.Context) { c.String(200, "x") })
	for _, m := range []string{"GET", "HEAD"} {
		req := httptest.NewRequest(m, "/dashboard?a=1", nil)
		req.Header.Set("Accept", "text/html")
		rec := serve(r, req)
		if rec.Code != 303 || rec.Header().Get("Location") != "/auth/signin?return_to=%2Fdashboard%3Fa%3D1" || rec.Body.Len() != 0 {
			t.Fatalf("%s: %d %q %q", m, rec.Code, rec.Header().Get("Location"), rec.Body.String())
		}
	}
}

// The session is in c.Keys and in c.Request's context, for gin handlers
// and plain net/http code alike.
func TestSessionInKeysAndRequestContext(t *testing.T) {
	auth := newAuth()
	alice, _ := workostest.DemoProfile("alice@acme.test")
	r := gin.New()
	var fromKeys, fromCtx, fromAccessor string
	r.GET("/x", workosgin.RequireWorkOS(auth), func(c *gin.Context) {
		if v, ok := c.Get(workosgin.SessionKey); ok {
			fromKeys = v.(*core.Session).Profile.Email
		}
		if p, ok := core.ProfileFrom(c.Request.Context()); ok {
			fromCtx = p.Email
		}
		if p, ok := workosgin.Profile(c); ok {
			fromAccessor = p.Email
		}
	}, gin.WrapF(func(w http.ResponseWriter, r *http.Request) {
		s, _ := core.SessionFrom(r.Context())
		w.Write([]byte(s.Profile.Email))
	}))
	rec := serve(r, workostest.SignIn(auth, httptest.NewRequest("GET", "/x", nil), alice))
	for what, got := range map[string]string{"c.Keys": fromKeys, "c.Request.Context()": fromCtx, "Profile(c)": fromAccessor, "net/http handler": rec.Body.String()} {
		if got != "alice@acme.test" {
			t.Errorf("%s: %q", what, got)
		}
	}
}

func TestProfileWithoutGuardOrSession(t *testing.T) {
	auth := newAuth()
	r := gin.New()
	var ok1, ok2 bool
	r.GET("/open", func(c *gin.Context) { _, ok1 = workosgin.Profile(c) })
	r.GET("/opt", workosgin.RequireWorkOS(auth, core.Optional()), func(c *gin.Context) { _, ok2 = workosgin.Profile(c) })
	serve(r, httptest.NewRequest("GET", "/open", nil))
	if rec := serve(r, httptest.NewRequest("GET", "/opt", nil)); rec.Code != 200 {
		t.Fatalf("optional: %d", rec.Code)
	}
	if ok1 || ok2 {
		t.Fatalf("Profile reported a session: unguarded %v, optional %v", ok1, ok2)
	}
}

// The denied handler sees why in c.Request's context, and the chain ends
// after it even if it calls c.Next.
func TestOnDenied(t *testing.T) {
	auth := newAuth()
	bob, _ := workostest.DemoProfile("bob@acme.test")
	r := gin.New()
	ran := false
	r.GET("/admin", workosgin.OnDenied(func(c *gin.Context) {
		d, ok := core.RefusalFrom(c.Request.Context())
		if !ok {
			c.String(500, "no refusal")
			return
		}
		c.Next()
		c.String(d.Status, "denied %s via %s", d.Code, d.SignInURL)
	}).RequireWorkOS(auth, core.RequireRole("admin")), func(c *gin.Context) { ran = true })

	rec := serve(r, workostest.SignIn(auth, httptest.NewRequest("GET", "/admin", nil), bob))
	if ran {
		t.Fatal("guarded handler ran after a denial")
	}
	if rec.Code != 403 || rec.Body.String() != "denied forbidden via /auth/signin?return_to=%2Fadmin" {
		t.Fatalf("%d %q", rec.Code, rec.Body.String())
	}
	rec = serve(r, httptest.NewRequest("GET", "/admin", nil))
	if rec.Code != 401 || !strings.HasPrefix(rec.Body.String(), "denied unauthenticated") {
		t.Fatalf("%d %q", rec.Code, rec.Body.String())
	}
}

func TestOnDeniedAcceptsAPlainFunc(t *testing.T) {
	auth := newAuth()
	r := gin.New()
	r.GET("/x", workosgin.OnDenied(func(c *gin.Context) { c.Status(418) }).RequireWorkOS(auth))
	if rec := serve(r, httptest.NewRequest("GET", "/x", nil)); rec.Code != 418 {
		t.Fatalf("code %d", rec.Code)
	}
}

// Register mounts this mode's routes, each with the methods it answers
// (no more Any: nine methods a route, AuthKit's routes in SSO mode); with
// workosgin.NoMethod a wrong method gets core's 405 and Allow, as on
// every router.
func TestRegisterRoutes(t *testing.T) {
	for _, authKit := range []bool{false, true} {
		auth := newAuthWith(func(c *core.Config) {
			c.AuthKit.Enabled = authKit
			c.Events.WebhookSecrets = []core.Secret{core.NewSecret("whsec_1")}
		})
		r := gin.New()
		workosgin.Register(r.Group("/auth"), auth)
		var got []string
		for _, rt := range r.Routes() {
			got = append(got, rt.Method+" "+rt.Path)
		}
		slices.Sort(got)
		want := []string{"GET /auth/callback", "GET /auth/signin", "HEAD /auth/callback", "HEAD /auth/signin", "POST /auth/signin", "POST /auth/signout", "POST /auth/webhooks"}
		if authKit {
			want = append(want, "POST /auth/select-organization", "POST /auth/switch-organization")
		}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("AuthKit %v: routes %q, want %q", authKit, got, want)
		}
	}

	auth := newAuth()
	r := gin.New()
	workosgin.Register(r.Group("/auth"), auth)
	r.GET("/other", func(c *gin.Context) {})
	r.HandleMethodNotAllowed = true
	r.NoMethod(workosgin.NoMethod(auth))
	for _, tt := range []struct {
		method, target string
		want           int
		allow          string
	}{
		{"GET", "/auth/signin", 200, ""},
		{"HEAD", "/auth/signin", 200, ""},
		{"PUT", "/auth/signin", 405, "GET, HEAD, POST"},
		{"GET", "/auth/callback", 303, ""},
		{"POST", "/auth/callback", 405, "GET, HEAD"},
		{"GET", "/auth/signout", 405, "POST"},
		{"DELETE", "/auth/signout", 405, "POST"},
		{"POST", "/auth/signout", 303, ""},
		{"POST", "/auth/switch-organization", 404, ""}, // SSO mode: no such route
		{"POST", "/other", 405, "GET"},                 // gin's own 405 for the app's routes
	} {
		rec := serve(r, httptest.NewRequest(tt.method, tt.target, nil))
		if rec.Code != tt.want || rec.Header().Get("Allow") != tt.allow {
			t.Errorf("%s %s: %d Allow %q, want %d %q", tt.method, tt.target, rec.Code, rec.Header().Get("Allow"), tt.want, tt.allow)
		}
	}
	req := httptest.NewRequest("DELETE", "/auth/signout", nil)
	req.Header.Set("Accept", "application/json")
	if rec := serve(r, req); !strings.Contains(rec.Body.String(), `"method_not_allowed"`) {
		t.Errorf("a wrong method with NoMethod: %q, want core's JSON", rec.Body.String())
	}
}

// The form body is bounded (adapter.MaxFormBytes): a larger one gets 413.
func TestSignInFormOverLimitIs413(t *testing.T) {
	auth := newAuth()
	r := gin.New()
	workosgin.Register(r.Group("/auth"), auth)
	form := url.Values{"email": {"a@b.test"}, "pad": {strings.Repeat("x", adapter.MaxFormBytes)}}.Encode()
	req := httptest.NewRequest("POST", "/auth/signin", strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if rec := serve(r, req); rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "too_large") {
		t.Fatalf("%d %q", rec.Code, rec.Body.String())
	}
}

// Cross-site sign-out is refused and keeps the session.
func TestCrossSiteSignOutRefused(t *testing.T) {
	auth := newAuth()
	alice, _ := workostest.DemoProfile("alice@acme.test")
	r := gin.New()
	workosgin.Register(r.Group("/auth"), auth)
	req := workostest.SignIn(auth, httptest.NewRequest("POST", "/auth/signout", nil), alice)
	req.Header.Set("Origin", "https://evil.test")
	rec := serve(r, req)
	if rec.Code != 403 || len(rec.Result().Cookies()) != 0 {
		t.Fatalf("%d, cookies %v", rec.Code, rec.Result().Cookies())
	}
}
