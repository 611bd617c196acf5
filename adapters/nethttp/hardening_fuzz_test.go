package workoshttp_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ssokit/workosauth/adapters/internal/httpx"
	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
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

// FuzzGuardCookieHeader sends arbitrary Cookie headers to a guarded route
// through the net/http adapter. Nothing but the real session (whole or in
// its chunks) gets through, and nothing panics or answers 5xx.
func FuzzGuardCookieHeader(f *testing.F) {
	auth, err := core.New(core.Config{ClientID: "client_1", APIKey: core.NewSecret("sk_1"), RedirectURI: "http://127.0.0.1:8080/auth/callback",
		CookiePassword: core.NewSecret("0123456789abcdef0123456789abcdef-fuzz")})
	if err != nil {
		f.Fatal(err)
	}
	small, _ := workostest.DemoProfile("alice@acme.test")
	big := small
	for i := 0; i < 80; i++ {
		big.Groups = append(big.Groups, "a-group-with-a-rather-long-name-number-"+strings.Repeat("z", i%5))
	}
	_, smallCookies, err := auth.SessionCookies(context.Background(), small)
	if err != nil || len(smallCookies) != 1 {
		f.Fatalf("small session: %d cookies, %v", len(smallCookies), err)
	}
	_, bigCookies, err := auth.SessionCookies(context.Background(), big)
	if err != nil || len(bigCookies) != 2 {
		f.Fatalf("big session: %d cookies, %v", len(bigCookies), err)
	}
	whole := smallCookies[0].Value
	c0, c1 := bigCookies[0].Value, bigCookies[1].Value
	h := workoshttp.RequireWorkOS(auth)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := workoshttp.Profile(r)
		if !ok || p.ID != small.ID {
			http.Error(w, "guard let a request through without the sealed profile", http.StatusTeapot)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	for _, s := range []string{
		"wos-session=" + whole,
		"wos-session.0=" + c0 + "; wos-session.1=" + c1,
		"wos-session.1=" + c1 + "; wos-session.0=" + c0,
		"wos-session.0=" + c0 + "; wos-session.1=" + c1 + "; wos-session.2=AAAA",
		"wos-session=\"" + whole + "\"",
		"wos-session=" + whole[:len(whole)-1],
		"wos-session=; wos-session.0=" + c0,
		"wos-session=x" + strings.Repeat("; wos-flow-a=b", 50),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		req := httptest.NewRequest("GET", "/dashboard", nil)
		req.Header["Cookie"] = []string{header}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK, http.StatusUnauthorized, http.StatusSeeOther:
			// 200 only with the profile this target sealed (the handler
			// answers 418 otherwise). The seeds come from whichever
			// process ran the setup, each sealing with a fresh nonce, so
			// the tokens are not compared byte for byte here; seal's
			// FuzzOpen and the bit-flip test cover forgery.
		default:
			t.Fatalf("Cookie %q: answer %d %s", header, rec.Code, rec.Body)
		}
	})
}
