package workosapi

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestNewValidation(t *testing.T) {
	valid := Config{ClientID: testClientID, APIKey: testAPIKey, RedirectURI: testRedirect}
	tests := []struct {
		name string
		mod  func(*Config)
	}{
		{"no client id", func(c *Config) { c.ClientID = "" }},
		{"blank client id", func(c *Config) { c.ClientID = "  " }},
		{"no api key", func(c *Config) { c.APIKey = "" }},
		{"no redirect", func(c *Config) { c.RedirectURI = "" }},
		{"relative redirect", func(c *Config) { c.RedirectURI = "/callback" }},
		{"redirect with fragment", func(c *Config) { c.RedirectURI = "https://a.example/cb#x" }},
		{"redirect bad scheme", func(c *Config) { c.RedirectURI = "javascript://x/cb" }},
		{"base not absolute", func(c *Config) { c.BaseURL = "api.workos.com" }},
		{"base plain http remote", func(c *Config) { c.BaseURL = "http://api.workos.com" }},
		{"base ftp", func(c *Config) { c.BaseURL = "ftp://api.workos.com" }},
		{"base userinfo", func(c *Config) { c.BaseURL = "https://u:p@api.workos.com" }},
		{"base query", func(c *Config) { c.BaseURL = "https://api.workos.com/?x=1" }},
		{"base fragment", func(c *Config) { c.BaseURL = "https://api.workos.com/#f" }},
		{"base unparseable", func(c *Config) { c.BaseURL = "https://%zz" }},
		{"negative timeout", func(c *Config) { c.Timeout = -time.Second }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := valid
			tt.mod(&cfg)
			c, err := New(cfg)
			if !errors.Is(err, ErrInvalidArgument) {
				t.Fatalf("New error = %v, want ErrInvalidArgument", err)
			}
			if c != nil {
				t.Fatal("New returned a client with an error")
			}
			assertNoSecrets(t, err)
		})
	}
}

func TestNewDefaults(t *testing.T) {
	c, err := New(Config{ClientID: testClientID, APIKey: testAPIKey, RedirectURI: testRedirect})
	if err != nil {
		t.Fatal(err)
	}
	if c.base != DefaultBaseURL || c.tokenURL != DefaultBaseURL+"/sso/token" {
		t.Errorf("base = %q, token URL = %q", c.base, c.tokenURL)
	}
	if c.timeout != DefaultTimeout || c.maxRetries != DefaultMaxRetries || c.backoffBase != initialBackoff {
		t.Errorf("timeout %v, retries %d, backoff %v", c.timeout, c.maxRetries, c.backoffBase)
	}
	if c.http == nil || c.http == http.DefaultClient || c.http.Transport == http.DefaultTransport {
		t.Error("default HTTP client must be dedicated")
	}
	if c.http.CheckRedirect == nil {
		t.Error("default HTTP client must not follow redirects")
	}
	if len(c.oauth.Scopes) != 0 || c.oauth.ClientSecret != "" {
		t.Error("oauth2 config must carry no scopes and no secret")
	}

	noRetry, err := New(Config{ClientID: testClientID, APIKey: testAPIKey, RedirectURI: testRedirect, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	if noRetry.maxRetries != 0 {
		t.Errorf("MaxRetries -1 gave %d retries", noRetry.maxRetries)
	}

	own := &http.Client{}
	withOwn, err := New(Config{ClientID: testClientID, APIKey: testAPIKey, RedirectURI: testRedirect, HTTPClient: own})
	if err != nil {
		t.Fatal(err)
	}
	if withOwn.http != own || own.CheckRedirect != nil || own.Transport != nil {
		t.Error("a caller's HTTP client must be used as given and not modified")
	}
}

func TestNewBaseURLNormalization(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://api.workos.com", "https://api.workos.com"},
		{"https://api.workos.com/", "https://api.workos.com"},
		{"https://api.workos.com///", "https://api.workos.com"},
		{"https://proxy.example.com/workos/", "https://proxy.example.com/workos"},
		{"http://127.0.0.1:8080/", "http://127.0.0.1:8080"},
		{"http://localhost:8080", "http://localhost:8080"},
		{"http://[::1]:8080", "http://[::1]:8080"},
	}
	for _, tt := range tests {
		c, err := New(Config{BaseURL: tt.in, ClientID: testClientID, APIKey: testAPIKey, RedirectURI: testRedirect})
		if err != nil {
			t.Errorf("New(%q): %v", tt.in, err)
			continue
		}
		if c.base != tt.want || c.tokenURL != tt.want+"/sso/token" || c.oauth.Endpoint.AuthURL != tt.want+"/sso/authorize" {
			t.Errorf("New(%q): base %q token %q auth %q", tt.in, c.base, c.tokenURL, c.oauth.Endpoint.AuthURL)
		}
	}
}

func TestStringHidesAPIKey(t *testing.T) {
	cfg := Config{ClientID: testClientID, APIKey: testAPIKey, RedirectURI: testRedirect}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		for _, v := range []any{cfg, &cfg, c} {
			if out := fmt.Sprintf(verb, v); strings.Contains(out, testAPIKey) {
				t.Errorf("%s of %T leaks the API key: %s", verb, v, out)
			}
		}
	}
}
