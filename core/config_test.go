package core

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestNewRefusesBadConfig(t *testing.T) {
	valid := func() Config {
		return Config{ClientID: "client_1", APIKey: NewSecret("sk_1"), RedirectURI: "https://app.test/auth/callback", CookiePassword: NewSecret(testPassword)}
	}
	tests := []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"no client id", func(c *Config) { c.ClientID = "" }, "WORKOS_CLIENT_ID"},
		{"no api key", func(c *Config) { c.APIKey = Secret{} }, "WORKOS_API_KEY"},
		{"short password", func(c *Config) { c.CookiePassword = NewSecret("short") }, "at least 32"},
		{"short previous password", func(c *Config) { c.Cookies.PreviousPasswords = secrets("short") }, "Cookies.PreviousPasswords[0]"},
		{"no redirect", func(c *Config) { c.RedirectURI = "" }, "WORKOS_REDIRECT_URI"},
		{"relative redirect", func(c *Config) { c.RedirectURI = "/auth/callback" }, "absolute"},
		{"ftp redirect", func(c *Config) { c.RedirectURI = "ftp://app.test/cb" }, "absolute"},
		{"redirect with query", func(c *Config) { c.RedirectURI = "https://app.test/cb?x=1" }, "no query"},
		{"two default selectors", func(c *Config) { c.SignIn.Connection, c.SignIn.Organization = "conn_1", "org_1" }, "at most one"},
		{"bad base url", func(c *Config) { c.WorkOS.BaseURL = "api.workos.com" }, "BaseURL"},
		{"bad domain map", func(c *Config) { c.SignIn.Domains = map[string]string{"acme.test": "acme"} }, "neither an organization"},
		{"bad proxy", func(c *Config) { c.Cookies.TrustedProxies = []string{"proxy.local"} }, "TrustedProxies"},
		{"bad after sign-in", func(c *Config) { c.SignIn.AfterPath = "https://evil.test" }, "SignIn.AfterPath"},
		{"bad after sign-out", func(c *Config) { c.Sessions.AfterSignOutPath = "//evil.test" }, "Sessions.AfterSignOutPath"},
		{"issuers without authkit", func(c *Config) { c.AuthKit.Issuers = []string{"https://auth.example.test"} }, "AuthKit.Enabled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := valid()
			tt.edit(&c)
			_, err := New(c)
			if err == nil || !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New: %v; want ErrConfig mentioning %q", err, tt.want)
			}
		})
	}
	if _, err := New(valid()); err != nil {
		t.Fatalf("New(valid) = %v", err)
	}
}

func TestNewDefaults(t *testing.T) {
	a := newTestAuth(t, func(c *Config) { c.RedirectURI = "https://app.test/app/auth/callback" })
	if a.sessionName != "__Host-wos-session" || !a.secure {
		t.Errorf("https app: cookie %q secure=%v", a.sessionName, a.secure)
	}
	if a.cfg.Cookies.AuthPath != "/app/auth" || a.signInPath != "/app/auth/signin" {
		t.Errorf("AuthPath %q SignInPath %q", a.cfg.Cookies.AuthPath, a.signInPath)
	}
	if a.origin != "https://app.test" {
		t.Errorf("Origin %q", a.origin)
	}
	h := newTestAuth(t, nil)
	if h.sessionName != "wos-session" || h.secure {
		t.Errorf("http app: cookie %q secure=%v", h.sessionName, h.secure)
	}
	// The defaults the field comments state.
	c := h.cfg
	if c.Sessions.Lifetime != 7*24*time.Hour || c.Sessions.AbsoluteLifetime != 30*24*time.Hour || c.Sessions.CacheSize != 10000 ||
		c.Sessions.CacheBytes != 32<<20 || c.Sessions.Recheck != 30*time.Second || c.Sessions.AfterSignOutPath != "/" {
		t.Errorf("Sessions defaults not applied: %+v", c.Sessions)
	}
	if c.SignIn.FlowLifetime != 10*time.Minute || c.SignIn.MaxFlows != 5 || c.SignIn.DomainCacheTTL != 10*time.Minute ||
		c.SignIn.DomainFailureTTL != 5*time.Second || c.SignIn.AfterPath != "/" || c.SignIn.MapProfile == nil {
		t.Errorf("SignIn defaults not applied: %+v", c.SignIn)
	}
	if c.Events.WebhookTolerance != 3*time.Minute || c.Pages.AppName != "Sign in" || c.Pages.SignIn == nil || c.Logger == nil || c.Now == nil {
		t.Errorf("Events, Pages or top-level defaults not applied: %+v", c)
	}
	if w := newTestAuth(t, func(c *Config) { c.WorkOS = WorkOSConfig{} }).cfg.WorkOS; w.BaseURL != "https://api.workos.com" || w.Timeout != 10*time.Second || w.MaxRetries != 2 {
		t.Errorf("WorkOS defaults not applied: %+v", w)
	}
}

func TestConfigFromLookup(t *testing.T) {
	env := map[string]string{
		"WORKOS_CLIENT_ID": "client_1", "WORKOS_API_KEY": " sk_1 ", "WORKOS_REDIRECT_URI": "http://127.0.0.1:8080/auth/callback",
		"WORKOS_COOKIE_PASSWORD":          testPassword,
		"WORKOS_COOKIE_PASSWORD_PREVIOUS": "old-password-old-password-old-password, ,older-password-older-password-older-pw",
		"WORKOS_BASE_URL":                 "http://127.0.0.1:9999", "WORKOS_AUTHKIT": "1",
		"WORKOS_AUTHKIT_ISSUERS": " https://auth.example.test ,,http://localhost:9999/user_management/client_1",
		"WORKOS_COOKIE_DOMAIN":   "127.0.0.1", "WORKOS_REDIRECT_URIS": "http://127.0.0.1:8080/auth/callback",
	}
	c := configFromLookup(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if c.ClientID != "client_1" || c.APIKey.Reveal() != "sk_1" || c.RedirectURI != env["WORKOS_REDIRECT_URI"] || c.CookiePassword.Reveal() != testPassword ||
		c.WorkOS.BaseURL != "http://127.0.0.1:9999" || len(c.Cookies.PreviousPasswords) != 2 || !c.AuthKit.Enabled ||
		c.Cookies.Domain != "127.0.0.1" || !slices.Equal(c.Cookies.RedirectURIs, []string{"http://127.0.0.1:8080/auth/callback"}) {
		t.Fatalf("configFromLookup = %+v", c)
	}
	if want := []string{"https://auth.example.test", "http://localhost:9999/user_management/client_1"}; !slices.Equal(c.AuthKit.Issuers, want) {
		t.Fatalf("AuthKit.Issuers from WORKOS_AUTHKIT_ISSUERS = %q, want %q", c.AuthKit.Issuers, want)
	}
	c.Cookies.Domain = "" // an IP address is no cookie domain

	if _, err := New(c); err != nil {
		t.Fatal(err)
	}
}
