package core

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestOriginCanonicalSignOut: a redirect URI with upper case or the
// scheme's default port is the origin browsers send, and sign-out from it
// works; another origin is still refused. (Before, "https://App.Test:443"
// was compared as a string with the browser's "https://app.test": every
// sign-out was 403.)
func TestOriginCanonicalSignOut(t *testing.T) {
	for _, tt := range []struct{ redirectURI, origin string }{
		{"https://App.Test:443/auth/callback", "https://app.test"},
		{"https://app.test:443/auth/callback", "https://app.test"},
		{"HTTPS://APP.TEST/auth/callback", "https://app.test"},
		{"http://App.Test:80/auth/callback", "http://app.test"},
		{"http://app.test:8080/auth/callback", "http://app.test:8080"},
		{"http://[::1]:80/auth/callback", "http://[::1]"},
	} {
		a := newTestAuth(t, func(c *Config) { c.RedirectURI = tt.redirectURI })
		if a.origin != tt.origin {
			t.Errorf("%s: Origin() = %q, want %q", tt.redirectURI, a.origin, tt.origin)
		}
		if a.cfg.RedirectURI != tt.redirectURI {
			t.Errorf("%s: the redirect URI sent to WorkOS changed to %q", tt.redirectURI, a.cfg.RedirectURI)
		}
		same := [][]string{
			{"Origin", tt.origin},
			{"Origin", strings.ToUpper(tt.origin)},
			{"Sec-Fetch-Site", "same-origin", "Origin", tt.origin},
			{"Referer", tt.origin + "/dashboard"},
		}
		if u, _ := url.Parse(tt.origin); u.Port() == "" && !strings.Contains(u.Host, "[") {
			same = append(same, []string{"Origin", tt.origin + "."}, []string{"Origin", tt.origin + ":" + map[string]string{"https": "443", "http": "80"}[u.Scheme]})
		}
		for _, h := range same {
			x := newFake("POST", "/auth/signout")
			for i := 0; i+1 < len(h); i += 2 {
				x.header.Set(h[i], h[i+1])
			}
			a.serveAuth(x)
			if x.status != http.StatusSeeOther {
				t.Errorf("%s: sign-out with %v answered %d %s", tt.redirectURI, h, x.status, x.body)
			}
		}
		for _, h := range [][]string{
			{"Origin", "https://evil.test"}, {"Origin", "null"}, {"Origin", tt.origin + ":1"},
			{"Origin", strings.Replace(tt.origin, "://", "://x.", 1)}, {"Referer", "https://evil.test/x"},
		} {
			x := newFake("POST", "/auth/signout")
			x.header.Set(h[0], h[1])
			a.serveAuth(x)
			if x.status != http.StatusForbidden {
				t.Errorf("%s: sign-out with %v answered %d, want 403", tt.redirectURI, h, x.status)
			}
		}
	}
}

// TestOriginCanonicalBehindProxy: behind a trusted proxy, a redirect URI
// with upper case or a default port does not send the browser round and
// round: the forwarded host is the configured one, so the sign-in page is
// served. (Before, "app.test" was not "App.Test:443", and every answer was
// a redirect to the configured origin, which came back the same way.)
func TestOriginCanonicalBehindProxy(t *testing.T) {
	a := newTestAuth(t, func(c *Config) {
		c.RedirectURI = "https://App.Test:443/auth/callback"
		c.Cookies.TrustedProxies = []string{"192.0.2.0/24"}
	})
	for _, fwd := range []string{"app.test", "APP.test", "app.test:443"} {
		x := newFake("GET", "/auth/signin")
		x.host = "10.0.0.5:8080"
		x.header.Set("X-Forwarded-Host", fwd)
		x.header.Set("X-Forwarded-Proto", "https")
		a.serveAuth(x)
		if x.status != http.StatusOK {
			t.Errorf("X-Forwarded-Host %s: answered %d %q, want the sign-in page", fwd, x.status, location(x))
		}
	}
	// Another host, or a dotted one (a host of its own for cookies), is
	// still brought to the configured origin, once.
	for _, fwd := range []string{"other.test", "app.test."} {
		x := newFake("GET", "/auth/signin")
		x.header.Set("X-Forwarded-Host", fwd)
		x.header.Set("X-Forwarded-Proto", "https")
		a.serveAuth(x)
		if x.status != http.StatusFound || location(x) != "https://app.test/auth/signin" {
			t.Errorf("X-Forwarded-Host %s: answered %d %q, want 302 to https://app.test/auth/signin", fwd, x.status, location(x))
		}
	}
}

// TestRedirectURIWithTrailingDotRefused: a redirect URI whose host ends in
// a dot is refused by New, with words that say why (the browser keeps the
// dotted host's cookies apart, so flows would never complete).
func TestRedirectURIWithTrailingDotRefused(t *testing.T) {
	_, err := New(Config{ClientID: "c", APIKey: NewSecret("k"), RedirectURI: "https://app.test./auth/callback", CookiePassword: NewSecret(testPassword)})
	if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), "dot") {
		t.Fatalf("New: %v", err)
	}
}

func FuzzOriginKey(f *testing.F) {
	for _, s := range []string{"https://app.test", "HTTPS://APP.TEST:443", "http://[::1]:80", "null", "https://a.test./x", "http://u@h", "http://:80", "https://[::1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		o, ok := originKey(raw)
		if !ok {
			return
		}
		u, err := url.Parse(o)
		if err != nil || u.Path != "" || u.Host == "" || o != strings.ToLower(o) || strings.HasSuffix(u.Hostname(), ".") {
			t.Fatalf("originKey(%q) = %q, not a canonical origin", raw, o)
		}
		if again, ok := originKey(o); !ok || again != o {
			t.Fatalf("originKey is not idempotent: %q -> %q -> %q", raw, o, again)
		}
	})
}
