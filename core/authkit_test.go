package core_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/store"
	"github.com/ssokit/workosauth/workostest"
)

// akClock is an Auth clock tests move on.
type akClock struct {
	mu  sync.Mutex
	off time.Duration
}

func (c *akClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.off)
}

func (c *akClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.off += d
}

// akApp is an AuthKit app on net/http against the emulator.
type akApp struct {
	t     *testing.T
	emu   *workostest.Server
	auth  *core.Auth
	srv   *httptest.Server
	clock *akClock
}

const akPassword = "an-authkit-test-password-of-32+chars"

// newAKEmulator starts an emulator for an app at origin. Alice is a
// member of Acme (admin) and, with twoOrgs, of Globex (member).
func newAKEmulator(t *testing.T, redirectURIs []string, twoOrgs bool, clock *akClock) *workostest.Server {
	seed := workostest.DemoSeed()
	if twoOrgs {
		for i := range seed.Connections {
			switch seed.Connections[i].ID {
			case "conn_01DEMOGLOBEXGOOGLE":
				seed.Connections[i].Users = append(seed.Connections[i].Users, workostest.User{ID: "prof_01DEMOALICEGLOBEX", Email: "alice@acme.test", FirstName: "Alice", LastName: "Liddell", Role: "member"})
			case "conn_01DEMOGOOGLEOAUTH": // alice signs in with Google too, choosing none of her organizations
				seed.Connections[i].Users = append(seed.Connections[i].Users, workostest.User{ID: "prof_01DEMOALICEGOOGLE", Email: "alice@acme.test", FirstName: "Alice", LastName: "Liddell"})
			}
		}
	}
	return workostest.NewServer(t, workostest.Options{RedirectURIs: redirectURIs, AutoSelect: true, Seed: seed, Now: clock.now})
}

// newAKApp serves an AuthKit app. With emu nil it starts an emulator of
// its own; store nil keeps sessions in cookies.
func newAKApp(t *testing.T, emu *workostest.Server, store store.Store, edit func(*core.Config)) *akApp {
	return newAKAppClock(t, emu, &akClock{}, store, edit)
}

// newAKAppClock is newAKApp with the clock the app (and, when it starts
// one, the emulator) runs on.
func newAKAppClock(t *testing.T, emu *workostest.Server, clock *akClock, store store.Store, edit func(*core.Config)) *akApp {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	origin := "http://" + srv.Listener.Addr().String()
	if emu == nil {
		emu = newAKEmulator(t, []string{origin + "/auth/callback"}, true, clock)
	} else {
		emu.AddRedirectURI(origin + "/auth/callback")
	}
	app := &akApp{t: t, emu: emu, srv: srv, clock: clock}
	cfg := core.Config{
		ClientID:       emu.ClientID,
		APIKey:         core.NewSecret(emu.APIKey),
		RedirectURI:    origin + "/auth/callback",
		CookiePassword: core.NewSecret(akPassword),
		Now:            app.clock.now,
		Sessions:       core.SessionConfig{Store: store},
		SignIn: core.SignInConfig{
			AfterPath: "/dashboard",
			Providers: []string{"GoogleOAuth"},
		},
		WorkOS: core.WorkOSConfig{
			BaseURL: emu.URL,
			Timeout: 2 * time.Second,
		},
		AuthKit: core.AuthKitConfig{Enabled: true},
	}
	cfg.Logger = slog.New(slog.NewTextHandler(t.Output(), nil))
	if edit != nil {
		edit(&cfg)
	}
	auth, err := core.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	app.auth = auth
	mux := http.NewServeMux()
	mux.Handle("/auth/", workoshttp.Handler(auth))
	mux.Handle("GET /{$}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "home") }))
	me := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k, ok := core.AuthKitFrom(r.Context())
		if !ok {
			http.Error(w, "no AuthKit session", http.StatusTeapot)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"id": k.User.ID, "email": k.User.Email, "organization_id": k.OrganizationID,
			"role": k.Claims.Role, "permissions": k.Claims.Permissions, "sid": k.Claims.SessionID, "impersonator": k.Impersonator})
	})
	mux.Handle("GET /api/me", workoshttp.RequireWorkOS(auth, core.AcceptBearer())(me))
	mux.Handle("GET /cookie-only", workoshttp.RequireWorkOS(auth)(me))
	mux.Handle("GET /api/profile", workoshttp.RequireWorkOS(auth)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := core.ProfileFrom(r.Context())
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(p)
	})))
	mux.Handle("GET /write", workoshttp.RequireWorkOS(auth, core.AcceptBearer(), core.RequirePermission("widgets:write"))(me))
	srv.Config.Handler = mux
	srv.Start()
	t.Cleanup(srv.Close)
	return app
}

