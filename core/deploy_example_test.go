package core_test

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"os"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

// One app under several hostnames sharing a session across subdomains:
// each sign-in goes through the redirect URI of the host it came to.
func ExampleConfig_deployment() {
	auth, err := core.New(core.Config{
		ClientID:       "client_123",
		APIKey:         core.NewSecret("sk_test_123"),
		RedirectURI:    "https://app.example.com/auth/callback",
		CookiePassword: core.NewSecret("a-password-of-at-least-32-characters!"),
		Cookies: core.CookieConfig{
			RedirectURIs: []string{"https://preview.example.com/auth/callback"},
			Domain:       "example.com",
			// WORKOS_COOKIE_DOMAIN
			SameSite: http.SameSiteStrictMode,
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	// The session cookie, as a sign-in sets it: for the parent domain.
	_, cookies, err := workostest.SessionCookies(context.Background(), auth, core.Profile{ID: "prof_1", Email: "ada@example.com"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cookies[0].Name, cookies[0].Domain, cookies[0].Secure, cookies[0].SameSite == http.SameSiteStrictMode)
	fmt.Println(auth.SignOutPath())
	// Output:
	// __Secure-wos-session example.com true true
	// /auth/signout
}

// Audit events go to the slog.Logger and to OnEvent; OnSignOut runs after
// each sign-out.
func ExampleConfig_events() {
	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	_, err := core.New(core.Config{
		ClientID:       "client_123",
		APIKey:         core.NewSecret("sk_test_123"),
		RedirectURI:    "https://app.example.com/auth/callback",
		CookiePassword: core.NewSecret("a-password-of-at-least-32-characters!"),
		Logger:         logger,
		Sessions: core.SessionConfig{
			OnSignOut: func(ctx context.Context, s *core.Session) error {
				fmt.Println("signed out:", s.Profile.Email)
				return nil
			},
		},
		Events: core.EventConfig{
			// sign-ins, refusals, sign-outs, revocations, configuration problems
			OnAudit: func(ctx context.Context, e core.AuditEvent) error {
				if e.Type == core.AuditSignInRefused {
					fmt.Println("refused:", e.Code, e.ClientIP)
				}
				return nil
			},
		},
	})
	fmt.Println(err)
	// Output: <nil>
}
