package core

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestSessionCookieNameFollowsSchemeAndDomain(t *testing.T) {
	tests := []struct {
		redirect, domain, custom string
		want                     string
	}{
		{"https://app.example.com/auth/callback", "", "", "__Host-wos-session"},
		{"https://app.example.com/auth/callback", "example.com", "", "__Secure-wos-session"},
		{"https://app.example.com/auth/callback", ".Example.com", "", "__Secure-wos-session"},
		{"http://app.example.com/auth/callback", "example.com", "", "wos-session"},
		{"http://app.test/auth/callback", "", "", "wos-session"},
		{"https://app.example.com/auth/callback", "", "sid", "__Host-sid"},
		{"https://app.example.com/auth/callback", "example.com", "sid", "__Secure-sid"},
		{"https://app.example.com/auth/callback", "", "__Host-sid", "__Host-sid"},
		{"https://app.example.com/auth/callback", "example.com", "__Secure-sid", "__Secure-sid"},
		{"http://app.test/auth/callback", "", "sid", "sid"},
	}
	for _, tt := range tests {
		a := newTestAuth(t, func(c *Config) {
			c.RedirectURI, c.Cookies.Domain, c.Cookies.SessionName = tt.redirect, tt.domain, tt.custom
		})
		if got := a.sessionName; got != tt.want {
			t.Errorf("%s domain %q name %q: cookie %q, want %q", tt.redirect, tt.domain, tt.custom, got, tt.want)
		}
		c := a.cookie(a.sessionName, "v", 0)
		wantDomain := strings.TrimPrefix(strings.ToLower(tt.domain), ".")
		if c.Domain != wantDomain || c.Secure != strings.HasPrefix(tt.redirect, "https") {
			t.Errorf("%s domain %q: cookie Domain %q Secure %v", tt.redirect, tt.domain, c.Domain, c.Secure)
		}
		// What the browser is sent: a __Host- cookie has no Domain.
		if line := c.String(); strings.HasPrefix(line, "__Host-") && strings.Contains(line, "Domain=") {
			t.Errorf("__Host- cookie with a Domain: %s", line)
		}
	}
}

func TestDeploymentSettingsRefused(t *testing.T) {
	base := Config{ClientID: "client_test", APIKey: NewSecret("sk_test_key"), RedirectURI: "https://app.example.com/auth/callback", CookiePassword: NewSecret(testPassword)}
	tests := []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"SameSite None on http", func(c *Config) {
			c.RedirectURI = "http://app.test/auth/callback"
			c.Cookies.SameSite = http.SameSiteNoneMode
		}, "SameSite None"},
		{"SameSite out of range", func(c *Config) { c.Cookies.SameSite = 9 }, "SameSite must be"},
		{"cookie domain not containing the host", func(c *Config) { c.Cookies.Domain = "example.org" }, "does not contain"},
		{"cookie domain a suffix but not a parent", func(c *Config) { c.Cookies.Domain = "ple.com" }, "does not contain"},
		{"cookie domain not a domain", func(c *Config) { c.Cookies.Domain = "exa mple.com" }, "must be a domain"},
		{"cookie domain a top-level domain", func(c *Config) { c.Cookies.Domain = "com" }, "must be a domain"},
		{"a second host outside the cookie domain", func(c *Config) {
			c.Cookies.Domain = "example.com"
			c.Cookies.RedirectURIs = []string{"https://preview.example.net/auth/callback"}
		}, "does not contain"},
		{"redirect URIs mixing schemes", func(c *Config) { c.Cookies.RedirectURIs = []string{"http://localhost:8080/auth/callback"} }, "must use https"},
		{"redirect URIs on another path", func(c *Config) { c.Cookies.RedirectURIs = []string{"https://b.example.com/sso/callback"} }, "path"},
		{"a relative redirect URI", func(c *Config) { c.Cookies.RedirectURIs = []string{"/auth/callback"} }, "absolute"},
		{"a redirect URI with a query", func(c *Config) { c.Cookies.RedirectURIs = []string{"https://b.example.com/auth/callback?x=1"} }, "no query"},
		{"a __Host- name with a cookie domain", func(c *Config) { c.Cookies.Domain = "example.com"; c.Cookies.SessionName = "__Host-sid" }, "prefix"},
		{"a prefixed name on http", func(c *Config) {
			c.RedirectURI = "http://app.test/auth/callback"
			c.Cookies.SessionName = "__Secure-sid"
		}, "prefix"},
		{"a cookie name with a space", func(c *Config) { c.Cookies.SessionName = "my sid" }, "not a valid cookie name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := base
			tt.edit(&cfg)
			_, err := New(cfg)
			if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New: %v; want an ErrConfig saying %q", err, tt.want)
			}
		})
	}
}