// akBrowser is a cookie jar that does not follow redirects.
type akBrowser struct {
	app *akApp
	c   *http.Client
}

func (app *akApp) browser() *akBrowser {
	jar, _ := cookiejar.New(nil)
	return &akBrowser{app: app, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type akResp struct {
	status int
	header http.Header
	body   string
}

func (b *akBrowser) do(method, target string, form url.Values, header ...string) akResp {
	b.app.t.Helper()
	if strings.HasPrefix(target, "/") {
		target = b.app.srv.URL + target
	}
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, target, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.app.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return akResp{res.StatusCode, res.Header, string(raw)}
}

// walk follows redirects from r and returns the hops.
func (b *akBrowser) walk(r akResp) []akResp {
	hops := []akResp{r}
	for i := 0; i < 10 && r.status >= 300 && r.status < 400; i++ {
		r = b.do("GET", r.header.Get("Location"), nil)
		hops = append(hops, r)
	}
	return hops
}

// signIn signs in through /auth/signin?query and returns the hops.
func (b *akBrowser) signIn(query url.Values) []akResp {
	return b.walk(b.do("GET", "/auth/signin?"+query.Encode(), nil))
}

func (b *akBrowser) me() (int, map[string]any) {
	r := b.do("GET", "/api/me", nil, "Accept", "application/json")
	var m map[string]any
	json.Unmarshal([]byte(r.body), &m)
	return r.status, m
}

func (app *akApp) bearer(path, token string) akResp {
	return app.browser().do("GET", path, nil, "Accept", "application/json", "Authorization", "Bearer "+token)
}

func TestAuthKitSignInByEmail(t *testing.T) {
	app := newAKApp(t, nil, nil, nil)
	b := app.browser()
	hops := b.signIn(url.Values{"email": {"alice@acme.test"}})
	var authorize *url.URL
	for _, h := range hops[:len(hops)-1] {
		if u, _ := url.Parse(h.header.Get("Location")); u != nil && u.Path == "/user_management/authorize" {
			authorize = u
		}
	}
	if authorize == nil {
		t.Fatalf("the sign-in never went to /user_management/authorize")
	}
	q := authorize.Query()
	if q.Get("organization_id") != "org_01DEMOACME" || q.Get("organization") != "" || q.Get("code_challenge_method") != "S256" || q.Get("login_hint") != "alice@acme.test" {
		t.Fatalf("authorize query %v", q)
	}
	st, m := b.me()
	if st != 200 || m["id"] != "user_01DEMOALICE" || m["email"] != "alice@acme.test" || m["organization_id"] != "org_01DEMOACME" || m["role"] != "admin" {
		t.Fatalf("/api/me %d %v", st, m)
	}
	if m["sid"] == "" || !strings.HasPrefix(fmt.Sprint(m["sid"]), "session_") {
		t.Fatalf("no WorkOS session ID: %v", m)
	}
}

func TestAuthKitHostedPageWithoutSelector(t *testing.T) {
	app := newAKApp(t, nil, nil, nil)
	r := app.browser().do("GET", "/auth/signin?screen_hint=sign-up", nil)
	u, _ := url.Parse(r.header.Get("Location"))
	if r.status != http.StatusSeeOther || u == nil || u.Path != "/user_management/authorize" || u.Query().Get("provider") != "authkit" || u.Query().Get("screen_hint") != "sign-up" {
		t.Fatalf("GET /auth/signin answered %d %s, want the hosted page with the sign-up hint", r.status, r.header.Get("Location"))
	}
	r = app.browser().do("GET", "/auth/signin?provider=authkit&screen_hint=sign-up&login_hint=bob@acme.test", nil)
	u, _ = url.Parse(r.header.Get("Location"))
	if u == nil || u.Query().Get("provider") != "authkit" || u.Query().Get("screen_hint") != "sign-up" || u.Query().Get("login_hint") != "bob@acme.test" {
		t.Fatalf("provider=authkit went to %q", r.header.Get("Location"))
	}
	// With ?error= the page shows the error instead of going round again.
	if r := app.browser().do("GET", "/auth/signin?error=access_denied", nil); r.status != 200 || !strings.Contains(r.body, "<form") {
		t.Fatalf("GET /auth/signin?error=... answered %d, want the page", r.status)
	}
	// An email with no organization goes to the hosted page, with the hint.
	r = app.browser().do("GET", "/auth/signin?email=dave@gmail.test", nil)
	u, _ = url.Parse(r.header.Get("Location"))
	if u == nil || u.Query().Get("provider") != "authkit" || u.Query().Get("login_hint") != "dave@gmail.test" {
		t.Fatalf("an email without SSO went to %s", r.header.Get("Location"))
	}
}

func TestAuthKitBearer(t *testing.T) {
	app := newAKApp(t, nil, nil, nil)
	tok, err := app.emu.AccessToken("alice@acme.test", "org_01DEMOACME")
	if err != nil {
		t.Fatal(err)
	}
	r := app.bearer("/api/me", tok)
	if r.status != 200 || !strings.Contains(r.body, `"id":"user_01DEMOALICE"`) || !strings.Contains(r.body, `"organization_id":"org_01DEMOACME"`) {
		t.Fatalf("a valid Bearer token: %d %s", r.status, r.body)
	}
	if r := app.bearer("/write", tok); r.status != 200 {
		t.Fatalf("alice (admin, widgets:write) on /write: %d", r.status)
	}
	bob, _ := app.emu.AccessToken("bob@acme.test", "org_01DEMOACME")
	if r := app.bearer("/write", bob); r.status != http.StatusForbidden {
		t.Fatalf("bob (member) on /write: %d, want 403", r.status)
	}
	// A guard without AcceptBearer ignores the header: no session.
	if r := app.bearer("/cookie-only", tok); r.status != http.StatusUnauthorized || strings.Contains(r.header.Get("WWW-Authenticate"), "Bearer") {
		t.Fatalf("a guard without AcceptBearer: %d %s", r.status, r.header.Get("WWW-Authenticate"))
	}
	// Expired: refused once past exp plus the leeway.
	app.clock.advance(5*time.Minute + 3*time.Second)
	r = app.bearer("/api/me", tok)
	if r.status != http.StatusUnauthorized || !strings.Contains(r.body, "invalid_token") {
		t.Fatalf("an expired token: %d %s", r.status, r.body)
	}
}

func TestAuthKitCookieSessionRefreshesOnce(t *testing.T) {
	var refreshEvents atomic.Int32
	app := newAKApp(t, nil, nil, func(c *core.Config) {
		c.Events.OnAudit = func(_ context.Context, e core.AuditEvent) error {
			if e.Type == core.AuditRefresh {
				refreshEvents.Add(1)
			}
			return nil
		}
	})
	b := app.browser()
	b.signIn(url.Values{"organization": {"org_01DEMOACME"}, "login_hint": {"alice@acme.test"}})
	if st, _ := b.me(); st != 200 {
		t.Fatalf("/api/me after sign-in: %d", st)
	}
	before := app.emu.RefreshCount()
	app.clock.advance(5*time.Minute + time.Second)
	cookies := b.c.Jar.Cookies(mustURL(app.srv.URL))
	var wg sync.WaitGroup
	statuses := make(chan int, 40)
	for range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			nb := app.browser()
			nb.c.Jar.SetCookies(mustURL(app.srv.URL), cookies)
			st, _ := nb.me()
			statuses <- st
		}()
	}
	wg.Wait()
	close(statuses)
	for st := range statuses {
		if st != 200 {
			t.Fatalf("a request with the expired access token answered %d, want 200 (refreshed)", st)
		}
	}
	if n := app.emu.RefreshCount() - before; n != 1 {
		t.Fatalf("%d refreshes for 40 concurrent requests of one session, want 1", n)
	}
	if n := refreshEvents.Load(); n != 1 {
		t.Fatalf("%d refresh audit events for one refresh, want 1", n)
	}
	// The old cookie, later, still gets the refreshed session.
	st, m := b.me()
	if st != 200 || m["email"] != "alice@acme.test" || app.emu.RefreshCount()-before != 1 {
		t.Fatalf("the old cookie after the refresh: %d %v (refreshes %d)", st, m, app.emu.RefreshCount()-before)
	}
}

