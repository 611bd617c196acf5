package core

import (
	"net/http"
	"strconv"
	"testing"
)

// TestHardeningCookieWorkIsBounded: however many flow cookies, or copies
// of the session's chunk names, a request carries, core looks at a bounded
// number of them and answers with a bounded number of Set-Cookie lines.
// (adapters/nethttp's TestHardeningCookieFlood shows the time this saves:
// a minute of CPU for one request before.)
func TestHardeningCookieWorkIsBounded(t *testing.T) {
	a := newTestAuth(t, func(c *Config) { c.SignIn.Connection = "conn_01ACME" })
	var flows, chunks []*http.Cookie
	for i := 0; i < 5000; i++ {
		flows = append(flows, &http.Cookie{Name: "wos-flow-" + strconv.Itoa(i), Value: "v"})
		chunks = append(chunks, &http.Cookie{Name: "wos-session." + strconv.Itoa(i%4), Value: "v"},
			&http.Cookie{Name: "wos-session", Value: "v"})
	}
	limit := a.cfg.SignIn.MaxFlows + maxExtraFlowCookies + 1

	x := newFake("GET", "/auth/signin").withCookies(flows...)
	a.serveAuth(x)
	if x.status != http.StatusSeeOther || len(x.setCooks) > limit {
		t.Fatalf("sign-in start: %d with %d Set-Cookie lines, want at most %d", x.status, len(x.setCooks), limit)
	}
	for _, cs := range [][]*http.Cookie{flows, chunks, append(flows, chunks...)} {
		x = newFake("POST", "/auth/signout").withCookies(cs...)
		a.serveAuth(x)
		if x.status != http.StatusSeeOther || len(x.setCooks) > limit+maxChunks+1 {
			t.Fatalf("sign-out: %d with %d Set-Cookie lines", x.status, len(x.setCooks))
		}
		seen := map[string]bool{}
		for _, c := range x.setCooks {
			if seen[c.Name] {
				t.Fatalf("sign-out deletes %s twice", c.Name)
			}
			seen[c.Name] = true
		}
	}
	// A new session over many copies of stale chunks deletes each once.
	x = newFake("GET", "/").withCookies(chunks...)
	if err := a.setSession(x, a.newSession(alice())); err != nil {
		t.Fatal(err)
	}
	if len(x.setCooks) > maxChunks+1 {
		t.Fatalf("setting a session wrote %d cookies", len(x.setCooks))
	}
}

// TestHardeningOffOrigin: a browser is sent to the configured origin
// before a sign-in only when it came on another name of the same server
// (localhost vs 127.0.0.1, same port) or, from a trusted proxy, on
// another host or scheme; a loopback host on another port is a proxy in
// front of the app, and sending the browser on would loop.
func TestHardeningOffOrigin(t *testing.T) {
	for _, tt := range []struct {
		redirect string
		host     string
		trusted  []string
		header   http.Header
		off      bool
	}{
		{"http://127.0.0.1:8080/auth/callback", "127.0.0.1:8080", nil, nil, false},
		{"http://127.0.0.1:8080/auth/callback", "localhost:8080", nil, nil, true},
		{"http://127.0.0.1:8080/auth/callback", "LOCALHOST:8080", nil, nil, true},
		{"http://127.0.0.1:8080/auth/callback", "[::1]:8080", nil, nil, true},
		{"http://localhost:8080/auth/callback", "127.0.0.1:8080", nil, nil, true},
		{"http://127.0.0.1/auth/callback", "localhost", nil, nil, true},
		{"http://127.0.0.1/auth/callback", "localhost:80", nil, nil, true},
		{"https://localhost/auth/callback", "127.0.0.1:443", nil, nil, true},
		{"https://localhost:8443/auth/callback", "127.0.0.1:8080", nil, nil, false},
		{"https://localhost/auth/callback", "localhost:8080", nil, nil, false},
		{"http://127.0.0.1:8080/auth/callback", "127.0.0.1:9090", nil, nil, false},
		{"http://127.0.0.1:8080/auth/callback", "evil.test", nil, nil, false},
		{"https://app.example.com/auth/callback", "internal:8080", nil, nil, false},
		{"https://app.example.com/auth/callback", "localhost:8080", nil, nil, false},
		{"https://app.example.com/auth/callback", "app.example.com", nil, http.Header{"X-Forwarded-Host": {"evil.test"}}, false},
		{"https://app.example.com/auth/callback", "app.example.com", []string{"192.0.2.0/24"}, http.Header{"X-Forwarded-Host": {"evil.test"}}, true},
		{"https://app.example.com/auth/callback", "internal:8080", []string{"192.0.2.1"}, http.Header{"X-Forwarded-Host": {"app.example.com"}, "X-Forwarded-Proto": {"https"}}, false},
		{"https://app.example.com/auth/callback", "app.example.com", []string{"192.0.2.1"}, http.Header{"X-Forwarded-Proto": {"http"}}, true},
		{"https://app.example.com/auth/callback", "app.example.com", []string{"10.0.0.0/8"}, http.Header{"X-Forwarded-Proto": {"http"}}, false},
	} {
		a := newTestAuth(t, func(c *Config) { c.RedirectURI = tt.redirect; c.Cookies.TrustedProxies = tt.trusted })
		x := newFake("GET", "/auth/signin")
		x.host = tt.host
		for k, v := range tt.header {
			x.header[k] = v
		}
		if got := a.offOrigin(x); got != tt.off {
			t.Errorf("RedirectURI %s, Host %s, trusted %v, %v: offOrigin = %v, want %v", tt.redirect, tt.host, tt.trusted, tt.header, got, tt.off)
		}
	}
}
