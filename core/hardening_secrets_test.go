package core

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// TestHardeningConfigDoesNotPrintSecrets: printing a Config or an Auth
// (log.Printf("%+v", cfg) in an app's start-up code, a panic message, a
// debugger's %#v) never shows the API key or a cookie password, nor does
// any error New returns.
func TestHardeningConfigDoesNotPrintSecrets(t *testing.T) {
	const key, pw, prev = "sk_test_supersecretapikey", "current-cookie-password-0123456789abcdef", "previous-cookie-password-0123456789abcdef"
	cfg := Config{
		ClientID:       "client_1",
		APIKey:         NewSecret(key),
		RedirectURI:    "https://app.example.com/auth/callback",
		CookiePassword: NewSecret(pw),
		Cookies:        CookieConfig{PreviousPasswords: secrets(prev)},
	}
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("start", "config", cfg, "auth", a)
	_, bad := New(Config{
		ClientID:       "c",
		APIKey:         NewSecret(key),
		RedirectURI:    "x",
		CookiePassword: NewSecret("short-" + key),
		Cookies:        CookieConfig{PreviousPasswords: secrets("tiny" + key[:4])},
	})
	for _, s := range []string{
		fmt.Sprintf("%v", cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), fmt.Sprint(&cfg),
		fmt.Sprintf("%v", a), fmt.Sprintf("%+v", a), fmt.Sprintf("%#v", a),
		logged.String(), bad.Error(),
	} {
		for _, secret := range []string{key, pw, prev} {
			if strings.Contains(s, secret) {
				t.Fatalf("a secret is printed: %.400s", s)
			}
		}
	}
	if !errors.Is(bad, ErrConfig) || !strings.Contains(fmt.Sprint(cfg), "client_1") || !strings.Contains(fmt.Sprint(a), "https://app.example.com") {
		t.Fatalf("the redacted forms lost what they are for: %v / %v / %v", cfg, a, bad)
	}
}
