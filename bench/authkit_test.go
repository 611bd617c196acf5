package bench

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

// authKitAuth returns an AuthKit Auth against an emulator on loopback.
func authKitAuth(b *testing.B) (*core.Auth, *workostest.Server) {
	emu := workostest.NewServer(b, workostest.Options{RedirectURIs: []string{benchRedirectURI}})
	auth := newAuth(b, func(c *core.Config) {
		c.ClientID, c.APIKey, c.WorkOS.BaseURL, c.AuthKit.Enabled = emu.ClientID, core.NewSecret(emu.APIKey), emu.URL, true
	})
	return auth, emu
}

// BenchmarkAuthKitGuard is the AuthKit hot path beside BenchmarkGuard's
// SSO one: a request whose session (cookie) or access token (Bearer) the
// process has seen before, so a cache hit, through each adapter's
// RequireWorkOS with AcceptBearer.
func BenchmarkAuthKitGuard(b *testing.B) {
	for _, rt := range routers {
		b.Run("cookie-"+rt.name, func(b *testing.B) {
			auth, emu := authKitAuth(b)
			r := emu.AuthKitSignIn(auth, httptest.NewRequest(http.MethodGet, guardedPath, nil), aliceEmail, "org_01DEMOACME")
			r.Header.Set("Accept", "application/json")
			pr := &probe{}
			serve, inspect := rt.guard(auth, pr, core.AcceptBearer()).prepare(r)
			pr.arm()
			serve()
			expectAnswer(b, inspect, http.StatusOK, "")
			pr.expect(b, aliceEmail)
			measure(b, serve)
		})
		b.Run("bearer-"+rt.name, func(b *testing.B) {
			auth, emu := authKitAuth(b)
			tok, err := emu.AccessToken(aliceEmail, "org_01DEMOACME")
			if err != nil {
				b.Fatal(err)
			}
			r := httptest.NewRequest(http.MethodGet, guardedPath, nil)
			r.Header.Set("Accept", "application/json")
			r.Header.Set("Authorization", "Bearer "+tok)
			pr := &probe{}
			serve, inspect := rt.guard(auth, pr, core.AcceptBearer()).prepare(r)
			pr.arm()
			serve()
			expectAnswer(b, inspect, http.StatusOK, "")
			pr.expect(b, "") // a token carries no email
			measure(b, serve)
		})
	}
}

// BenchmarkAuthKitRefresh is one transparent refresh over loopback: the
// guard finds the access token expired, exchanges the refresh token at
// the emulator (grant_type refresh_token), verifies the new token (RS256)
// and seals the new session cookie. The emulator mints tokens that are
// already expired, so every request refreshes.
func BenchmarkAuthKitRefresh(b *testing.B) {
	auth, emu := authKitAuth(b)
	defer emu.SetAccessTokenTTL(-1)()
	r := emu.AuthKitSignIn(auth, httptest.NewRequest(http.MethodGet, guardedPath, nil), aliceEmail, "org_01DEMOACME")
	r.Header.Set("Accept", "application/json")
	h := workoshttp.RequireWorkOS(auth)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	name := cookieName(auth)
	next := func() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatalf("refresh answered %d", w.Code)
		}
		for _, c := range w.Result().Cookies() {
			if strings.HasPrefix(c.Name, name) {
				r.Header.Del("Cookie")
				r.AddCookie(c)
			}
		}
	}
	next()
	before := emu.RefreshCount()
	measure(b, next)
	if emu.RefreshCount()-before < b.N {
		b.Fatalf("%d refreshes for %d requests", emu.RefreshCount()-before, b.N)
	}
}