// memStore is a server-side store shared by two Auth instances.
type memStore struct {
	mu sync.Mutex
	m  map[string]store.Record
}

func (s *memStore) Save(_ context.Context, r store.Record) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]store.Record{}
	}
	tok := fmt.Sprintf("tok-%s", r.ID)
	s.m[tok] = r
	return tok, nil
}

func (s *memStore) Load(_ context.Context, token string) (store.Record, error) {
	s.mu.Lock()
	r, ok := s.m[token]
	s.mu.Unlock()
	if !ok {
		return store.Record{}, fmt.Errorf("%w: unknown token", store.ErrNotFound)
	}
	return r, nil
}

func (s *memStore) Renew(ctx context.Context, _ string, r store.Record) (string, error) {
	return s.Save(ctx, r)
}

func (s *memStore) Delete(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, "tok-"+id)
	return nil
}

func TestAuthKitRefreshAcrossInstances(t *testing.T) {
	store := &memStore{}
	clock := &akClock{}
	a := newAKAppClock(t, nil, clock, store, nil)
	b := newAKAppClock(t, a.emu, clock, store, func(c *core.Config) { c.RedirectURI = a.srv.URL + "/auth/callback" })
	// Two instances behind one origin: b serves a's cookies.
	ba := a.browser()
	ba.signIn(url.Values{"organization": {"org_01DEMOACME"}, "login_hint": {"alice@acme.test"}})
	cookies := ba.c.Jar.Cookies(mustURL(a.srv.URL))
	onB := b.browser()
	onB.c.Jar.SetCookies(mustURL(b.srv.URL), cookies)
	if st, _ := onB.me(); st != 200 {
		t.Fatalf("instance b did not open a's session: %d", st)
	}
	before := a.emu.RefreshCount()
	clock.advance(6 * time.Minute)
	var wg sync.WaitGroup
	errs := make(chan string, 40)
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			app := a
			if i%2 == 1 {
				app = b
			}
			nb := app.browser()
			nb.c.Jar.SetCookies(mustURL(app.srv.URL), cookies)
			if st, m := nb.me(); st != 200 || m["email"] != "alice@acme.test" {
				errs <- fmt.Sprintf("instance %d: %d %v", i%2, st, m)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error("a request lost the session to the other instance's refresh:", e)
	}
	if n := a.emu.RefreshCount() - before; n < 1 || n > 2 {
		t.Errorf("%d refresh calls for two instances, want 1 or 2 (at most one each: one refused then adopted)", n)
	}
}

