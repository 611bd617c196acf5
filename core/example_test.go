package core_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/events"
	"github.com/ssokit/workosauth/workostest"
)

// The whole setup on net/http: a Config (or core.ConfigFromEnv()), the
// auth routes, and a guard around what needs a session.
func Example() {
	auth, err := core.New(core.Config{
		ClientID:       "client_123",
		APIKey:         core.NewSecret("sk_test_123"),
		RedirectURI:    "https://app.example.com/auth/callback",
		CookiePassword: core.NewSecret("a-password-of-at-least-32-characters!"),
	})
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/auth/", workoshttp.Handler(auth))
	mux.Handle("/dashboard", workoshttp.RequireWorkOS(auth)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := core.ProfileFrom(r.Context())
		fmt.Fprintf(w, "hello %s", p.Email)
	})))

	// A browser without a session is sent to sign in.
	req := httptest.NewRequest("GET", "https://app.example.com/dashboard", nil)
	req.Header.Set("Accept", "text/html")
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Location"))
	// Output: 303 /auth/signin?return_to=%2Fdashboard
}

// New refuses a configuration it cannot work with and says what to fix.
func ExampleNew_invalid() {
	_, err := core.New(core.Config{ClientID: "client_123", APIKey: core.NewSecret("sk_test_123"), RedirectURI: "/callback", CookiePassword: core.NewSecret("short")})
	fmt.Println(errors.Is(err, core.ErrConfig))
	fmt.Println(strings.Contains(err.Error(), "at least 32 characters"), strings.Contains(err.Error(), "absolute"))
	// Output:
	// true
	// true true
}

// Options of the guard: organizations, roles, groups, or any rule.
func ExampleRequireRole() {
	auth, _ := core.New(core.Config{ClientID: "client_123", APIKey: core.NewSecret("sk_test_123"),
		RedirectURI: "http://127.0.0.1:8080/auth/callback", CookiePassword: core.NewSecret("a-password-of-at-least-32-characters!")})
	admin := workoshttp.RequireWorkOS(auth, core.RequireRole("admin"))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "admin area")
	}))

	bob, _ := workostest.DemoProfile("bob@acme.test") // role member
	req := workostest.SignIn(auth, httptest.NewRequest("GET", "/admin", nil), bob)
	req.Header.Set("Accept", "application/json")
	rec := httptest.NewRecorder()
	admin.ServeHTTP(rec, req)
	fmt.Println(rec.Code, strings.TrimSpace(rec.Body.String()))
	// Output: 403 {"error":"forbidden","error_description":"Your account may not see this page.","sign_in_url":"/auth/signin?return_to=%2Fadmin"}
}

// OnSignIn may refuse a sign-in or enrich the profile before the session is
// set.
func ExampleConfig_onSignIn() {
	cfg := core.ConfigFromEnv()
	cfg.SignIn.OnSignIn = func(ctx context.Context, p *core.Profile) error {
		if !strings.HasSuffix(p.Email, "@acme.test") {
			return &core.Error{Status: http.StatusForbidden, Code: "not_acme", Message: "Only Acme staff may sign in."}
		}
		return nil
	}
	_ = cfg
}

// Deprovisioning by webhook: with a secret, POST /auth/webhooks takes
// WorkOS's signed events; a removed user's sessions end, and OnEvent sees
// every event once.
func ExampleConfig_webhooks() {
	auth, _ := core.New(core.Config{
		ClientID:       "client_123",
		APIKey:         core.NewSecret("sk_test_123"),
		RedirectURI:    "https://app.example.com/auth/callback",
		CookiePassword: core.NewSecret("a-password-of-at-least-32-characters!"),
		Events: core.EventConfig{
			WebhookSecrets: []core.Secret{core.NewSecret("whsec_current"), core.NewSecret("whsec_previous")},
			OnEvent: func(_ context.Context, e events.Event) error {
				if e.DirectoryUser != nil {
					fmt.Println("OnEvent:", e.Type, e.DirectoryUser.Email, e.DirectoryUser.OrganizationID)
				}
				return nil
			},
		},
	})
	routes := workoshttp.Handler(auth)

	e, _ := workostest.NewEvent("dsync.user.deleted", map[string]any{
		"object": "directory_user", "organization_id": "org_01ACME", "idp_id": "00u1alice",
		"email": "alice@acme.test", "state": "inactive",
	})
	req, _ := workostest.WebhookRequest("https://app.example.com/auth/webhooks", "whsec_previous", e, time.Now())
	rec := httptest.NewRecorder()
	routes.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Body.String())

	forged, _ := workostest.WebhookRequest("https://app.example.com/auth/webhooks", "whsec_guessed", e, time.Now())
	rec = httptest.NewRecorder()
	routes.ServeHTTP(rec, forged)
	fmt.Println(rec.Code)
	// Output:
	// OnEvent: dsync.user.deleted alice@acme.test org_01ACME
	// 200 {"ok":true}
	// 401
}

// Deprovisioning without webhooks: the poller reads WorkOS's Events API
// until its context ends.
func ExampleAuth_PollEvents() {
	emu, _ := workostest.Start("127.0.0.1:0", workostest.Options{})
	defer emu.Close()
	auth, _ := core.New(core.Config{
		ClientID:       emu.ClientID,
		APIKey:         core.NewSecret(emu.APIKey),
		RedirectURI:    "http://127.0.0.1:8080/auth/callback",
		CookiePassword: core.NewSecret("a-password-of-at-least-32-characters!"),
		WorkOS:         core.WorkOSConfig{BaseURL: emu.URL},
		Events:         core.EventConfig{OnEvent: func(_ context.Context, e events.Event) error { fmt.Println("OnEvent:", e.Type); return nil }},
	})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	go emu.DeleteDirectoryUser("bob@acme.test") // IT removes bob
	err := auth.PollEvents(ctx, core.PollOptions{Interval: 20 * time.Millisecond})
	fmt.Println(err)
	// Output:
	// OnEvent: dsync.user.deleted
	// context deadline exceeded
}

// A role prints as its slug, alone or in a list; a nil *Role as <nil>.
func ExampleRole_String() {
	p := core.Profile{Role: &core.Role{Slug: "admin"}, Roles: []core.Role{{Slug: "admin"}, {Slug: "member"}}}
	var none *core.Role
	fmt.Println(p.Role, p.Roles, none)
	fmt.Printf("%s %v\n", *p.Role, p.Roles[1])
	// Output:
	// admin [admin member] <nil>
	// admin member
}
