package redisstore_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	redisstore "github.com/ssokit/workosauth/stores/redis"
)

// The organizations of the demo seed the AuthKit event tests use.
const (
	acme   = "org_01DEMOACME"
	globex = "org_01DEMOGLOBEX"
)

// akEventApp is one instance of an AuthKit app on a shared Redis: its
// auth routes (webhooks included) and GET /api/me, which takes the
// session cookie or a Bearer token and answers "<user> <organization>
// <role> <permissions>".
type akEventApp struct {
	auth *core.Auth
	h    http.Handler
}

func newAKEventApp(t *testing.T, f *akFleet, cookieStore bool, secret string) *akEventApp {
	t.Helper()
	rs := redisstore.New(f.srv.Client(), redisstore.Options{})
	cfg := core.Config{
		ClientID:       f.emu.ClientID,
		APIKey:         core.NewSecret(f.emu.APIKey),
		RedirectURI:    akRedirect,
		CookiePassword: core.NewSecret(testPassword),
		Now:            f.clock.now,
		Sessions:       core.SessionConfig{Revocations: rs},
		WorkOS:         core.WorkOSConfig{BaseURL: f.emu.URL},
		Events: core.EventConfig{
			Log:            rs,
			WebhookSecrets: []core.Secret{core.NewSecret(secret)},
		},
		AuthKit: core.AuthKitConfig{Enabled: true},
	}
	if !cookieStore {
		cfg.Sessions.Store = rs
	}
	auth, err := core.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { auth.Close() })
	mux := http.NewServeMux()
	mux.Handle("/auth/", workoshttp.Handler(auth))
	mux.Handle("GET /api/me", workoshttp.RequireWorkOS(auth, core.AcceptBearer())(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k, _ := core.AuthKitFrom(r.Context())
		fmt.Fprintf(w, "%s %s %s %s", k.User.ID, k.Claims.OrganizationID, k.Claims.Role, strings.Join(k.Claims.Permissions, ","))
	})))
	mux.Handle("GET /api/sid", workoshttp.RequireWorkOS(auth, core.AcceptBearer())(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k, _ := core.AuthKitFrom(r.Context())
		fmt.Fprint(w, k.Claims.SessionID)
	})))
	return &akEventApp{auth: auth, h: mux}
}

// akClient is a browser (cookies, kept from the answers) or an API
// client (a Bearer token).
type akClient struct {
	name    string
	cookies map[string]*http.Cookie
	bearer  string
}

func (c *akClient) ask(app *akEventApp) (int, string) { return c.askPath(app, "/api/me") }

