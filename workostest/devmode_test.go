package workostest_test

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/adapter"
	"github.com/ssokit/workosauth/internal/httpx"
	"github.com/ssokit/workosauth/workostest"
)

// devSettings are the WorkOS settings that keep DevMode out of dev mode,
// each with a value that must never show in its error.
var devSettings = map[string]string{
	"WORKOS_API_KEY":                  "sk_live_1secret",
	"WORKOS_REDIRECT_URI":             "https://app.example.com/auth/callback",
	"WORKOS_REDIRECT_URIS":            "https://preview.example.com/auth/callback",
	"WORKOS_COOKIE_PASSWORD":          strings.Repeat("p", 32),
	"WORKOS_COOKIE_PASSWORD_PREVIOUS": strings.Repeat("q", 32),
	"WORKOS_BASE_URL":                 "https://api.workos.example",
	"WORKOS_COOKIE_DOMAIN":            "example.com",
	"WORKOS_AUTHKIT_ISSUERS":          "https://auth.example.com",
}

// clearWorkOS unsets every WORKOS_* setting for the test.
func clearWorkOS(t *testing.T) {
	t.Helper()
	for _, k := range []string{"WORKOS_CLIENT_ID", "WORKOS_AUTHKIT"} {
		t.Setenv(k, "")
	}
	for k := range devSettings {
		t.Setenv(k, "")
	}
}

// serve serves auth's routes over net/http, as an adapter does.
func serve(auth *core.Auth, r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	adapter.Serve(auth, &httpx.Exchange{W: rec, R: r})
	return rec
}

// With no WorkOS setting at all, DevMode starts the emulator and fills in
// what core.New needs: a sign-in by email goes to the emulator.
func TestDevModeStartsTheEmulator(t *testing.T) {
	for _, authKit := range []string{"", "1"} {
		clearWorkOS(t)
		t.Setenv("WORKOS_AUTHKIT", authKit)
		cfg, emu, err := workostest.DevMode(core.ConfigFromEnv(), ":18080")
		if err != nil || emu == nil {
			t.Fatalf("AuthKit %q: %v, emulator %v", authKit, err, emu)
		}
		defer emu.Close()
		if cfg.ClientID != emu.ClientID || cfg.WorkOS.BaseURL != emu.URL || cfg.RedirectURI != "http://127.0.0.1:18080/auth/callback" || len(cfg.CookiePassword.Reveal()) < 32 {
			t.Fatalf("config: client %q base %q redirect %q", cfg.ClientID, cfg.WorkOS.BaseURL, cfg.RedirectURI)
		}
		auth, err := core.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer auth.Close()
		rec := serve(auth, httptest.NewRequest("GET", "http://127.0.0.1:18080/auth/signin?email=alice@acme.test", nil))
		want := "/sso/authorize?"
		if authKit != "" {
			want = "/user_management/authorize?"
		}
		if loc := rec.Header().Get("Location"); rec.Code != http.StatusSeeOther || !strings.HasPrefix(loc, emu.URL) || !strings.Contains(loc, want) {
			t.Fatalf("AuthKit %q: sign-in in dev mode: %d %q", authKit, rec.Code, loc)
		}
	}
}

// With a client ID the configuration is left alone: no emulator.
func TestDevModeLeavesAConfiguredAppAlone(t *testing.T) {
	clearWorkOS(t)
	t.Setenv("WORKOS_CLIENT_ID", "client_1")
	t.Setenv("WORKOS_API_KEY", "sk_1")
	in := core.ConfigFromEnv()
	cfg, emu, err := workostest.DevMode(in, "127.0.0.1:8080")
	if err != nil || emu != nil || cfg.ClientID != "client_1" || cfg.APIKey.Reveal() != "sk_1" || cfg.WorkOS.BaseURL != "" || cfg.RedirectURI != "" {
		t.Fatalf("DevMode with a client ID: %v, emulator %v, config %q %q", err, emu, cfg.ClientID, cfg.WorkOS.BaseURL)
	}
	clearWorkOS(t)
	cfg, emu, err = workostest.DevMode(core.Config{ClientID: "client_in_code"}, "127.0.0.1:8080")
	if err != nil || emu != nil || cfg.ClientID != "client_in_code" {
		t.Fatalf("DevMode with a client ID in code: %v, emulator %v", err, emu)
	}
}

// Any WorkOS setting without WORKOS_CLIENT_ID refuses dev mode, naming
// WORKOS_CLIENT_ID and the setting but not its value, and starts no
// emulator: production settings with a forgotten client ID must never
// trust the emulator (with the production cookie password).
func TestDevModeRefusesWorkOSSettingsWithoutClientID(t *testing.T) {
	cases := map[string][]string{"production without client ID": {"WORKOS_API_KEY", "WORKOS_REDIRECT_URI", "WORKOS_COOKIE_PASSWORD"}}
	for k := range devSettings {
		cases[k+" alone"] = []string{k}
	}
	for name, set := range cases {
		t.Run(name, func(t *testing.T) {
			clearWorkOS(t)
			for _, k := range set {
				t.Setenv(k, devSettings[k])
			}
			_, emu, err := workostest.DevMode(core.ConfigFromEnv(), "127.0.0.1:8080")
			if err == nil || emu != nil {
				t.Fatalf("dev mode with %v set and no WORKOS_CLIENT_ID: %v, emulator %v", set, err, emu)
			}
			for _, want := range append([]string{"WORKOS_CLIENT_ID"}, set...) {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("the error does not name %s: %v", want, err)
				}
			}
			for _, v := range devSettings {
				if strings.Contains(err.Error(), v) {
					t.Errorf("the error shows a setting's value: %v", err)
				}
			}
		})
	}
	// A credential set in code, not in the environment, counts too.
	clearWorkOS(t)
	if _, emu, err := workostest.DevMode(core.Config{APIKey: core.NewSecret("sk_live_in_code")}, "127.0.0.1:8080"); err == nil || emu != nil || !strings.Contains(err.Error(), "WORKOS_API_KEY") || strings.Contains(err.Error(), "sk_live_in_code") {
		t.Fatalf("an API key in code: %v", err)
	}
}

// With webhook secrets, the emulator delivers its events to the app's
// webhook route, signed as WorkOS would: a removed directory user's
// deletion arrives at /auth/webhooks and verifies.
func TestDevModeDeliversWebhooks(t *testing.T) {
	clearWorkOS(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := core.ConfigFromEnv()
	cfg.Events.WebhookSecrets = []core.Secret{core.NewSecret(" "), core.NewSecret("whsec_dev")}
	cfg, emu, err := workostest.DevMode(cfg, ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	auth, err := core.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer auth.Close()
	got := make(chan int, 4)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := serve(auth, r)
		if r.URL.Path == "/auth/webhooks" {
			got <- rec.Code
		}
		w.WriteHeader(rec.Code)
	}), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	emu.DeleteDirectoryUser("bob@acme.test")
	select {
	case code := <-got:
		if code != http.StatusOK {
			t.Fatalf("the emulator's delivery was answered %d, want 200", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the emulator delivered nothing to /auth/webhooks")
	}
}
