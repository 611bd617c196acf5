package e2e

import (
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

// With SameSite Strict a sign-in still lands signed in. The person clicks
// on the identity provider's page (the emulator on 127.0.0.1, another site
// than the app on localhost), so the navigation back is that site's, and a
// redirect from the callback would reach the dashboard without the new
// Strict cookie (this test fails when the callback redirects); the
// callback's page moves the browser on from the app's own site instead.
// The session cookie is not readable from script.
func TestSameSiteStrictSignIn(t *testing.T) {
	needBrowser(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(l.Addr().String())
	origin := "http://localhost:" + port
	wos := workostest.NewServer(t, workostest.Options{RedirectURIs: []string{origin + "/auth/callback"}, ConfirmLoginHint: true})
	auth, err := core.New(core.Config{
		ClientID:       wos.ClientID,
		APIKey:         core.NewSecret(wos.APIKey),
		RedirectURI:    origin + "/auth/callback",
		CookiePassword: core.NewSecret("samesite-strict-password-0123456789abcdef"),
		Cookies:        core.CookieConfig{SameSite: http.SameSiteStrictMode},
		WorkOS:         core.WorkOSConfig{BaseURL: wos.URL},
	})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/auth/", workoshttp.Handler(auth))
	mux.Handle("GET /dashboard", workoshttp.RequireWorkOS(auth)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, _ := workoshttp.Session(r)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!doctype html><html lang="en"><title>d</title><main><h1>dashboard ` + s.Profile.Email + `</h1></main></html>`))
	})))
	srv := &http.Server{Handler: mux}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })

	ctx := newTab(t)
	do(t, ctx, "opening the dashboard", chromedp.Navigate(origin+"/dashboard"))
	onSignInPage(t, ctx)
	typeEmailAndContinue(t, ctx, "alice@acme.test")
	// A click on the identity provider's page: from there on, the
	// navigation is the other site's.
	pick(t, ctx, "Alice Liddell")
	onPage(t, ctx, "/dashboard", "dashboard alice@acme.test")
	cookies, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.cookie`))
	if err != nil || strings.Contains(cookies, "wos-session") {
		t.Errorf("the session cookie is readable from script (%q, %v)", cookies, err)
	}
}