func TestSameSiteOfSessionAndFlowCookies(t *testing.T) {
	for _, ss := range []http.SameSite{0, http.SameSiteLaxMode, http.SameSiteStrictMode, http.SameSiteNoneMode} {
		a := newTestAuth(t, func(c *Config) { c.RedirectURI = "https://app.test/auth/callback"; c.Cookies.SameSite = ss })
		want := ss
		if ss == 0 {
			want = http.SameSiteLaxMode
		}
		if got := a.cookie(a.sessionName, "v", 0).SameSite; got != want {
			t.Errorf("SameSite %d: session cookie %d", ss, got)
		}
		if got := a.cookie(a.sessionName+".1", "v", 0).SameSite; got != want {
			t.Errorf("SameSite %d: session chunk %d", ss, got)
		}
		if got := a.cookie(a.flowPrefix+"abc", "v", 0).SameSite; got != http.SameSiteLaxMode {
			t.Errorf("SameSite %d: flow cookie %d, want Lax (it must come back from WorkOS)", ss, got)
		}
	}
}

// With SameSite Strict the callback lands on a page of its own that moves
// on, so that the next request is same-site and carries the session.
func TestStrictSessionLandsThroughAPage(t *testing.T) {
	for _, ss := range []http.SameSite{http.SameSiteLaxMode, http.SameSiteStrictMode} {
		w := &workosStub{}
		a := stubAuth(t, w, func(c *Config) { c.Cookies.SameSite = ss })
		q, fc, _ := start(t, a, "connection=conn_01ACME&return_to=/dashboard?a=1%26b")
		x := callbackFor(q, nil, fc)
		a.serveAuth(x)
		sc := x.setCookie("wos-session")
		if sc == nil || sc.Value == "" || sc.SameSite != ss {
			t.Fatalf("SameSite %d: session cookie %v", ss, sc)
		}
		switch ss {
		case http.SameSiteStrictMode:
			body := string(x.body)
			if x.status != http.StatusOK || !strings.Contains(body, `http-equiv="refresh" content="0;url=/dashboard?a=1&amp;b"`) ||
				!strings.Contains(body, `href="/dashboard?a=1&amp;b"`) || strings.Contains(body, "<script") ||
				!strings.Contains(x.resp.Get("Content-Security-Policy"), "default-src 'none'") {
				t.Fatalf("strict landing %d %q %s", x.status, x.resp.Get("Content-Security-Policy"), body)
			}
		default:
			if x.status != http.StatusSeeOther || location(x) != "/dashboard?a=1&b" {
				t.Fatalf("lax landing %d %q", x.status, location(x))
			}
		}
	}
}

// The redirect URI of a sign-in is the allowlisted one of the request's
// host; a Host or X-Forwarded-Host that is not listed, or a forwarded host
// from an untrusted peer, gets the primary one.
func TestRedirectURIChosenByOrigin(t *testing.T) {
	w := &workosStub{}
	a := stubAuth(t, w, func(c *Config) {
		c.RedirectURI = "https://app.example.com/auth/callback"
		c.Cookies.RedirectURIs = []string{"https://preview-42.example.com/auth/callback", "https://APP.example.com/auth/callback"}
		c.Cookies.TrustedProxies = []string{"10.0.0.0/8"}
	})
	if got := a.origins; len(got) != 2 || got[1].redirectURI != "https://preview-42.example.com/auth/callback" {
		t.Fatalf("origins %v (the duplicate host is kept once)", got)
	}
	tests := []struct {
		name, host, remote, fwdHost string
		want                        string
	}{
		{"the primary host", "app.example.com", "192.0.2.1:1", "", "https://app.example.com/auth/callback"},
		{"a listed host", "preview-42.example.com", "192.0.2.1:1", "", "https://preview-42.example.com/auth/callback"},
		{"a listed host in capitals", "PREVIEW-42.example.com", "192.0.2.1:1", "", "https://preview-42.example.com/auth/callback"},
		{"a listed forwarded host from a trusted proxy", "internal:8080", "10.1.2.3:1", "preview-42.example.com", "https://preview-42.example.com/auth/callback"},
		{"a forwarded host from an untrusted peer", "app.example.com", "192.0.2.1:1", "preview-42.example.com", "https://app.example.com/auth/callback"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := newFake("GET", "/auth/signin?connection=conn_01ACME")
			x.host, x.remote = tt.host, tt.remote
			if tt.fwdHost != "" {
				x.header.Set("X-Forwarded-Host", tt.fwdHost)
				x.header.Set("X-Forwarded-Proto", "https")
			}
			a.serveAuth(x)
			u, _ := url.Parse(location(x))
			if x.status != http.StatusSeeOther || u.Query().Get("redirect_uri") != tt.want {
				t.Fatalf("answered %d, redirect_uri %q; want %q", x.status, u.Query().Get("redirect_uri"), tt.want)
			}
		})
	}
	// An unlisted host never becomes a redirect URI: the sign-in is sent
	// to the configured origin first (trusted proxy), or goes through the
	// primary redirect URI.
	for _, fwd := range []string{"evil.example.net", "preview-43.example.com"} {
		x := newFake("GET", "/auth/signin?connection=conn_01ACME")
		x.host, x.remote = "internal:8080", "10.1.2.3:1"
		x.header.Set("X-Forwarded-Host", fwd)
		x.header.Set("X-Forwarded-Proto", "https")
		a.serveAuth(x)
		if loc := location(x); strings.Contains(loc, fwd) || !strings.HasPrefix(loc, "https://app.example.com/") && !strings.Contains(loc, "redirect_uri=https%3A%2F%2Fapp.example.com") {
			t.Fatalf("forwarded host %q: %d %q", fwd, x.status, loc)
		}
	}
}