// rotatingStore hands out a new token on every Save and Renew (and stops
// honouring the old one), and implements store.Updater.
type rotatingStore struct {
	memStore
	n       int
	updates int
}

func (s *rotatingStore) Save(ctx context.Context, r store.Record) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]store.Record{}
	}
	s.n++
	tok := fmt.Sprintf("tok-%d", s.n)
	s.m[tok] = r
	return tok, nil
}

func (s *rotatingStore) Renew(ctx context.Context, old string, r store.Record) (string, error) {
	s.mu.Lock()
	delete(s.m, old)
	s.mu.Unlock()
	return s.Save(ctx, r)
}

// renewingStore is rotatingStore without store.Updater.
type renewingStore struct{ rs *rotatingStore }

func (s renewingStore) Save(ctx context.Context, r store.Record) (string, error) {
	return s.rs.Save(ctx, r)
}
func (s renewingStore) Load(ctx context.Context, tok string) (store.Record, error) {
	return s.rs.Load(ctx, tok)
}
func (s renewingStore) Renew(ctx context.Context, old string, r store.Record) (string, error) {
	return s.rs.Renew(ctx, old, r)
}
func (s renewingStore) Delete(ctx context.Context, id string) error { return s.rs.Delete(ctx, id) }

func TestAuthKitLostRaceDoesNotRevoke(t *testing.T) {
	// Without store.Updater, a store that rotates tokens strands the old
	// cookie on another instance; that instance drops the cookie but must
	// not revoke the session the winner goes on with.
	store := renewingStore{&rotatingStore{}}
	clock := &akClock{}
	a := newAKAppClock(t, nil, clock, store, nil)
	b := newAKAppClock(t, a.emu, clock, store, func(c *core.Config) { c.RedirectURI = a.srv.URL + "/auth/callback" })
	ba := a.browser()
	ba.signIn(url.Values{"organization": {"org_01DEMOACME"}, "login_hint": {"alice@acme.test"}})
	onB := b.browser()
	onB.c.Jar.SetCookies(mustURL(b.srv.URL), ba.c.Jar.Cookies(mustURL(a.srv.URL)))
	onB.me()
	clock.advance(6 * time.Minute)
	if st, _ := ba.me(); st != 200 {
		t.Fatalf("a after expiry: %d", st)
	}
	onB.me() // refused at WorkOS, the old token gone from the store
	if st, _ := ba.me(); st != 200 {
		t.Fatalf("a after b lost the race: %d, want 200 (b must not revoke the session)", st)
	}
	// A third instance, with nothing cached, opens a's current cookie from
	// the store: the session is still there.
	c := newAKAppClock(t, a.emu, clock, store, func(c *core.Config) { c.RedirectURI = a.srv.URL + "/auth/callback" })
	onC := c.browser()
	onC.c.Jar.SetCookies(mustURL(c.srv.URL), ba.c.Jar.Cookies(mustURL(a.srv.URL)))
	if st, _ := onC.me(); st != 200 {
		t.Fatalf("the session in the store after b lost the race: %d, want 200", st)
	}
}

