package workosgin_test

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/gin-gonic/gin"

	workosgin "github.com/ssokit/workosauth/adapters/gin"
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
	r := gin.New()
	workosgin.Register(r.Group("/auth"), auth)
	r.GET("/dashboard", workosgin.RequireWorkOS(auth), func(c *gin.Context) {
		p, _ := workosgin.Profile(c)
		c.String(http.StatusOK, "hello %s", p.Email)
	})

	alice, _ := workostest.DemoProfile("alice@acme.test")
	req := workostest.SignIn(auth, httptest.NewRequest("GET", "/dashboard", nil), alice)
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Body.String())
	// Output: 200 hello alice@acme.test
}

// A whole group behind a role; others get 403, signed-out API clients 401.
func ExampleRequireWorkOS_group() {
	auth := newAuth()
	r := gin.New()
	admin := r.Group("/admin", workosgin.RequireWorkOS(auth, core.RequireRole("admin")))
	admin.GET("/users", func(c *gin.Context) { c.String(http.StatusOK, "the users") })

	bob, _ := workostest.DemoProfile("bob@acme.test") // not an admin
	for _, req := range []*http.Request{
		httptest.NewRequest("GET", "/admin/users", nil),
		workostest.SignIn(auth, httptest.NewRequest("GET", "/admin/users", nil), bob),
	} {
		req.Header.Set("Accept", "application/json")
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, req)
		var body struct{ Error string }
		json.Unmarshal(rec.Body.Bytes(), &body)
		fmt.Println(rec.Code, body.Error)
	}
	// Output:
	// 401 unauthenticated
	// 403 forbidden
}

// Browsers without a session are sent to the sign-in page.
func ExampleRegister() {
	auth := newAuth()
	r := gin.New()
	workosgin.Register(r.Group("/auth"), auth)
	r.GET("/dashboard", workosgin.RequireWorkOS(auth), func(c *gin.Context) {})

	req := httptest.NewRequest("GET", "/dashboard", nil)
	req.Header.Set("Accept", "text/html")
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Location"))

	rec = httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest("GET", "/auth/signin", nil))
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	// Output:
	// 303 /auth/signin?return_to=%2Fdashboard
	// 200 text/html; charset=utf-8
}

// Answer refused requests your own way.
func ExampleOnDenied() {
	auth := newAuth()
	r := gin.New()
	r.GET("/private", workosgin.OnDenied(func(c *gin.Context) {
		e, _ := core.RefusalFrom(c.Request.Context())
		c.JSON(e.Status, gin.H{"nope": e.Code})
	}).RequireWorkOS(auth), func(c *gin.Context) { c.String(http.StatusOK, "private") })

	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest("GET", "/private", nil))
	fmt.Println(rec.Code, rec.Body.String())
	// Output: 401 {"nope":"unauthenticated"}
}

// A route that works for everyone and knows who is signed in.
func ExampleProfile() {
	auth := newAuth()
	r := gin.New()
	r.GET("/", workosgin.RequireWorkOS(auth, core.Optional()), func(c *gin.Context) {
		if p, ok := workosgin.Profile(c); ok {
			c.String(http.StatusOK, "welcome back %s", p.FirstName)
			return
		}
		c.String(http.StatusOK, "welcome, stranger")
	})
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	fmt.Println(rec.Body.String())
	// Output: welcome, stranger
}

// Plain net/http handlers mounted with gin.WrapH see the session in the
// request's context.
func ExampleRequireWorkOS_netHTTP() {
	auth := newAuth()
	r := gin.New()
	legacy := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		p, _ := core.ProfileFrom(req.Context())
		fmt.Fprintf(w, "legacy sees %s", p.Email)
	})
	r.GET("/legacy", workosgin.RequireWorkOS(auth), gin.WrapH(legacy))

	carol, _ := workostest.DemoProfile("carol@globex.test")
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, workostest.SignIn(auth, httptest.NewRequest("GET", "/legacy", nil), carol))
	fmt.Println(rec.Body.String())
	// Output: legacy sees carol@globex.test
}
