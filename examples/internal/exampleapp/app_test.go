package exampleapp

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"html"
	"strings"
	"testing"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

// The examples' settings: their name, WORKOS_WEBHOOK_SECRET as a list
// (trimmed, empty items dropped), and a banner that says what runs.
func TestConfigAndBanner(t *testing.T) {
	t.Setenv("REDIS_URL", "")
	t.Setenv("WORKOS_WEBHOOK_SECRET", " whsec_new , whsec_old ,")
	cfg, closer, err := Config("test")
	if err != nil || closer != nil {
		t.Fatalf("Config: %v, closer %v", err, closer)
	}
	if cfg.Pages.AppName != "workosauth · test" || len(cfg.Events.WebhookSecrets) != 2 || cfg.Events.WebhookSecrets[0].Reveal() != "whsec_new" || cfg.Events.WebhookSecrets[1].Reveal() != "whsec_old" {
		t.Fatalf("config %q, secrets %d", cfg.Pages.AppName, len(cfg.Events.WebhookSecrets))
	}
	emu := workostest.NewServer(t, workostest.Options{})
	cfg.ClientID, cfg.APIKey, cfg.WorkOS.BaseURL = emu.ClientID, core.NewSecret(emu.APIKey), emu.URL
	cfg.RedirectURI, cfg.CookiePassword = "http://127.0.0.1:18080/auth/callback", core.NewSecret(strings.Repeat("p", 32))
	auth, err := core.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	app := New(cfg, auth, "127.0.0.1:18080", emu)
	defer app.Close()
	if b := app.Banner(); !strings.Contains(b, "open http://127.0.0.1:18080/") || !strings.Contains(b, "dev mode") || !strings.Contains(b, "/auth/webhooks") {
		t.Fatalf("banner %q", b)
	}
	t.Setenv("ADDR", "")
	t.Setenv("PORT", "9090")
	if a := Addr(); a != "127.0.0.1:9090" {
		t.Fatalf("Addr %q", a)
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

// The pages' meta CSP allows their one stylesheet and their one script by
// their hashes, and nothing else inline.
func TestPagesCSPHashesTheirStyle(t *testing.T) {
	auth, err := core.New(core.Config{ClientID: "c", APIKey: core.NewSecret("k"), RedirectURI: "http://127.0.0.1:1/auth/callback", CookiePassword: core.NewSecret(strings.Repeat("p", 32))})
	if err != nil {
		t.Fatal(err)
	}
	for _, page := range [][]byte{Home(auth, "t", core.Profile{}, false), Dashboard(context.Background(), auth, core.Profile{Email: "a@b.test", FirstName: "Ann"}),
		Admin(context.Background(), auth, core.Profile{Email: "a@b.test", Role: &core.Role{Slug: "admin"}})} {
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
