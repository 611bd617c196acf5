package redisstore_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/internal/redistest"
	redisstore "github.com/ssokit/workosauth/stores/redis"
)

// TestAppsApartOnOneRedis: two apps of different WorkOS environments
// (client IDs, cookie passwords) on one Redis, with the default Prefix,
// standalone and Cluster. Neither opens the other's sessions; a sign-out
// or a RevokeUser in one (of the same profile ID, even) ends nothing in
// the other; their keys are apart.
func TestAppsApartOnOneRedis(t *testing.T) {
	for _, b := range backends(t) {
		for _, mode := range modes {
			t.Run(b.name+"/"+mode.name, func(t *testing.T) {
				one := newInstance(t, b.client(t), instanceOpts{cookieStore: mode.cookies, clientID: "client_one", password: testPassword})
				two := newInstance(t, b.client(t), instanceOpts{cookieStore: mode.cookies, clientID: "client_two", password: strings.Repeat("another-app-password-", 2)})
				s1 := one.signIn(t, "prof_alice")
				s2 := two.signIn(t, "prof_alice")
				one.want(t, "app one, its own session", s1, http.StatusOK)
				two.want(t, "app two, its own session", s2, http.StatusOK)
				two.want(t, "app two, app one's session", s1, http.StatusUnauthorized)
				one.want(t, "app one, app two's session", s2, http.StatusUnauthorized)

				// App one's cookie signed out at app two ends nothing in app one.
				if w := two.signOutAnswer(s1); w.Code != http.StatusSeeOther {
					t.Fatalf("sign-out at app two with app one's cookie: %d", w.Code)
				}
				// RevokeUser in app two, of the same profile ID.
				if err := two.auth.RevokeUser(context.Background(), "prof_alice"); err != nil {
					t.Fatal(err)
				}
				two.want(t, "app two after its RevokeUser", s2, http.StatusUnauthorized)
				fresh := newInstance(t, b.client(t), instanceOpts{cookieStore: mode.cookies, clientID: "client_one", password: testPassword})
				for name, in := range map[string]*instance{"app one": one, "app one, an instance started afterwards": fresh} {
					in.want(t, name+", after app two's sign-out and RevokeUser", s1, http.StatusOK)
				}
				if mode.cookies {
					return
				}
				if b.server != nil {
					keys, err := b.server.Client().Keys(context.Background(), "workosauth:*").Result()
					if err != nil {
						t.Fatal(err)
					}
					for _, k := range keys {
						if !strings.HasPrefix(k, "workosauth:client_one:") && !strings.HasPrefix(k, "workosauth:client_two:") {
							t.Errorf("key %q is under neither app's client ID", k)
						}
					}
				}
			})
		}
	}
}

// TestStoreServesOneApp: a Store bound to one client ID is refused by an
// Auth of another (core.ErrConfig); binding again to the same is fine.
func TestStoreServesOneApp(t *testing.T) {
	st := redisstore.New(redistest.Start(t).Client(), redisstore.Options{})
	cfg := func(id string) core.Config {
		return core.Config{
			ClientID:       id,
			APIKey:         core.NewSecret("sk_test"),
			RedirectURI:    "http://app.test/auth/callback",
			CookiePassword: core.NewSecret(testPassword),
			Sessions:       core.SessionConfig{Store: st},
		}
	}
	a, err := core.New(cfg("client_one"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := core.New(cfg("client_two")); !errors.Is(err, core.ErrConfig) || !strings.Contains(err.Error(), "client_one") {
		t.Fatalf("a store of client_one given to client_two: %v; want ErrConfig naming the client ID", err)
	}
	again, err := core.New(cfg("client_one"))
	if err != nil {
		t.Fatalf("a second Auth of the same app on the store: %v", err)
	}
	again.Close()
}
