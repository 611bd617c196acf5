package exampleapp

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ssokit/workosauth/core"
)

func TestLoadDevModeStartsEmulator(t *testing.T) {
	for _, k := range []string{"WORKOS_CLIENT_ID", "WORKOS_API_KEY", "WORKOS_REDIRECT_URI", "WORKOS_COOKIE_PASSWORD", "WORKOS_BASE_URL", "PORT"} {
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
	auth, err := core.New(core.Config{ClientID: "c", APIKey: "k", RedirectURI: "http://127.0.0.1:1/auth/callback", CookiePassword: strings.Repeat("p", 32)})
	if err != nil {
		t.Fatal(err)
	}
	page := string(Dashboard(t.Context(), auth, core.Profile{Email: "<script>x</script>@acme.test", FirstName: "<b>"}))
	if strings.Contains(page, "<script>x") || !strings.Contains(page, "&lt;b&gt;") || !strings.Contains(page, `action="/auth/signout"`) {
		t.Fatalf("dashboard page: %s", page)
	}
}
