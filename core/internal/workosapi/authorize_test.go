package workosapi

import (
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

func TestAuthorizeURL(t *testing.T) {
	base := func(extra url.Values) url.Values {
		v := url.Values{
			"client_id":             {testClientID},
			"redirect_uri":          {testRedirect},
			"response_type":         {"code"},
			"state":                 {"st4te"},
			"code_challenge":        {challenge},
			"code_challenge_method": {"S256"},
		}
		for k, vv := range extra {
			v[k] = vv
		}
		return v
	}
	tests := []struct {
		name string
		p    AuthorizeParams
		want url.Values
	}{
		{
			name: "connection",
			p:    AuthorizeParams{State: "st4te", CodeChallenge: challenge, Connection: "conn_123"},
			want: base(url.Values{"connection": {"conn_123"}}),
		},
		{
			name: "organization",
			p:    AuthorizeParams{State: "st4te", CodeChallenge: challenge, Organization: "org_123"},
			want: base(url.Values{"organization": {"org_123"}}),
		},
		{
			name: "provider",
			p:    AuthorizeParams{State: "st4te", CodeChallenge: challenge, Provider: "GoogleOAuth"},
			want: base(url.Values{"provider": {"GoogleOAuth"}}),
		},
		{
			name: "all optional params",
			p: AuthorizeParams{
				State: "st4te", CodeChallenge: challenge, Organization: "org_123",
				LoginHint: "ada+sso@example.com", DomainHint: "example.com", Prompt: "login",
			},
			want: base(url.Values{
				"organization": {"org_123"},
				"login_hint":   {"ada+sso@example.com"},
				"domain_hint":  {"example.com"},
				"prompt":       {"login"},
			}),
		},
		{
			name: "values needing escapes",
			p:    AuthorizeParams{State: "a b&c=d/é", CodeChallenge: challenge, Connection: "conn_&x=1"},
			want: func() url.Values {
				v := base(url.Values{"connection": {"conn_&x=1"}})
				v.Set("state", "a b&c=d/é")
				return v
			}(),
		},
	}
	c := newTestClient(t, "https://api.workos.com/", nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := c.AuthorizeURL(tt.p)
			if err != nil {
				t.Fatalf("AuthorizeURL: %v", err)
			}
			u, err := url.Parse(raw)
			if err != nil {
				t.Fatal(err)
			}
			if u.Scheme != "https" || u.Host != "api.workos.com" || u.Path != "/sso/authorize" || u.Fragment != "" {
				t.Errorf("URL %q: wrong endpoint", raw)
			}
			if got := u.Query(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("query:\n got  %v\n want %v", got, tt.want)
			}
			if strings.Contains(raw, testAPIKey) || strings.Contains(raw, "scope") || strings.Contains(raw, testVerifier) {
				t.Errorf("URL %q carries a secret, the verifier or a scope", raw)
			}
		})
	}
}

func TestAuthorizeURLBasePath(t *testing.T) {
	c := newTestClient(t, "http://127.0.0.1:9/workos/", nil)
	raw, err := c.AuthorizeURL(AuthorizeParams{State: "s", CodeChallenge: challenge, Provider: "GoogleOAuth"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(raw, "http://127.0.0.1:9/workos/sso/authorize?") {
		t.Errorf("URL %q", raw)
	}
}

func TestAuthorizeURLValidation(t *testing.T) {
	ok := AuthorizeParams{State: "s", CodeChallenge: challenge, Connection: "conn_1"}
	tests := []struct {
		name string
		mod  func(*AuthorizeParams)
	}{
		{"no selector", func(p *AuthorizeParams) { p.Connection = "" }},
		{"connection and organization", func(p *AuthorizeParams) { p.Organization = "org_1" }},
		{"connection and provider", func(p *AuthorizeParams) { p.Provider = "GoogleOAuth" }},
		{"organization and provider", func(p *AuthorizeParams) {
			p.Connection, p.Organization, p.Provider = "", "org_1", "GoogleOAuth"
		}},
		{"all three", func(p *AuthorizeParams) { p.Organization, p.Provider = "org_1", "GoogleOAuth" }},
		{"no state", func(p *AuthorizeParams) { p.State = "" }},
		{"no challenge", func(p *AuthorizeParams) { p.CodeChallenge = "" }},
		{"padded challenge", func(p *AuthorizeParams) { p.CodeChallenge = challenge[:42] + "=" }},
		{"short challenge", func(p *AuthorizeParams) { p.CodeChallenge = challenge[:42] }},
		{"long challenge (a verifier)", func(p *AuthorizeParams) { p.CodeChallenge = testVerifier }},
		{"std base64 challenge", func(p *AuthorizeParams) { p.CodeChallenge = challenge[:42] + "+" }},
	}
	c := newTestClient(t, "https://api.workos.com", nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := ok
			tt.mod(&p)
			raw, err := c.AuthorizeURL(p)
			if !errors.Is(err, ErrInvalidArgument) {
				t.Fatalf("error = %v, want ErrInvalidArgument", err)
			}
			if raw != "" {
				t.Errorf("URL %q returned with an error", raw)
			}
		})
	}
	if _, err := c.AuthorizeURL(ok); err != nil {
		t.Fatalf("valid params rejected: %v", err)
	}
}