func (s *rotatingStore) Delete(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for tok, r := range s.m {
		if r.ID == id {
			delete(s.m, tok)
		}
	}
	return nil
}

func (s *rotatingStore) Update(_ context.Context, token string, r store.Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.updates++
	s.m[token] = r
	return nil
}

func TestAuthKitRefreshUpdatesStoreInPlace(t *testing.T) {
	// With a store that rotates tokens on Renew, a refresh keeps the
	// cookie's token through store.Updater: another instance that holds
	// the old session adopts the new tokens instead of losing the session.
	store := &rotatingStore{}
	clock := &akClock{}
	a := newAKAppClock(t, nil, clock, store, nil)
	b := newAKAppClock(t, a.emu, clock, store, func(c *core.Config) { c.RedirectURI = a.srv.URL + "/auth/callback" })
	ba := a.browser()
	ba.signIn(url.Values{"organization": {"org_01DEMOACME"}, "login_hint": {"alice@acme.test"}})
	cookies := ba.c.Jar.Cookies(mustURL(a.srv.URL))
	onB := b.browser()
	onB.c.Jar.SetCookies(mustURL(b.srv.URL), cookies)
	if st, _ := onB.me(); st != 200 {
		t.Fatalf("b: %d", st)
	}
	clock.advance(6 * time.Minute)
	if st, _ := ba.me(); st != 200 {
		t.Fatalf("a after expiry: %d", st)
	}
	if st, m := onB.me(); st != 200 || m["email"] != "alice@acme.test" {
		t.Fatalf("b after a refreshed: %d %v", st, m)
	}
	if store.updates < 1 {
		t.Fatal("the refresh did not update the store in place")
	}
}

