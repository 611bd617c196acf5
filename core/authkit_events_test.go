package core_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/events"
	"github.com/ssokit/workosauth/workostest"
)

const akHookSecret = "whsec_core_authkit_events_0123"

// akSignedIn is a session of one user in one organization: a browser's
// cookies and a Bearer token.
type akSignedIn struct {
	cookies *http.Request
	token   string
}

// akAsk answers GET /api/me for the cookies of s, or for its token.
func akAsk(app *akApp, s akSignedIn, bearer bool) (int, string) {
	r := httptest.NewRequest("GET", "/api/me", nil)
	r.Header.Set("Accept", "application/json")
	if bearer {
		r.Header.Set("Authorization", "Bearer "+s.token)
	} else {
		for _, c := range s.cookies.Cookies() {
			r.AddCookie(c)
		}
	}
	w := httptest.NewRecorder()
	app.srv.Config.Handler.ServeHTTP(w, r)
	return w.Code, w.Body.String()
}

// TestAuthKitEventDetails: what the two-instance tests (stores/redis)
// leave out. A membership updated to a status other than active ends the
// user's sessions in its organization; a role.updated that names its
// organization refreshes only that organization's sessions holding the
// role, an environment role's refreshes them in every organization; the
// others are untouched (not refreshed, their tokens taken).
func TestAuthKitEventDetails(t *testing.T) {
	const acme, globex = "org_01DEMOACME", "org_01DEMOGLOBEX"
	cases := []struct {
		name      string
		typ       string
		data      func(userID string) map[string]any
		ended     []string // sessions refused, cookie and Bearer
		refreshed []string // cookie sessions refreshed, Bearer tokens refused
	}{
		{"membership deactivated", events.OrganizationMembershipUpdated, func(u string) map[string]any {
			return map[string]any{"object": "organization_membership", "id": "om_1", "user_id": u, "organization_id": acme, "status": "inactive", "role": map[string]any{"slug": "admin"}}
		}, []string{"alice@acme"}, nil},
		{"organization role", events.RoleUpdated, func(string) map[string]any {
			return map[string]any{"object": "role", "slug": "member", "type": "OrganizationRole", "organization_id": globex, "permissions": []string{"x:y"}}
		}, nil, []string{"alice@globex"}},
		{"environment role", events.RoleUpdated, func(string) map[string]any {
			return map[string]any{"object": "role", "slug": "member", "type": "EnvironmentRole", "permissions": []string{"x:y"}}
		}, nil, []string{"alice@globex", "bob@acme"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := newAKApp(t, nil, nil, func(cfg *core.Config) { cfg.Events.WebhookSecrets = []core.Secret{core.NewSecret(akHookSecret)} })
			app.emu.AddWebhookEndpoint(app.srv.URL+"/auth/webhooks", akHookSecret)
			sessions := map[string]akSignedIn{}
			for name, who := range map[string][2]string{"alice@acme": {"alice@acme.test", acme}, "alice@globex": {"alice@acme.test", globex}, "bob@acme": {"bob@acme.test", acme}} {
				token, err := app.emu.AccessToken(who[0], who[1])
				if err != nil {
					t.Fatal(err)
				}
				sessions[name] = akSignedIn{app.emu.AuthKitSignIn(app.auth, httptest.NewRequest("GET", "/", nil), who[0], who[1]), token}
			}
			before := map[string]string{}
			for name, s := range sessions {
				st, body := akAsk(app, s, false)
				if st != http.StatusOK {
					t.Fatalf("%s before: %d", name, st)
				}
				before[name] = body
			}
			app.clock.advance(2 * time.Second) // a later second than the tokens' iat
			refreshes := app.emu.RefreshCount()
			var aliceID string
			for _, u := range app.emu.AuthKitUsers() {
				if u.Email == "alice@acme.test" {
					aliceID = u.ID
				}
			}
			if _, err := app.emu.RecordEvent(c.typ, c.data(aliceID)); err != nil {
				t.Fatal(err)
			}
			for name, s := range sessions {
				cookie, _ := akAsk(app, s, false)
				bearer, body := akAsk(app, s, true)
				switch {
				case slices.Contains(c.ended, name):
					if cookie != http.StatusUnauthorized || bearer != http.StatusUnauthorized {
						t.Errorf("%s: cookie %d, Bearer %d; want both ended (401)", name, cookie, bearer)
					}
				case slices.Contains(c.refreshed, name):
					if cookie != http.StatusOK || bearer != http.StatusUnauthorized {
						t.Errorf("%s: cookie %d, Bearer %d %s; want the cookie refreshed (200) and the token refused", name, cookie, bearer, body)
					}
				default:
					if st, now := akAsk(app, s, false); cookie != http.StatusOK || bearer != http.StatusOK || st != http.StatusOK || now != before[name] {
						t.Errorf("%s: cookie %d, Bearer %d, %q; want both untouched (200, %q)", name, cookie, bearer, now, before[name])
					}
				}
			}
			if n := app.emu.RefreshCount() - refreshes; n != len(c.refreshed) {
				t.Fatalf("%d refreshes at WorkOS, want %d (one per cookie session marked)", n, len(c.refreshed))
			}
		})
	}
}

// TestAuthKitEventsIgnoredWithoutAuthKit: an app that signs in through
// SSO acts on no AuthKit event, even one naming a profile ID it knows.
func TestAuthKitEventsIgnoredWithoutAuthKit(t *testing.T) {
	auth, err := core.New(core.Config{
		ClientID:       "client_123",
		APIKey:         core.NewSecret("sk_test_123"),
		RedirectURI:    "http://app.test/auth/callback",
		CookiePassword: core.NewSecret(akPassword),
		Events:         core.EventConfig{WebhookSecrets: []core.Secret{core.NewSecret(akHookSecret)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer auth.Close()
	alice, _ := workostest.DemoProfile("alice@acme.test")
	signedIn := workostest.SignIn(auth, httptest.NewRequest("GET", "/me", nil), alice)
	mux := http.NewServeMux()
	mux.Handle("/auth/", workoshttp.Handler(auth))
	mux.Handle("/me", workoshttp.RequireWorkOS(auth)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})))
	e, err := workostest.NewEvent(events.UserDeleted, map[string]any{"object": "user", "id": alice.ID})
	if err != nil {
		t.Fatal(err)
	}
	req, err := workostest.WebhookRequest("http://app.test/auth/webhooks", akHookSecret, e, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, req)
	if w.Code != http.StatusOK {
		t.Fatalf("the delivery: %d", w.Code)
	}
	signedIn.Header.Set("Accept", "application/json")
	w = httptest.NewRecorder()
	mux.ServeHTTP(w, signedIn.WithContext(context.Background()))
	if w.Code != http.StatusOK {
		t.Fatalf("an SSO session after user.deleted naming its profile ID: %d, want 200", w.Code)
	}
}