// Sign-out's origin check follows the origin the request came to.
func TestSignOutOriginFollowsChosenOrigin(t *testing.T) {
	a := newTestAuth(t, func(c *Config) {
		c.RedirectURI = "https://app.example.com/auth/callback"
		c.Cookies.RedirectURIs = []string{"https://b.example.com/auth/callback"}
	})
	tests := []struct {
		host, origin string
		want         int
	}{
		{"b.example.com", "https://b.example.com", http.StatusSeeOther},
		{"app.example.com", "https://app.example.com", http.StatusSeeOther},
		{"app.example.com", "https://b.example.com", http.StatusForbidden},
		{"b.example.com", "https://app.example.com", http.StatusForbidden},
		{"b.example.com", "https://evil.example.net", http.StatusForbidden},
	}
	for _, tt := range tests {
		x := newFake("POST", "/auth/signout")
		x.host = tt.host
		x.header.Set("Origin", tt.origin)
		a.serveAuth(x)
		if x.status != tt.want {
			t.Errorf("host %s Origin %s: %d, want %d", tt.host, tt.origin, x.status, tt.want)
		}
	}
}

func TestSignOutAndCallbackPaths(t *testing.T) {
	a := newTestAuth(t, func(c *Config) { c.RedirectURI = "https://app.example.com/sso/wos/callback" })
	if a.SignOutPath() != "/sso/wos/signout" || a.cfg.Cookies.AuthPath+"/callback" != "/sso/wos/callback" || a.signInPath != "/sso/wos/signin" {
		t.Fatalf("paths %q %q %q", a.SignOutPath(), a.cfg.Cookies.AuthPath+"/callback", a.signInPath)
	}
}

func TestConfigFromEnvDeployment(t *testing.T) {
	env := map[string]string{"WORKOS_COOKIE_DOMAIN": " example.com ", "WORKOS_REDIRECT_URIS": "https://a.example.com/auth/callback, ,https://b.example.com/auth/callback"}
	c := configFromLookup(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if c.Cookies.Domain != "example.com" || len(c.Cookies.RedirectURIs) != 2 || c.Cookies.RedirectURIs[1] != "https://b.example.com/auth/callback" {
		t.Fatalf("config %+v %v", c.Cookies.Domain, c.Cookies.RedirectURIs)
	}
}

func TestSignOutClearsTheCache(t *testing.T) {
	a := newTestAuth(t, nil)
	x := newFake("POST", "/auth/signout").withCookies(sessionCookiesFor(t, a, alice())...)
	x.header.Set("Origin", "http://app.test")
	a.serveAuth(x)
	if x.status != http.StatusSeeOther || x.resp.Get("Clear-Site-Data") != `"cache"` {
		t.Fatalf("sign-out %d, Clear-Site-Data %q", x.status, x.resp.Get("Clear-Site-Data"))
	}
	// A refused sign-out clears nothing.
	x = newFake("POST", "/auth/signout")
	x.header.Set("Origin", "https://evil.example")
	a.serveAuth(x)
	if x.status != http.StatusForbidden || x.resp.Get("Clear-Site-Data") != "" {
		t.Fatalf("cross-site sign-out %d, Clear-Site-Data %q", x.status, x.resp.Get("Clear-Site-Data"))
	}
}
