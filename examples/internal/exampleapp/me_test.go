package exampleapp

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

func TestMeAuthKit(t *testing.T) {
	emu := workostest.NewServer(t, workostest.Options{RedirectURIs: []string{"http://127.0.0.1:1/auth/callback"}})
	auth, err := core.New(core.Config{
		ClientID:       emu.ClientID,
		APIKey:         core.NewSecret(emu.APIKey),
		RedirectURI:    "http://127.0.0.1:1/auth/callback",
		CookiePassword: core.NewSecret(strings.Repeat("p", 32)),
		WorkOS:         core.WorkOSConfig{BaseURL: emu.URL},
		AuthKit:        core.AuthKitConfig{Enabled: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	emu.Impersonate("support@workos.test", "ticket")
	var me map[string]any
	var page string
	h := workoshttp.RequireWorkOS(auth, GuardOptions(true)...)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := workoshttp.Profile(r)
		raw, _ := json.Marshal(Me(r.Context(), p))
		json.Unmarshal(raw, &me)
		page = string(Dashboard(r.Context(), auth, p))
	}))
	h.ServeHTTP(httptest.NewRecorder(), emu.AuthKitSignIn(auth, httptest.NewRequest("GET", "/api/me", nil), "alice@acme.test", "org_01DEMOACME"))
	imp, _ := me["impersonator"].(map[string]any)
	if me["id"] != "user_01DEMOALICE" || me["email"] != "alice@acme.test" || me["organization_id"] != "org_01DEMOACME" || me["role"] != "admin" ||
		me["email_verified"] != true || me["profile_picture_url"] != nil || imp["email"] != "support@workos.test" {
		t.Fatalf("Me: %v", me)
	}
	if !strings.Contains(page, "You are impersonating") || !strings.Contains(page, "switch-organization") {
		t.Fatalf("the dashboard shows no impersonation banner or organization switch")
	}
	// A Bearer token: the user ID, no email.
	tok, _ := emu.AccessToken("bob@acme.test", "org_01DEMOACME")
	req := httptest.NewRequest("GET", "/api/me", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	me = nil
	h.ServeHTTP(httptest.NewRecorder(), req)
	if me["id"] != "user_01DEMOBOB" || me["organization_id"] != "org_01DEMOACME" || me["email"] != nil {
		t.Fatalf("Me of a Bearer token: %v", me)
	}
}
