package core_test

import (
	"fmt"
	"log"

	"github.com/ssokit/workosauth/core"
)

// Dress the built-in pages in the app's colours and language, without a
// template.
func ExampleBranding() {
	de := core.DefaultMessages() // the whole table, in English, to translate
	de.Lang = "de"
	de.EmailLabel = "Geschäftliche E-Mail"
	de.Continue = "Weiter mit Single Sign-on"
	de.ContinueWith = "Weiter mit {provider}"
	de.Errors["access_denied"] = "Die Anmeldung wurde abgelehnt."
	_, err := core.New(core.Config{
		ClientID:       "client_123",
		APIKey:         core.NewSecret("sk_test_123"),
		RedirectURI:    "https://app.example.com/auth/callback",
		CookiePassword: core.NewSecret("a-password-of-at-least-32-characters!"),
		Pages: core.PageConfig{
			AppName:  "Acme Cloud",
			Branding: core.Branding{LogoURL: "/static/logo.svg", AccentColor: "#0f766e"},
			Messages: &de,
		},
	})
	fmt.Println(err)
	// Output: <nil>
}

// The English words every page uses, and the error codes they cover.
func ExampleDefaultMessages() {
	m := core.DefaultMessages()
	fmt.Println(m.Lang, "|", m.EmailLabel, "|", m.Errors["no_sso"])
	// Output: en | Work email | No single sign-on is set up for {domain}. Check the email address, or ask your administrator.
}

// An accent colour that is not #rgb or #rrggbb is refused.
func ExampleBranding_refused() {
	_, err := core.New(core.Config{
		ClientID:       "client_123",
		APIKey:         core.NewSecret("sk_test_123"),
		RedirectURI:    "https://app.example.com/auth/callback",
		CookiePassword: core.NewSecret("a-password-of-at-least-32-characters!"),
		Pages:          core.PageConfig{Branding: core.Branding{AccentColor: "teal"}},
	})
	if err == nil {
		log.Fatal("accepted")
	}
	fmt.Println(err)
	// Output: workosauth: invalid configuration: Pages.Branding.AccentColor must be #rgb or #rrggbb; got "teal"
}