func TestAuthKitRefreshFaults(t *testing.T) {
	app := newAKApp(t, nil, nil, nil)
	b := app.browser()
	b.signIn(url.Values{"organization": {"org_01DEMOACME"}, "login_hint": {"alice@acme.test"}})
	app.clock.advance(6 * time.Minute)
	for _, f := range []workostest.Fault{{Status: 503, Times: 1}, {Status: 429, RetryAfter: "1", Times: 1}, {Status: 500, Body: "oops", Times: 1}} {
		app.emu.InjectFault("/user_management/authenticate", f)
		r := b.do("GET", "/api/me", nil, "Accept", "application/json")
		if r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") == "" {
			t.Fatalf("refresh answered %d by WorkOS: the app answered %d, want 503 with Retry-After", f.Status, r.status)
		}
		if strings.Contains(r.header.Get("Set-Cookie"), "Max-Age=0") {
			t.Fatalf("a transient failure cleared the session cookie")
		}
		// The session is not refreshed again before the back-off...
		n := app.emu.Calls("/user_management/authenticate")
		if r := b.do("GET", "/api/me", nil, "Accept", "application/json"); r.status != 503 || app.emu.Calls("/user_management/authenticate") != n {
			t.Fatalf("during the back-off: %d, %d calls", r.status, app.emu.Calls("/user_management/authenticate")-n)
		}
		app.clock.advance(3 * time.Second) // ...and then is.
	}
	if st, m := b.me(); st != 200 || m["email"] != "alice@acme.test" {
		t.Fatalf("after the faults passed: %d %v", st, m)
	}
}

func TestAuthKitRefreshRefusedEndsSession(t *testing.T) {
	app := newAKApp(t, nil, nil, nil)
	b := app.browser()
	b.signIn(url.Values{"organization": {"org_01DEMOACME"}, "login_hint": {"alice@acme.test"}})
	app.clock.advance(6 * time.Minute)
	app.emu.InjectFault("/user_management/authenticate", workostest.Fault{Status: 400, Body: `{"error":"invalid_grant","error_description":"Session has already ended."}`, Times: 1})
	r := b.do("GET", "/api/me", nil, "Accept", "application/json")
	if r.status != http.StatusUnauthorized || !strings.Contains(r.header.Get("Set-Cookie"), "Max-Age=0") {
		t.Fatalf("invalid_grant on refresh: %d %q, want 401 and the cookie cleared", r.status, r.header.Get("Set-Cookie"))
	}
}

func TestAuthKitCodeExchangeFaults(t *testing.T) {
	for _, c := range []struct {
		fault workostest.Fault
		want  int
	}{
		{workostest.Fault{Status: 500}, http.StatusBadGateway},
		{workostest.Fault{Status: 200, Body: `{"user":{"id":"user_01X"},"access_token":"not-a-jwt","refresh_token":"r"}`}, http.StatusBadGateway},
		{workostest.Fault{Status: 200, Body: `{"access_token":1}`}, http.StatusBadGateway},
		{workostest.Fault{Hang: true}, http.StatusGatewayTimeout},
		{workostest.Fault{Status: 403, Body: `{"code":"organization_selection_required","message":"Pick one","pending_authentication_token":"p","organizations":[]}`}, http.StatusSeeOther},
	} {
		t.Run(fmt.Sprint(c.fault.Status, c.fault.Hang), func(t *testing.T) {
			app := newAKApp(t, nil, nil, func(cfg *core.Config) { cfg.WorkOS.Timeout = 500 * time.Millisecond })
			app.emu.InjectFault("/user_management/authenticate", c.fault)
			b := app.browser()
			hops := b.signIn(url.Values{"organization": {"org_01DEMOACME"}})
			var cb *akResp
			for i := range hops {
				if hops[i].status == c.want || (hops[i].status >= 500) {
					cb = &hops[i]
					break
				}
			}
			if cb == nil || cb.status != c.want {
				t.Fatalf("the callback answered %v, want %d", statuses(hops), c.want)
			}
			if st, _ := b.me(); st != 401 {
				t.Fatalf("a session was set: %d", st)
			}
		})
	}
}

func statuses(hops []akResp) []int {
	var out []int
	for _, h := range hops {
		out = append(out, h.status)
	}
	return out
}