// askPath asks GET path of app.
func (c *akClient) askPath(app *akEventApp, path string) (int, string) {
	r := httptest.NewRequest("GET", "http://app.test"+path, nil)
	r.Header.Set("Accept", "application/json")
	if c.bearer != "" {
		r.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	for _, ck := range c.cookies {
		r.AddCookie(ck)
	}
	w := httptest.NewRecorder()
	app.h.ServeHTTP(w, r)
	for _, ck := range w.Result().Cookies() {
		if ck.MaxAge < 0 {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck
		}
	}
	return w.Code, w.Body.String()
}

// akWorld is two instances, the emulator, and alice (an admin of Acme and
// a member of Globex) and bob (a member of Acme) signed in, each in a
// browser and with a Bearer token.
type akWorld struct {
	f       *akFleet
	apps    [2]*akEventApp
	clients map[string]*akClient
	userID  map[string]string
}

const akSecret = "whsec_authkit_events_0123456789"

func newAKWorld(t *testing.T, cookieStore, poll bool) *akWorld {
	t.Helper()
	f := newAKFleet(t)
	w := &akWorld{f: f, clients: map[string]*akClient{}, userID: map[string]string{}}
	for i := range w.apps {
		w.apps[i] = newAKEventApp(t, f, cookieStore, akSecret)
	}
	if _, err := f.emu.AddMembership("alice@acme.test", globex, "member"); err != nil {
		t.Fatal(err)
	}
	for _, u := range f.emu.AuthKitUsers() {
		w.userID[u.Email] = u.ID
	}
	for _, s := range []struct{ email, org string }{{"alice@acme.test", acme}, {"alice@acme.test", globex}, {"bob@acme.test", acme}} {
		name := strings.TrimSuffix(s.email, "@acme.test") + "@" + map[string]string{acme: "acme", globex: "globex"}[s.org]
		signedIn := f.emu.AuthKitSignIn(w.apps[0].auth, httptest.NewRequest("GET", "http://app.test/", nil), s.email, s.org)
		browser := &akClient{name: name + " (browser)", cookies: map[string]*http.Cookie{}}
		for _, ck := range signedIn.Cookies() {
			browser.cookies[ck.Name] = ck
		}
		token, err := f.emu.AccessToken(s.email, s.org)
		if err != nil {
			t.Fatal(err)
		}
		w.clients[name] = browser
		w.clients[name+" bearer"] = &akClient{name: name + " (Bearer)", bearer: token}
	}
	if poll {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() {
			defer close(done)
			w.apps[1].auth.PollEvents(ctx, core.PollOptions{Interval: 10 * time.Millisecond, Since: f.clock.now().Add(-time.Minute)})
		}()
		t.Cleanup(func() { cancel(); <-done })
	} else {
		hook := httptest.NewServer(w.apps[0].h)
		t.Cleanup(hook.Close)
		f.emu.AddWebhookEndpoint(hook.URL+"/auth/webhooks", akSecret)
	}
	for _, c := range w.clients {
		for i, app := range w.apps {
			if st, body := c.ask(app); st != http.StatusOK {
				t.Fatalf("%s on instance %d before any event: %d %s", c.name, i, st, body)
			}
		}
	}
	// Access tokens give their iat in whole seconds: the events come in a
	// later second than the sign-ins.
	f.clock.advance(2 * time.Second)
	return w
}

// eventually asks c on both instances until check accepts the answer,
// failing after a second.
func (w *akWorld) eventually(t *testing.T, c *akClient, what string, check func(int, string) bool) {
	t.Helper()
	for i, app := range w.apps {
		start := time.Now()
		for {
			st, body := c.ask(app)
			if check(st, body) {
				break
			}
			if time.Since(start) > time.Second {
				t.Fatalf("%s on instance %d: still %d %q a second after the event; want %s", c.name, i, st, body, what)
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
}

// ended waits until c is refused (401) on both instances.
func (w *akWorld) ended(t *testing.T, names ...string) {
	t.Helper()
	for _, n := range names {
		w.eventually(t, w.clients[n], "401", func(st int, _ string) bool { return st == http.StatusUnauthorized })
	}
}

// untouched checks that c is answered as before on both instances.
func (w *akWorld) untouched(t *testing.T, want map[string]string) {
	t.Helper()
	for n, body := range want {
		for i, app := range w.apps {
			if st, got := w.clients[n].ask(app); st != http.StatusOK || got != body {
				t.Fatalf("%s on instance %d: %d %q; want it untouched: 200 %q", w.clients[n].name, i, st, got, body)
			}
		}
	}
}

// answers are what each client is answered now (on instance A).
func (w *akWorld) answers(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for n, c := range w.clients {
		_, out[n] = c.ask(w.apps[0])
	}
	return out
}

// sid is the WorkOS session of a client (its access token's sid).
func (w *akWorld) sid(t *testing.T, name string) string {
	t.Helper()
	st, sid := w.clients[name].askPath(w.apps[0], "/api/sid")
	if st != http.StatusOK || !strings.HasPrefix(sid, "session_") {
		t.Fatalf("the sid of %s: %d %q", name, st, sid)
	}
	return sid
}

// TestAuthKitEventsOnTwoInstances: each AuthKit event, delivered as a
// webhook to instance A or polled from the Events API by instance B,
// ends (or refreshes) the right sessions, cookie and Bearer alike, on
// both instances within a second, and no others: another organization's
// sessions of the same user, and another user's, are untouched.
func TestAuthKitEventsOnTwoInstances(t *testing.T) {
	cases := []struct {
		name  string
		event func(t *testing.T, w *akWorld)
		check func(t *testing.T, w *akWorld, before map[string]string)
	}{
		{"session.revoked", func(t *testing.T, w *akWorld) {
			for _, n := range []string{"alice@acme", "alice@acme bearer"} {
				if _, err := w.f.emu.RevokeSession(w.sid(t, n)); err != nil {
					t.Fatal(err)
				}
			}
		}, func(t *testing.T, w *akWorld, before map[string]string) {
			w.ended(t, "alice@acme", "alice@acme bearer")
			w.untouched(t, pick(before, "alice@globex", "alice@globex bearer", "bob@acme", "bob@acme bearer"))
		}},
		{"user.deleted", func(t *testing.T, w *akWorld) {
			if _, err := w.f.emu.DeleteUser("alice@acme.test"); err != nil {
				t.Fatal(err)
			}
		}, func(t *testing.T, w *akWorld, before map[string]string) {
			w.ended(t, "alice@acme", "alice@acme bearer", "alice@globex", "alice@globex bearer")
			w.untouched(t, pick(before, "bob@acme", "bob@acme bearer"))
		}},
		{"organization_membership.deleted", func(t *testing.T, w *akWorld) {
			if _, err := w.f.emu.RemoveMembership("alice@acme.test", globex); err != nil {
				t.Fatal(err)
			}
		}, func(t *testing.T, w *akWorld, before map[string]string) {
			w.ended(t, "alice@globex", "alice@globex bearer")
			w.untouched(t, pick(before, "alice@acme", "alice@acme bearer", "bob@acme", "bob@acme bearer"))
		}},
		{"organization_membership.updated", func(t *testing.T, w *akWorld) {
			if _, err := w.f.emu.SetMembershipRole("alice@acme.test", acme, "member"); err != nil {
				t.Fatal(err)
			}
		}, func(t *testing.T, w *akWorld, before map[string]string) {
			want := w.userID["alice@acme.test"] + " " + acme + " member " + memberPermissions(w)
			w.eventually(t, w.clients["alice@acme"], "the new role", func(st int, body string) bool { return st == 200 && body == want })
			w.ended(t, "alice@acme bearer") // 401 invalid_token: its client refreshes
			w.untouched(t, pick(before, "alice@globex", "alice@globex bearer", "bob@acme", "bob@acme bearer"))
			w.renewedBearer(t, "alice@acme.test", acme, want)
		}},
		{"role.updated", func(t *testing.T, w *akWorld) {
			if _, err := w.f.emu.SetRolePermissions("admin", "widgets:read", "widgets:write", "reports:export"); err != nil {
				t.Fatal(err)
			}
		}, func(t *testing.T, w *akWorld, before map[string]string) {
			want := w.userID["alice@acme.test"] + " " + acme + " admin widgets:read,widgets:write,reports:export"
			w.eventually(t, w.clients["alice@acme"], "the new permissions", func(st int, body string) bool { return st == 200 && body == want })
			w.ended(t, "alice@acme bearer")
			w.untouched(t, pick(before, "alice@globex", "alice@globex bearer", "bob@acme", "bob@acme bearer"))
			w.renewedBearer(t, "alice@acme.test", acme, want)
		}},
	}
	for _, by := range []string{"webhook", "PollEvents"} {
		for _, mode := range []struct {
			name        string
			cookieStore bool
		}{{"redis store", false}, {"cookie store", true}} {
			for _, c := range cases {
				t.Run(by+"/"+mode.name+"/"+c.name, func(t *testing.T) {
					w := newAKWorld(t, mode.cookieStore, by == "PollEvents")
					before := w.answers(t)
					refreshes := w.f.emu.RefreshCount()
					c.event(t, w)
					c.check(t, w, before)
					if strings.HasPrefix(c.name, "session.") || strings.HasPrefix(c.name, "user.") || strings.HasSuffix(c.name, ".deleted") {
						if n := w.f.emu.RefreshCount() - refreshes; n != 0 {
							t.Fatalf("%d refreshes after an event that only ends sessions", n)
						}
					}
				})
			}
		}
	}
}

// renewedBearer: a new access token (as the client's refresh gets) is
// taken at once, with the new role and permissions.
func (w *akWorld) renewedBearer(t *testing.T, email, org, want string) {
	t.Helper()
	token, err := w.f.emu.AccessToken(email, org)
	if err != nil {
		t.Fatal(err)
	}
	c := &akClient{name: "a renewed Bearer token", bearer: token}
	for i, app := range w.apps {
		if st, body := c.ask(app); st != http.StatusOK || body != want {
			t.Fatalf("a token issued after the change, on instance %d: %d %q; want 200 %q", i, st, body, want)
		}
	}
}

// memberPermissions are the demo seed's permissions of the member role,
// as /api/me writes them.
func memberPermissions(w *akWorld) string {
	token, err := w.f.emu.AccessToken("bob@acme.test", acme)
	if err != nil {
		panic(err)
	}
	_, body := (&akClient{bearer: token}).ask(w.apps[0])
	f := strings.Fields(body)
	if len(f) < 4 {
		return ""
	}
	return f[3]
}

func pick(m map[string]string, keys ...string) map[string]string {
	out := map[string]string{}
	for _, k := range keys {
		out[k] = m[k]
	}
	return out
}
