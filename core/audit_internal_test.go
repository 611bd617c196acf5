package core

import (
	"net/http"
	"testing"
)

func TestClientIPFollowsTrustedProxyRules(t *testing.T) {
	a := newTestAuth(t, func(c *Config) { c.Cookies.TrustedProxies = []string{"10.0.0.0/8", "::1"} })
	tests := []struct {
		name, remote, xff, want string
	}{
		{"a direct client", "192.0.2.7:5555", "", "192.0.2.7"},
		{"a direct client's forged header is ignored", "192.0.2.7:5555", "203.0.113.9", "192.0.2.7"},
		{"behind a trusted proxy", "10.0.0.2:80", "203.0.113.9", "203.0.113.9"},
		{"the rightmost untrusted hop wins over a forged left one", "10.0.0.2:80", "198.51.100.1, 203.0.113.9, 10.0.0.3", "203.0.113.9"},
		{"a trusted proxy without the header", "10.0.0.2:80", "", "10.0.0.2"},
		{"garbage stops the walk", "10.0.0.2:80", "203.0.113.9, nonsense, 10.0.0.3", "10.0.0.3"},
		{"an IPv6 proxy", "[::1]:80", "2001:db8::1", "2001:db8::1"},
	}
	for _, tt := range tests {
		x := newFake("GET", "/")
		x.remote = tt.remote
		if tt.xff != "" {
			x.header.Set("X-Forwarded-For", tt.xff)
		}
		if got := a.clientIP(x); got != tt.want {
			t.Errorf("%s: client IP %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestSignInMethodNames(t *testing.T) {
	a := newTestAuth(t, nil)
	for query, want := range map[string]string{
		"connection=conn_01ABC": "connection", "organization=org_01ABC": "organization", "provider=GoogleOAuth": "provider",
	} {
		x := newFake("GET", "/auth/signin?"+query)
		a.serveAuth(x)
		if x.status != http.StatusSeeOther {
			t.Fatalf("%s: %d", query, x.status)
		}
		var fc *http.Cookie
		for _, c := range x.liveCookies() {
			fc = c
		}
		f, err := a.openFlow(fc.Name, fc.Value)
		if err != nil || f.Method != want {
			t.Errorf("%s: flow method %q, %v", query, f.Method, err)
		}
	}
}