func TestAuthKitSwitchOrganization(t *testing.T) {
	app := newAKApp(t, nil, nil, nil)
	b := app.browser()
	b.signIn(url.Values{"organization": {"org_01DEMOACME"}, "login_hint": {"alice@acme.test"}})
	origin := []string{"Origin", app.srv.URL}
	if r := b.do("POST", "/auth/switch-organization", url.Values{"organization_id": {"org_01DEMOGLOBEX"}}, "Origin", "http://evil.test"); r.status != 403 {
		t.Fatalf("a cross-site switch: %d", r.status)
	}
	r := b.do("POST", "/auth/switch-organization", url.Values{"organization_id": {"org_01DEMOGLOBEX"}, "return_to": {"/here"}}, origin...)
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/here" {
		t.Fatalf("switch: %d %s %s", r.status, r.header.Get("Location"), r.body)
	}
	st, m := b.me()
	if st != 200 || m["organization_id"] != "org_01DEMOGLOBEX" || m["role"] != "member" {
		t.Fatalf("after the switch /api/me: %d %v", st, m)
	}
	r = b.do("POST", "/auth/switch-organization", url.Values{"organization_id": {"org_01NOPE"}}, "Origin", app.srv.URL, "Accept", "application/json")
	if r.status != http.StatusForbidden || !strings.Contains(r.body, "not_a_member") {
		t.Fatalf("switch to an organization alice is not in: %d %s", r.status, r.body)
	}
	if st, m := b.me(); st != 200 || m["organization_id"] != "org_01DEMOGLOBEX" {
		t.Fatalf("a refused switch changed the session: %d %v", st, m)
	}
}

func TestAuthKitSwitchDuringRefresh(t *testing.T) {
	// An organization switch and plain refreshes of one expired session at
	// once use its refresh token once: nobody is signed out.
	app := newAKApp(t, nil, nil, nil)
	b := app.browser()
	b.signIn(url.Values{"organization": {"org_01DEMOACME"}, "login_hint": {"alice@acme.test"}})
	cookies := b.c.Jar.Cookies(mustURL(app.srv.URL))
	app.clock.advance(6 * time.Minute)
	var wg sync.WaitGroup
	fails := make(chan string, 20)
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			nb := app.browser()
			nb.c.Jar.SetCookies(mustURL(app.srv.URL), cookies)
			if i == 0 {
				r := nb.do("POST", "/auth/switch-organization", url.Values{"organization_id": {"org_01DEMOGLOBEX"}}, "Origin", app.srv.URL, "Accept", "application/json")
				if r.status != http.StatusSeeOther {
					fails <- fmt.Sprintf("switch: %d %s", r.status, r.body)
				}
				if st, m := nb.me(); st != 200 || m["organization_id"] != "org_01DEMOGLOBEX" {
					fails <- fmt.Sprintf("after the switch: %d %v", st, m)
				}
				return
			}
			if st, _ := nb.me(); st != 200 {
				fails <- fmt.Sprintf("a request during the switch: %d", st)
			}
		}()
	}
	wg.Wait()
	close(fails)
	for f := range fails {
		t.Error(f)
	}
}

func TestAuthKitOrganizationChooser(t *testing.T) {
	app := newAKApp(t, nil, nil, nil)
	b := app.browser()
	hops := b.signIn(url.Values{"provider": {"GoogleOAuth"}, "login_hint": {"alice@acme.test"}, "return_to": {"/here"}})
	page := hops[len(hops)-1]
	if page.status != 200 || !strings.Contains(page.body, `value="org_01DEMOACME"`) || !strings.Contains(page.body, `value="org_01DEMOGLOBEX"`) ||
		!strings.Contains(page.body, "/auth/select-organization") {
		t.Fatalf("organization_selection_required: %v, want the chooser listing Acme and Globex", statuses(hops))
	}
	if st, _ := b.me(); st != 401 {
		t.Fatalf("a session before the choice: %d", st)
	}
	if r := b.do("POST", "/auth/select-organization", url.Values{"organization_id": {"org_01DEMOGLOBEX"}}, "Origin", "https://evil.test"); r.status != 403 {
		t.Fatalf("a cross-site choice: %d", r.status)
	}
	if r := b.do("POST", "/auth/select-organization", url.Values{"organization_id": {"org_01OTHER"}}, "Origin", app.srv.URL); r.status != 303 || !strings.Contains(r.header.Get("Location"), "error=") {
		t.Fatalf("an organization not offered: %d %s", r.status, r.header.Get("Location"))
	}
	r := b.do("POST", "/auth/select-organization", url.Values{"organization_id": {"org_01DEMOGLOBEX"}}, "Origin", app.srv.URL)
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/here" {
		t.Fatalf("the choice: %d %s %s", r.status, r.header.Get("Location"), r.body)
	}
	if st, m := b.me(); st != 200 || m["organization_id"] != "org_01DEMOGLOBEX" || m["role"] != "member" {
		t.Fatalf("after choosing Globex: %d %v", st, m)
	}
	// The pending choice is used once.
	if r := b.do("POST", "/auth/select-organization", url.Values{"organization_id": {"org_01DEMOACME"}}, "Origin", app.srv.URL); r.status != 303 || !strings.Contains(r.header.Get("Location"), "error=selection_expired") {
		t.Fatalf("a second choice: %d %s", r.status, r.header.Get("Location"))
	}
}

