package core_test

import (
	"fmt"
	"log"
	"net/http"

	"github.com/ssokit/workosauth/core"
)

// One app under several hostnames sharing a session across subdomains:
// each sign-in goes through the redirect URI of the host it came to.
func ExampleConfig_deployment() {
	auth, err := core.New(core.Config{
		ClientID:       "client_123",
		APIKey:         "sk_test_123",
		RedirectURI:    "https://app.example.com/auth/callback",
		RedirectURIs:   []string{"https://preview.example.com/auth/callback"},
		CookieDomain:   "example.com", // WORKOS_COOKIE_DOMAIN
		SameSite:       http.SameSiteStrictMode,
		CookiePassword: "a-password-of-at-least-32-characters!",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(auth.SessionCookieName())
	fmt.Println(auth.RedirectURIs())
	fmt.Println(auth.SignOutPath())
	// Output:
	// __Secure-wos-session
	// [https://app.example.com/auth/callback https://preview.example.com/auth/callback]
	// /auth/signout
}
