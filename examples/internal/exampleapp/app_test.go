package exampleapp

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ssokit/workosauth/core"
)

func TestLoadDevModeStartsEmulator(t *testing.T) {
	for _, k := range []string{"WORKOS_CLIENT_ID", "WORKOS_API_KEY", "WORKOS_REDIRECT_URI", "WORKOS_COOKIE_PASSWORD", "WORKOS_COOKIE_PASSWORD_PREVIOUS", "WORKOS_BASE_URL", "PORT"} {
		t.Setenv(k, "")
	}
	t.Setenv("ADDR", "127.0.0.1:18080")
	app, err := Load("test")
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	if !app.DevMode || app.Auth.Origin() != "http://127.0.0.1:18080" || !strings.Contains(app.Banner(), "dev mode") {
		t.Fatalf("dev mode %v origin %q banner %q", app.DevMode, app.Auth.Origin(), app.Banner())
	}
	// the emulator answers the Organizations lookup of a sign-in by email
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "http://127.0.0.1:18080/auth/signin?email=alice@acme.test", nil)
	app.Auth.ServeAuth(&recorderExchange{rec: rec, req: req})
	if rec.Code != http.StatusSeeOther || !strings.Contains(rec.Header().Get("Location"), "/sso/authorize?") {
		t.Fatalf("sign-in in dev mode: %d %q %s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
}

// TestLoadRefusesDevModeWithWorkOSSettings: any WorkOS setting without
// WORKOS_CLIENT_ID refuses to start, naming WORKOS_CLIENT_ID, and starts
// no emulator. (Before, production settings with a forgotten client ID
// started dev mode, trusting the emulator, with the production cookie
// password.)
func TestLoadRefusesDevModeWithWorkOSSettings(t *testing.T) {
	all := map[string]string{
		"WORKOS_API_KEY":                  "sk_live_1",
		"WORKOS_REDIRECT_URI":             "https://app.example.com/auth/callback",
		"WORKOS_COOKIE_PASSWORD":          strings.Repeat("p", 32),
		"WORKOS_COOKIE_PASSWORD_PREVIOUS": strings.Repeat("q", 32),
		"WORKOS_BASE_URL":                 "https://api.workos.com",
	}
	cases := map[string][]string{"production without client ID": {"WORKOS_API_KEY", "WORKOS_REDIRECT_URI", "WORKOS_COOKIE_PASSWORD"}}
	for k := range all {
		cases[k+" alone"] = []string{k}
	}
	for name, set := range cases {
		t.Run(name, func(t *testing.T) {
			for _, k := range []string{"WORKOS_CLIENT_ID", "WORKOS_API_KEY", "WORKOS_REDIRECT_URI", "WORKOS_COOKIE_PASSWORD", "WORKOS_COOKIE_PASSWORD_PREVIOUS", "WORKOS_BASE_URL", "PORT"} {
				t.Setenv(k, "")
			}
			t.Setenv("ADDR", "127.0.0.1:18081")
			for _, k := range set {
				t.Setenv(k, all[k])
			}
			app, err := Load("test")
			if err == nil {
				app.Close()
				t.Fatalf("started (dev mode %v) with %v set and no WORKOS_CLIENT_ID", app.DevMode, set)
			}
			if !strings.Contains(err.Error(), "WORKOS_CLIENT_ID") || !strings.Contains(err.Error(), set[0]) {
				t.Errorf("the error does not name WORKOS_CLIENT_ID and %s: %v", set[0], err)
			}
			for _, v := range all {
				if strings.Contains(err.Error(), v) {
					t.Errorf("the error shows a setting's value: %v", err)
				}
			}
		})
	}
}

func TestLoadWithWorkOSSettings(t *testing.T) {
	t.Setenv("WORKOS_CLIENT_ID", "client_1")
	t.Setenv("WORKOS_API_KEY", "sk_1")
	t.Setenv("WORKOS_REDIRECT_URI", "https://app.example.com/auth/callback")
	t.Setenv("WORKOS_COOKIE_PASSWORD", strings.Repeat("p", 32))
	t.Setenv("ADDR", "")
	t.Setenv("PORT", "9090")
	app, err := Load("test")
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	if app.DevMode || app.Addr != "127.0.0.1:9090" || app.Auth.Origin() != "https://app.example.com" {
		t.Fatalf("app %+v", app)
	}
	t.Setenv("WORKOS_COOKIE_PASSWORD", "short")
	if _, err := Load("test"); err == nil {
		t.Fatal("a short cookie password was accepted")
	}
}

func TestPagesEscapeProfile(t *testing.T) {
	auth, err := core.New(core.Config{ClientID: "c", APIKey: core.NewSecret("k"), RedirectURI: "http://127.0.0.1:1/auth/callback", CookiePassword: core.NewSecret(strings.Repeat("p", 32))})
	if err != nil {
		t.Fatal(err)
	}
	page := string(Dashboard(t.Context(), auth, core.Profile{Email: "<script>x</script>@acme.test", FirstName: "<b>"}))
	if strings.Contains(page, "<script>x") || !strings.Contains(page, "&lt;b&gt;") || !strings.Contains(page, `action="/auth/signout"`) {
		t.Fatalf("dashboard page: %s", page)
	}
}

func TestWebhookSecretEnablesTheRouteAndDevDelivery(t *testing.T) {
	for _, k := range []string{"WORKOS_CLIENT_ID", "WORKOS_API_KEY", "WORKOS_REDIRECT_URI", "WORKOS_COOKIE_PASSWORD", "WORKOS_BASE_URL", "PORT"} {
		t.Setenv(k, "")
	}
	t.Setenv("ADDR", "127.0.0.1:18081")
	post := func(app *App) int {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("POST", "http://127.0.0.1:18081/auth/webhooks", strings.NewReader(`{}`))
		app.Auth.ServeAuth(&recorderExchange{rec: rec, req: req})
		return rec.Code
	}
	t.Setenv("WORKOS_WEBHOOK_SECRET", "")
	app, err := Load("test")
	if err != nil {
		t.Fatal(err)
	}
	if st := post(app); st != http.StatusNotFound {
		t.Errorf("without WORKOS_WEBHOOK_SECRET: %d, want 404", st)
	}
	app.Close()

	t.Setenv("WORKOS_WEBHOOK_SECRET", " whsec_new , whsec_old ,")
	app, err = Load("test")
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	if st := post(app); st != http.StatusBadRequest { // unsigned: refused, but the route is there
		t.Errorf("with WORKOS_WEBHOOK_SECRET, an unsigned delivery: %d, want 400", st)
	}
	if !strings.Contains(app.Banner(), "/auth/webhooks") {
		t.Errorf("banner %q does not mention the webhooks", app.Banner())
	}
	got := webhookSecrets()
	if len(got) != 2 || got[0] != "whsec_new" || got[1] != "whsec_old" {
		t.Errorf("secrets %q", got)
	}
}

// The pages' meta CSP allows their one stylesheet and their one script by
// their hashes, and nothing else inline.
func TestPagesCSPHashesTheirStyle(t *testing.T) {
	auth, err := core.New(core.Config{ClientID: "c", APIKey: core.NewSecret("k"), RedirectURI: "http://127.0.0.1:1/auth/callback", CookiePassword: core.NewSecret(strings.Repeat("p", 32))})
	if err != nil {
		t.Fatal(err)
	}
	for _, page := range [][]byte{Home(auth, "t", core.Profile{}, false), Dashboard(context.Background(), auth, core.Profile{Email: "a@b.test", FirstName: "Ann"})} {
		body := string(page)
		start := strings.Index(body, "<style>") + len("<style>")
		css := body[start:strings.Index(body, "</style>")]
		sum := sha256.Sum256([]byte(css))
		want := "style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
		js := body[strings.Index(body, "<script>")+len("<script>") : strings.Index(body, "</script>")]
		jsSum := sha256.Sum256([]byte(js))
		wantJS := "script-src 'sha256-" + base64.StdEncoding.EncodeToString(jsSum[:]) + "'"
		if !strings.Contains(html.UnescapeString(body), want) || !strings.Contains(html.UnescapeString(body), wantJS) || strings.Count(body, "<script") != 1 || strings.Count(body, "<style") != 1 {
			t.Fatalf("CSP does not hash the style (%s):\n%s", want, body)
		}
	}
	if d := string(Dashboard(context.Background(), auth, core.Profile{Email: "a@b.test", FirstName: "Ann", LastName: "Lee"})); !strings.Contains(d, "Welcome, Ann Lee") || !strings.Contains(d, `action="/auth/signout"`) {
		t.Fatalf("dashboard: %s", d)
	}
}
