package core_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
)

// TestAuthKitSessionUnderSSOMode: an app switched from AuthKit to SSO
// (same password and client) signs out the AuthKit sessions it finds,
// whose access tokens it could no longer keep fresh, instead of keeping
// them alive unchecked; the AuthKit app itself keeps them.
func TestAuthKitSessionUnderSSOMode(t *testing.T) {
	app := newAKApp(t, nil, nil, nil)
	b := app.browser()
	b.signIn(url.Values{"email": {"alice@acme.test"}})
	if status, _ := b.me(); status != http.StatusOK {
		t.Fatalf("AuthKit app: /api/me = %d after signing in", status)
	}
	u, _ := url.Parse(app.srv.URL)
	cookies := b.c.Jar.Cookies(u)
	if len(cookies) == 0 {
		t.Fatal("no session cookie after signing in")
	}
	sso, err := core.New(core.Config{
		ClientID:       app.emu.ClientID,
		APIKey:         core.NewSecret(app.emu.APIKey),
		RedirectURI:    app.srv.URL + "/auth/callback",
		CookiePassword: core.NewSecret(akPassword),
		Now:            app.clock.now,
		Logger:         slog.New(slog.NewTextHandler(t.Output(), nil)),
		WorkOS:         core.WorkOSConfig{BaseURL: app.emu.URL},
	})
	if err != nil {
		t.Fatal(err)
	}
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	for _, tc := range []struct {
		name string
		auth *core.Auth
		want int
	}{
		{"AuthKit mode keeps it", app.auth, http.StatusNoContent},
		{"SSO mode signs it out", sso, http.StatusUnauthorized},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, app.srv.URL+"/private", nil)
			req.Header.Set("Accept", "application/json")
			for _, c := range cookies {
				req.AddCookie(c)
			}
			rec := httptest.NewRecorder()
			workoshttp.RequireWorkOS(tc.auth)(ok).ServeHTTP(rec, req)
			if rec.Code != tc.want {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.want, rec.Body)
			}
		})
	}
}

// workostest's AuthKitSignIn refuses an Auth that signs in through SSO,
// which would sign the session out, with an error naming the setting.
func TestAuthKitSignInNeedsAuthKitMode(t *testing.T) {
	app := newAKApp(t, nil, nil, nil)
	sso, err := core.New(core.Config{
		ClientID:       app.emu.ClientID,
		APIKey:         core.NewSecret(app.emu.APIKey),
		RedirectURI:    app.srv.URL + "/auth/callback",
		CookiePassword: core.NewSecret(akPassword),
		WorkOS:         core.WorkOSConfig{BaseURL: app.emu.URL},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if msg := fmt.Sprint(recover()); !strings.Contains(msg, "AuthKit.Enabled") {
			t.Fatalf("AuthKitSignIn on an SSO Auth: %q, want a refusal naming AuthKit.Enabled", msg)
		}
	}()
	app.emu.AuthKitSignIn(sso, httptest.NewRequest(http.MethodGet, "/", nil), "alice@acme.test", "")
}