func TestAuthKitSignOutThroughLogoutURL(t *testing.T) {
	app := newAKApp(t, nil, nil, nil)
	b := app.browser()
	b.signIn(url.Values{"organization": {"org_01DEMOACME"}, "login_hint": {"alice@acme.test"}})
	_, m := b.me()
	sid := fmt.Sprint(m["sid"])
	r := b.do("POST", "/auth/signout", url.Values{}, "Origin", app.srv.URL)
	u, _ := url.Parse(r.header.Get("Location"))
	if u == nil || u.Path != "/user_management/sessions/logout" || u.Query().Get("session_id") != sid || u.Query().Get("return_to") != app.srv.URL+"/" {
		t.Fatalf("sign-out went to %q", r.header.Get("Location"))
	}
	hops := b.walk(r)
	if last := hops[len(hops)-1]; last.status >= 400 {
		t.Fatalf("the logout walk ended at %d", last.status)
	}
	if !app.emu.SessionEnded(sid) {
		t.Fatalf("the WorkOS session was not ended")
	}
	if st, _ := b.me(); st != 401 {
		t.Fatalf("after sign-out: %d", st)
	}
}

func TestAuthKitImpersonation(t *testing.T) {
	app := newAKApp(t, nil, nil, nil)
	app.emu.Impersonate("support@workos.test", "ticket 42")
	b := app.browser()
	b.signIn(url.Values{"organization": {"org_01DEMOACME"}, "login_hint": {"bob@acme.test"}})
	st, m := b.me()
	imp, _ := m["impersonator"].(map[string]any)
	if st != 200 || imp["email"] != "support@workos.test" || imp["reason"] != "ticket 42" {
		t.Fatalf("/api/me of an impersonated sign-in: %d %v", st, m)
	}
}

func TestAuthKitKeyWithdrawnRefreshes(t *testing.T) {
	// A session whose token's key WorkOS no longer publishes, opened by a
	// process that has not seen it (another Auth, same password), is
	// refreshed rather than trusted or signed out.
	app := newAKApp(t, nil, nil, nil)
	b := app.browser()
	b.signIn(url.Values{"organization": {"org_01DEMOACME"}, "login_hint": {"alice@acme.test"}})
	app.emu.RotateSigningKey(false)
	other := newAKAppClock(t, app.emu, app.clock, nil, func(c *core.Config) { c.RedirectURI = app.srv.URL + "/auth/callback" })
	ob := other.browser()
	ob.c.Jar.SetCookies(mustURL(other.srv.URL), b.c.Jar.Cookies(mustURL(app.srv.URL)))
	before := app.emu.RefreshCount()
	if st, m := ob.me(); st != 200 || m["email"] != "alice@acme.test" {
		t.Fatalf("a session whose key was withdrawn: %d %v", st, m)
	}
	if app.emu.RefreshCount()-before != 1 {
		t.Fatalf("%d refreshes, want 1", app.emu.RefreshCount()-before)
	}
}

func TestAuthKitSignInHelper(t *testing.T) {
	app := newAKApp(t, nil, nil, nil)
	req := app.emu.AuthKitSignIn(app.auth, httptest.NewRequest("GET", "/api/me", nil), "alice@acme.test", "org_01DEMOACME")
	b := app.browser()
	for _, c := range req.Cookies() {
		b.c.Jar.SetCookies(mustURL(app.srv.URL), []*http.Cookie{c})
	}
	if st, m := b.me(); st != 200 || m["role"] != "admin" {
		t.Fatalf("AuthKitSignIn's cookies: %d %v", st, m)
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
