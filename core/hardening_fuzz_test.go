package core_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

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
	_, smallCookies, err := workostest.SessionCookies(context.Background(), auth, small)
	if err != nil || len(smallCookies) != 1 {
		f.Fatalf("small session: %d cookies, %v", len(smallCookies), err)
	}
	_, bigCookies, err := workostest.SessionCookies(context.Background(), auth, big)
	if err != nil || len(bigCookies) != 2 {
		f.Fatalf("big session: %d cookies, %v", len(bigCookies), err)
	}
	whole := smallCookies[0].Value
	c0, c1 := bigCookies[0].Value, bigCookies[1].Value
	h := requireWorkOS(auth)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := core.ProfileFrom(r.Context())
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
