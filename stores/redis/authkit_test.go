package redisstore_test

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/internal/redistest"
	redisstore "github.com/ssokit/workosauth/stores/redis"
	"github.com/ssokit/workosauth/workostest"
)

// TestAuthKitRefreshAcrossInstances: two instances on one Redis get the
// same AuthKit session at once with an expired access token. WorkOS's
// refresh tokens are single use; the instances share the outcome through
// the store instead of signing the user out: every request is answered
// 200, and the session goes on (a second expiry refreshes again) on both.
func TestAuthKitRefreshAcrossInstances(t *testing.T) {
	srv := redistest.Start(t)
	const redirect = "http://app.test/auth/callback"
	clock := &shiftClock{} // the emulator's and both instances': expiry by the clock, not by sleeps
	emu := workostest.NewServer(t, workostest.Options{RedirectURIs: []string{redirect}, Now: clock.now})
	var apps []http.Handler
	var auths []*core.Auth
	for range 2 {
		auth, err := core.New(core.Config{
			ClientID:       emu.ClientID,
			APIKey:         core.NewSecret(emu.APIKey),
			RedirectURI:    redirect,
			CookiePassword: core.NewSecret(testPassword),
			Now:            clock.now,
			Sessions:       core.SessionConfig{Store: redisstore.New(srv.Client(), redisstore.Options{})},
			WorkOS:         core.WorkOSConfig{BaseURL: emu.URL},
			AuthKit:        core.AuthKitConfig{Enabled: true},
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { auth.Close() })
		auths = append(auths, auth)
		apps = append(apps, workoshttp.RequireWorkOS(auth)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p, _ := workoshttp.Profile(r)
			w.Write([]byte(p.Email))
		})))
	}
	signedIn := emu.AuthKitSignIn(auths[0], httptest.NewRequest("GET", "http://app.test/api/me", nil), "alice@acme.test", "org_01DEMOACME")
	ask := func(i int) (int, string) {
		r := signedIn.Clone(signedIn.Context())
		r.Header.Set("Accept", "application/json")
		w := httptest.NewRecorder()
		apps[i].ServeHTTP(w, r)
		return w.Code, w.Body.String()
	}
	for i := range apps {
		if st, body := ask(i); st != http.StatusOK || body != "alice@acme.test" {
			t.Fatalf("instance %d before expiry: %d %q", i, st, body)
		}
	}
	for round := range 2 {
		clock.advance(6 * time.Minute) // past the access token's exp (5 minutes)
		before := emu.RefreshCount()
		var wg sync.WaitGroup
		statuses := make(chan int, 20)
		for i := range 20 {
			wg.Go(func() {
				st, _ := ask(i % 2)
				statuses <- st
			})
		}
		wg.Wait()
		close(statuses)
		for st := range statuses {
			if st != http.StatusOK {
				t.Fatalf("round %d: a request racing the refresh on two instances answered %d; want 200 (a lost race must not sign the user out)", round, st)
			}
		}
		if n := emu.RefreshCount() - before; n < 1 || n > 2 {
			t.Fatalf("round %d: %d refreshes at WorkOS for one session on two instances, want 1 or 2", round, n)
		}
		for i := range apps {
			if st, _ := ask(i); st != http.StatusOK {
				t.Fatalf("round %d: instance %d after the refresh: %d", round, i, st)
			}
		}
	}
}
