package core

import (
	"errors"
	"slices"
	"strings"
	"testing"
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
		{"short previous password", func(c *Config) { c.Cookies.PreviousPasswords = NewSecrets("short") }, "PreviousCookiePasswords[0]"},
		{"no redirect", func(c *Config) { c.RedirectURI = "" }, "WORKOS_REDIRECT_URI"},
		{"relative redirect", func(c *Config) { c.RedirectURI = "/auth/callback" }, "absolute"},
		{"ftp redirect", func(c *Config) { c.RedirectURI = "ftp://app.test/cb" }, "absolute"},
		{"redirect with query", func(c *Config) { c.RedirectURI = "https://app.test/cb?x=1" }, "no query"},
		{"two default selectors", func(c *Config) { c.SignIn.Connection, c.SignIn.Organization = "conn_1", "org_1" }, "at most one"},
		{"bad base url", func(c *Config) { c.WorkOS.BaseURL = "api.workos.com" }, "BaseURL"},
		{"bad domain map", func(c *Config) { c.SignIn.Domains = map[string]string{"acme.test": "acme"} }, "neither an organization"},
		{"bad proxy", func(c *Config) { c.Cookies.TrustedProxies = []string{"proxy.local"} }, "TrustedProxies"},
		{"bad after sign-in", func(c *Config) { c.SignIn.AfterPath = "https://evil.test" }, "AfterSignInPath"},
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
	if h.cfg.Sessions.Lifetime != DefaultSessionLifetime || h.cfg.SignIn.FlowLifetime != DefaultFlowLifetime || h.cfg.SignIn.MaxFlows != DefaultMaxFlows {
		t.Errorf("defaults not applied: %+v", h.cfg)
	}
}

func TestConfigFromLookup(t *testing.T) {
	env := map[string]string{
		EnvClientID: "client_1", EnvAPIKey: " sk_1 ", EnvRedirectURI: "http://127.0.0.1:8080/auth/callback",
		EnvCookiePassword: testPassword, EnvCookiePasswordPrevious: "old-password-old-password-old-password, ,older-password-older-password-older-pw",
		EnvBaseURL: "http://127.0.0.1:9999", EnvAuthKitIssuers: " https://auth.example.test ,,http://localhost:9999/user_management/client_1",
	}
	c := configFromLookup(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if c.ClientID != "client_1" || c.APIKey.Reveal() != "sk_1" || c.WorkOS.BaseURL != "http://127.0.0.1:9999" || len(c.Cookies.PreviousPasswords) != 2 {
		t.Fatalf("configFromLookup = %+v", c)
	}
	if want := []string{"https://auth.example.test", "http://localhost:9999/user_management/client_1"}; !slices.Equal(c.AuthKit.Issuers, want) {
		t.Fatalf("AuthKitIssuers from %s = %q, want %q", EnvAuthKitIssuers, c.AuthKit.Issuers, want)
	}
	if _, err := New(c); err != nil {
		t.Fatal(err)
	}
}
