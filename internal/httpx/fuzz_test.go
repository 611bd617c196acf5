package httpx_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ssokit/workosauth/internal/httpx"
)

// cookieParts splits Cookie header lines as a browser joins them: "; "
// between pairs. It returns the trimmed name of every pair.
func cookieParts(lines []string) []string {
	var out []string
	for _, line := range lines {
		for _, part := range strings.Split(line, ";") {
			n, _, _ := strings.Cut(strings.TrimSpace(part), "=")
			out = append(out, n)
		}
	}
	return out
}

// FuzzCookieValue feeds arbitrary Cookie headers and names to the
// allocation-free scanner every net/http-based adapter reads cookies with.
// It must agree with net/http's own parser on every cookie net/http
// accepts whose name appears once, return a value that is a piece of the
// header with no ';' in it, and agree with CookieNames.
func FuzzCookieValue(f *testing.F) {
	for _, s := range []struct{ header, name string }{
		{"wos-session=abc", "wos-session"},
		{"a=1; wos-session=\"quoted\"; b=2", "wos-session"},
		{"wos-session=; wos-session=second", "wos-session"},
		{"wos-session.0=AAAA;wos-session.1=BBBB", "wos-session.1"},
		{"  wos-session  =  x  ", "wos-session"},
		{"\x00wos-session=x", "wos-session"},
		{"wos-session", "wos-session"},
		{"=x; ==; ;;;", ""},
		{"\u00a0wos-session=nbsp; wos-session=real", "wos-session"},
		{"\vwos-session=vt; wos-session=real", "wos-session"},
		{"__Host-wos-flow-AbC=v1; __Host-wos-flow-dEf=v2", "__Host-wos-flow-dEf"},
	} {
		f.Add(s.header, s.name)
	}
	f.Fuzz(func(t *testing.T, header, name string) {
		lines := strings.Split(header, "\n")
		v, ok := httpx.CookieValue(lines, name)
		if !ok {
			if v != "" {
				t.Fatalf("not found but value %q", v)
			}
		} else {
			if strings.Contains(v, ";") || !strings.Contains(header, v) {
				t.Fatalf("CookieValue(%q, %q) = %q", header, name, v)
			}
		}
		r := &http.Request{Header: http.Header{"Cookie": lines}}
		x := &httpx.Exchange{R: r}
		inNames := false
		for _, n := range x.CookieNames(name) {
			if !strings.HasPrefix(n, name) {
				t.Fatalf("CookieNames(%q) returned %q", name, n)
			}
			inNames = inNames || n == name
		}
		if ok != inNames {
			t.Fatalf("CookieValue found %v but CookieNames lists it %v (header %q, name %q)", ok, inNames, header, name)
		}
		count := 0
		for _, n := range cookieParts(lines) {
			if n == name {
				count++
			}
		}
		if c, err := r.Cookie(name); err == nil && count == 1 {
			if !ok || v != c.Value {
				t.Fatalf("header %q: net/http reads %s=%q, CookieValue reads %q, %v", header, name, c.Value, v, ok)
			}
		}
	})
}
