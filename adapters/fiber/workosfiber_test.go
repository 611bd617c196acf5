package workosfiber_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/gofiber/fiber/v2"

	workosfiber "github.com/ssokit/workosauth/adapters/fiber"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/adapter"
	"github.com/ssokit/workosauth/core/store"
	"github.com/ssokit/workosauth/core/store/storetest"
	"github.com/ssokit/workosauth/workostest"
)

const origin = "http://127.0.0.1:8080"

func testAuth(t *testing.T, edit func(*core.Config)) *core.Auth {
	t.Helper()
	cfg := core.Config{
		ClientID:       "client_123",
		APIKey:         core.NewSecret("sk_test_123"),
		RedirectURI:    origin + "/auth/callback",
		CookiePassword: core.NewSecret("a-password-of-at-least-32-characters!"),
		WorkOS:         core.WorkOSConfig{BaseURL: "https://workos.invalid"},
	}
	if edit != nil {
		edit(&cfg)
	}
	auth, err := core.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return auth
}

func newApp(cfg ...fiber.Config) *fiber.App {
	c := fiber.Config{}
	if len(cfg) > 0 {
		c = cfg[0]
	}
	c.DisableStartupMessage = true
	return fiber.New(c)
}

type response struct {
	*http.Response
	body string
}

func do(t *testing.T, app *fiber.App, req *http.Request) response {
	t.Helper()
	res, err := app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{res, string(b)}
}

// request is a request in origin form, as browsers send them, to the
// app's host.
func request(method, target string, body io.Reader) *http.Request {
	req := httptest.NewRequest(method, target, body)
	req.Host = strings.TrimPrefix(origin, "http://")
	return req
}

func get(target string, header ...string) *http.Request {
	req := request("GET", target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return req
}

func signedIn(t *testing.T, auth *core.Auth, req *http.Request, email string) *http.Request {
	t.Helper()
	p, ok := workostest.DemoProfile(email)
	if !ok {
		t.Fatalf("no demo user %s", email)
	}
	return workostest.SignIn(auth, req, p)
}

// The session is in c.Locals and in c.UserContext().
func TestProfileInLocalsAndUserContext(t *testing.T) {
	auth := testAuth(t, nil)
	app := newApp()
	var fromLocals, fromUserCtx, fromProfile, fromSession string
	app.Get("/x", workosfiber.RequireWorkOS(auth), func(c *fiber.Ctx) error {
		if s, ok := c.Locals(workosfiber.SessionKey).(*core.Session); ok {
			fromLocals = s.Profile.Email
		}
		if p, ok := core.ProfileFrom(c.UserContext()); ok {
			fromUserCtx = p.Email
		}
		if p, ok := workosfiber.Profile(c); ok {
			fromProfile = p.Email
		}
		if s, ok := workosfiber.Session(c); ok {
			fromSession = s.Profile.Email
		}
		return nil
	})
	if r := do(t, app, signedIn(t, auth, get("/x"), "alice@acme.test")); r.StatusCode != 200 {
		t.Fatalf("status %d", r.StatusCode)
	}
	for what, got := range map[string]string{"c.Locals": fromLocals, "c.UserContext()": fromUserCtx, "Profile": fromProfile, "Session": fromSession} {
		if got != "alice@acme.test" {
			t.Errorf("%s: %q", what, got)
		}
	}
}

// What earlier middleware put in the user context is kept.
func TestUserContextIsExtendedNotReplaced(t *testing.T) {
	type key struct{}
	auth := testAuth(t, nil)
	app := newApp()
	var kept bool
	app.Use(func(c *fiber.Ctx) error {
		c.SetUserContext(context.WithValue(c.UserContext(), key{}, "trace-1"))
		return c.Next()
	})
	app.Get("/x", workosfiber.RequireWorkOS(auth), func(c *fiber.Ctx) error {
		kept = c.UserContext().Value(key{}) == "trace-1"
		return nil
	})
	do(t, app, signedIn(t, auth, get("/x"), "bob@acme.test"))
	if !kept {
		t.Fatal("the user context's earlier values were lost")
	}
}

func TestProfileWithoutSession(t *testing.T) {
	auth := testAuth(t, nil)
	app := newApp()
	var ok1, ok2 bool
	app.Get("/open", func(c *fiber.Ctx) error { _, ok1 = workosfiber.Profile(c); return nil })
	app.Get("/opt", workosfiber.RequireWorkOS(auth, core.Optional()), func(c *fiber.Ctx) error {
		_, ok2 = workosfiber.Profile(c)
		return c.SendString("opt")
	})
	do(t, app, get("/open"))
	if r := do(t, app, get("/opt")); r.StatusCode != 200 || r.body != "opt" {
		t.Fatalf("optional: %d %q", r.StatusCode, r.body)
	}
	if ok1 || ok2 {
		t.Fatalf("Profile reported a session: unguarded %v, optional %v", ok1, ok2)
	}
}

// The session and profile outlive the handler, though the request's
// buffers are reused by the requests that follow: nothing core hands out
// points into them.
func TestSessionOutlivesTheHandler(t *testing.T) {
	auth := testAuth(t, nil)
	app := newApp()
	var mu sync.Mutex
	kept := map[string][]core.Profile{}
	app.Get("/keep/:who", workosfiber.RequireWorkOS(auth), func(c *fiber.Ctx) error {
		p, _ := workosfiber.Profile(c)
		who := strings.Clone(c.Params("who"))
		mu.Lock()
		kept[who] = append(kept[who], p)
		mu.Unlock()
		return nil
	})
	emails := []string{"alice@acme.test", "bob@acme.test", "carol@globex.test"}
	var wg sync.WaitGroup
	for round := 0; round < 20; round++ {
		for _, email := range emails {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req := signedIn(t, auth, get("/keep/"+email), email)
				req.Header.Add("Cookie", "filler="+strings.Repeat("z", 300))
				if r := do(t, app, req); r.StatusCode != 200 {
					t.Errorf("%s: %d", email, r.StatusCode)
				}
			}()
		}
	}
	wg.Wait()
	for _, email := range emails {
		want, _ := workostest.DemoProfile(email)
		if len(kept[email]) != 20 {
			t.Fatalf("%s: %d profiles kept", email, len(kept[email]))
		}
		for _, p := range kept[email] {
			if p.Email != want.Email || p.ID != want.ID || p.OrganizationID != want.OrganizationID || p.FirstName != want.FirstName {
				t.Fatalf("%s: kept profile changed to %+v", email, p)
			}
		}
	}
}

// countingStore counts the sessions opened, to see the session cache at
// work.
type countingStore struct {
	*storetest.Memory
	loads atomic.Int64
}

func (s *countingStore) Load(ctx context.Context, token string) (store.Record, error) {
	s.loads.Add(1)
	return s.Memory.Load(ctx, token)
}

// The session cache keys on the cookie, which this adapter reads without
// copying; core must copy the key it keeps, or a key would change under
// the cache when fasthttp reuses the buffer, and every request would open
// its session again.
func TestSessionCacheSurvivesBufferReuse(t *testing.T) {
	store := &countingStore{Memory: storetest.NewMemory()}
	auth := testAuth(t, func(c *core.Config) { c.Sessions.Store = store })
	app := newApp()
	app.Get("/x", workosfiber.RequireWorkOS(auth), func(c *fiber.Ctx) error { return nil })
	// The sessions are made by another Auth on the same store, so that the
	// serving one's cache starts empty and keys on what it reads.
	minter := testAuth(t, func(c *core.Config) { c.Sessions.Store = store })
	var reqs []*http.Request
	for _, email := range []string{"alice@acme.test", "bob@acme.test", "carol@globex.test"} {
		reqs = append(reqs, signedIn(t, minter, get("/x"), email))
	}
	base := store.loads.Load()
	for round := 0; round < 10; round++ {
		for _, req := range reqs {
			if r := do(t, app, req.Clone(context.Background())); r.StatusCode != 200 {
				t.Fatalf("status %d", r.StatusCode)
			}
			// a request whose garbage cookie, as long as the real one,
			// overwrites the same buffers
			garbage := "wos-session=" + strings.Repeat("A", len(req.Header.Get("Cookie")))
			do(t, app, get("/x", "Cookie", garbage, "Accept", "application/json"))
		}
	}
	// Each garbage cookie is opened (and refused) every time; each real
	// session once, then served from the cache.
	if got := store.loads.Load() - base - 30; got != 3 {
		t.Fatalf("the 3 sessions were opened %d times in 30 requests", got)
	}
}

// keepingStore keeps every token it is given, as a server-side store
// keeps keys, to see whether they change afterwards.
type keepingStore struct {
	*storetest.Memory
	mu   sync.Mutex
	kept []string
	sums []string // a copy made at once, to compare with later
}

func (s *keepingStore) Load(ctx context.Context, token string) (store.Record, error) {
	s.mu.Lock()
	s.kept = append(s.kept, token)
	s.sums = append(s.sums, strings.Clone(token))
	s.mu.Unlock()
	return s.Memory.Load(ctx, token)
}

// Whatever a store receives from a request is its own copy: fasthttp
// reuses its buffers, so a token that pointed into them would change
// under a store that keeps it.
func TestStoreReceivesItsOwnCopy(t *testing.T) {
	store := &keepingStore{Memory: storetest.NewMemory()}
	auth := testAuth(t, func(c *core.Config) { c.Sessions.Store = store; c.Sessions.CacheSize = -1 })
	app := newApp()
	app.Get("/x", workosfiber.RequireWorkOS(auth), func(c *fiber.Ctx) error { return nil })
	var reqs []*http.Request
	for _, email := range []string{"alice@acme.test", "bob@acme.test", "carol@globex.test"} {
		reqs = append(reqs, signedIn(t, auth, get("/x"), email))
	}
	for range 5 {
		for _, req := range reqs {
			do(t, app, req.Clone(context.Background()))
			garbage := "wos-session=" + strings.Repeat("Z", len(req.Header.Get("Cookie")))
			do(t, app, get("/x", "Cookie", garbage, "Accept", "application/json"))
		}
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	if len(store.kept) < 30 {
		t.Fatalf("the store was asked %d times, want 30 or more", len(store.kept))
	}
	for i := range store.kept {
		if store.kept[i] != store.sums[i] {
			t.Fatalf("token %d changed after the request: the store was handed the request's buffer", i)
		}
	}
}

// Fiber believes X-Forwarded-* by default; this adapter does not. The
// Host header decides the origin check, and a forwarded scheme, host or
// address from a peer that is not a trusted proxy changes nothing.
func TestForwardedHeadersAreNotTrusted(t *testing.T) {
	auth := testAuth(t, func(c *core.Config) { c.Cookies.TrustedProxies = []string{"203.0.113.0/24"} })
	app := newApp(fiber.Config{ProxyHeader: fiber.HeaderXForwardedFor}) // Fiber's proxy check off: it trusts everyone
	workosfiber.Register(app.Group("/auth"), auth)
	var fiberHost, fiberIP string
	app.Get("/probe", func(c *fiber.Ctx) error {
		fiberHost, fiberIP = strings.Clone(c.Hostname()), strings.Clone(c.IP())
		return nil
	})

	// On localhost rather than the configured 127.0.0.1, a sign-in moves
	// to the configured origin first, whatever X-Forwarded-Host claims.
	req := get("/auth/signin?connection=conn_01ABC", "X-Forwarded-Host", "127.0.0.1:8080")
	req.Host = "localhost:8080"
	r := do(t, app, req)
	if r.StatusCode != http.StatusFound || r.Header.Get("Location") != origin+"/auth/signin?connection=conn_01ABC" {
		t.Fatalf("off-origin sign-in: %d %q", r.StatusCode, r.Header.Get("Location"))
	}

	// On the configured host, forwarded headers naming another host and
	// scheme, from a client that claims to be a trusted proxy, do not
	// divert the sign-in: it goes to WorkOS.
	req = get("/auth/signin?connection=conn_01ABC",
		"X-Forwarded-Host", "evil.test", "X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.7")
	r = do(t, app, req)
	if loc := r.Header.Get("Location"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "https://workos.invalid/sso/authorize?") {
		t.Fatalf("sign-in: %d %q", r.StatusCode, loc)
	}

	// (Fiber itself would have believed them.)
	do(t, app, get("/probe", "X-Forwarded-Host", "evil.test", "X-Forwarded-For", "203.0.113.7"))
	if fiberHost != "evil.test" || fiberIP != "203.0.113.7" {
		t.Errorf("control: Fiber itself no longer believes the headers (host %q, ip %q); the test proves nothing", fiberHost, fiberIP)
	}
}

// The form body is bounded: over adapter.MaxFormBytes gets 413, whether Fiber
// buffers the body or streams it, and whether the client sent its length
// or chunks.
func TestFormBodyLimit(t *testing.T) {
	auth := testAuth(t, nil)
	big := url.Values{"email": {"a@b.test"}, "pad": {strings.Repeat("x", adapter.MaxFormBytes)}}.Encode()
	under := url.Values{"connection": {"conn_01ABC"}, "pad": {strings.Repeat("x", adapter.MaxFormBytes-100)}}.Encode()
	for _, stream := range []bool{false, true} {
		app := newApp(fiber.Config{StreamRequestBody: stream})
		workosfiber.Register(app.Group("/auth"), auth)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go app.Listener(ln)
		t.Cleanup(func() { app.Shutdown() })
		for _, tt := range []struct {
			body    string
			chunked bool
			want    int
		}{
			{big, false, http.StatusRequestEntityTooLarge},
			{big, true, http.StatusRequestEntityTooLarge},
			{under, false, http.StatusSeeOther},
			{under, true, http.StatusSeeOther},
		} {
			var body io.Reader = strings.NewReader(tt.body)
			if tt.chunked {
				body = io.MultiReader(body) // length unknown: sent in chunks
			}
			req, _ := http.NewRequest("POST", "/auth/signin", body)
			req.Host = strings.TrimPrefix(origin, "http://")
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Accept", "application/json")
			res, b := rawRoundTrip(t, ln.Addr().String(), req)
			if res.StatusCode != tt.want || (tt.want == 413 && (!strings.Contains(b, `"too_large"`) || !res.Close)) {
				t.Errorf("stream=%v chunked=%v %d bytes: %d close=%v %q", stream, tt.chunked, len(tt.body), res.StatusCode, res.Close, b)
			}
		}
	}
}

// rawRoundTrip sends req on a connection of its own and reads the answer,
// which may come, and the connection close, before the body is all sent.
func rawRoundTrip(t *testing.T, addr string, req *http.Request) (*http.Response, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	go req.Write(conn) // a write error after the answer is expected
	res, err := http.ReadResponse(bufio.NewReader(conn), req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// A POSTed form is read like net/http reads it.
func TestFormParsing(t *testing.T) {
	auth := testAuth(t, nil)
	app := newApp()
	workosfiber.Register(app.Group("/auth"), auth)
	post := func(target, contentType, body string) response {
		req := request("POST", target, strings.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("Accept", "application/json")
		return do(t, app, req)
	}
	if r := post("/auth/signin", "application/x-www-form-urlencoded", "connection=conn_01ABC&return_to=%2Fdashboard"); r.StatusCode != 303 ||
		!strings.Contains(r.Header.Get("Location"), "connection=conn_01ABC") {
		t.Errorf("form: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if r := post("/auth/signin", "application/x-www-form-urlencoded; charset=utf-8", "connection=conn_01%zz"); r.StatusCode != 400 {
		t.Errorf("bad escape: %d %q", r.StatusCode, r.body)
	}
	if r := post("/auth/signin?connection=conn_01ABC", "application/x-www-form-urlencoded", "connection=conn_01DEF"); r.StatusCode != 400 ||
		!strings.Contains(r.body, "more than once") {
		t.Errorf("query and body both: %d %q", r.StatusCode, r.body)
	}
	// A body that is not a form is not read as one.
	if r := post("/auth/signin?connection=conn_01ABC", "text/plain", "connection=conn_01DEF"); r.StatusCode != 303 {
		t.Errorf("text body: %d %q", r.StatusCode, r.body)
	}
}

// Refusals: a browser is redirected (a HEAD without body), anything else
// gets 401 JSON; the guarded handler never runs.
func TestRefusals(t *testing.T) {
	auth := testAuth(t, nil)
	app := newApp()
	ran := false
	app.Get("/dashboard", workosfiber.RequireWorkOS(auth), func(c *fiber.Ctx) error { ran = true; return c.SendString("secret") })
	for _, method := range []string{"GET", "HEAD"} {
		req := request(method, "/dashboard?a=1", nil)
		req.Header.Set("Accept", "text/html")
		r := do(t, app, req)
		if r.StatusCode != 303 || r.Header.Get("Location") != "/auth/signin?return_to=%2Fdashboard%3Fa%3D1" || r.body != "" {
			t.Errorf("%s: %d %q %q", method, r.StatusCode, r.Header.Get("Location"), r.body)
		}
	}
	r := do(t, app, get("/dashboard", "Accept", "application/json"))
	if r.StatusCode != 401 || r.Header.Get("Content-Type") != "application/json; charset=utf-8" ||
		r.Header.Get("WWW-Authenticate") == "" || !strings.HasPrefix(r.body, `{"error":"unauthenticated"`) {
		t.Errorf("API: %d %q %q", r.StatusCode, r.Header.Get("Content-Type"), r.body)
	}
	if ran {
		t.Error("the guarded handler ran")
	}
}

// A guard around the whole app lets the auth routes through, but not a
// path that is one only once unescaped or cleaned.
func TestGuardAroundTheAppAndAuthPathLookalikes(t *testing.T) {
	auth := testAuth(t, nil)
	app := newApp()
	app.Use(workosfiber.RequireWorkOS(auth))
	workosfiber.Register(app.Group("/auth"), auth)
	app.Get("/:page", func(c *fiber.Ctx) error { return c.SendString("page") })
	app.Get("/files/*", func(c *fiber.Ctx) error { return c.SendString("file") })
	if r := do(t, app, get("/auth/signin")); r.StatusCode != 200 {
		t.Errorf("sign-in page behind a global guard: %d", r.StatusCode)
	}
	for _, target := range []string{"/auth%2Fsignin", "/files/..%2Fauth%2Fsignin", "/files/../auth/signin", "/files/%2e%2e/auth/signin"} {
		req := get(target, "Accept", "application/json") // sent as is
		if r := do(t, app, req); r.StatusCode != 401 {
			t.Errorf("%s: %d %q", target, r.StatusCode, r.body)
		}
	}
}

// OnDenied's handler sees the denial in the user context, and its error
// goes to the app's ErrorHandler.
func TestOnDenied(t *testing.T) {
	auth := testAuth(t, nil)
	errDenied := errors.New("denied by policy")
	app := newApp(fiber.Config{ErrorHandler: func(c *fiber.Ctx, err error) error {
		if errors.Is(err, errDenied) {
			return c.Status(http.StatusUnavailableForLegalReasons).SendString("handled: " + err.Error())
		}
		return fiber.DefaultErrorHandler(c, err)
	}})
	ran := false
	guarded := func(c *fiber.Ctx) error { ran = true; return nil }
	app.Get("/teapot", workosfiber.OnDenied(func(c *fiber.Ctx) error {
		d, ok := core.RefusalFrom(c.UserContext())
		if !ok {
			return errors.New("no refusal")
		}
		return c.Status(http.StatusTeapot).SendString("denied " + d.Code + " " + d.SignInURL)
	}).RequireWorkOS(auth), guarded)
	app.Get("/err", workosfiber.OnDenied(func(c *fiber.Ctx) error {
		return errDenied
	}).RequireWorkOS(auth, core.RequireRole("admin")), guarded)

	if r := do(t, app, get("/teapot")); r.StatusCode != 418 || r.body != "denied unauthenticated /auth/signin?return_to=%2Fteapot" {
		t.Errorf("teapot: %d %q", r.StatusCode, r.body)
	}
	if r := do(t, app, signedIn(t, auth, get("/err"), "bob@acme.test")); r.StatusCode != 451 || r.body != "handled: denied by policy" {
		t.Errorf("error flow: %d %q", r.StatusCode, r.body)
	}
	if ran {
		t.Error("a guarded handler ran after a denial")
	}
}

// Register mounts this mode's routes, each for every method, so that core
// answers a wrong method with 405 and Allow, as on every router; AuthKit's
// routes are not mounted in SSO mode.
func TestRegisterRoutes(t *testing.T) {
	auth := testAuth(t, nil)
	app := newApp()
	workosfiber.Register(app.Group("/auth"), auth)
	for _, rt := range app.GetRoutes(true) {
		if strings.Contains(rt.Path, "organization") {
			t.Errorf("SSO mode mounts %s %s", rt.Method, rt.Path)
		}
	}
	for _, tt := range []struct {
		method, target string
		want           int
		allow          string
	}{
		{"GET", "/auth/signin", 200, ""},
		{"HEAD", "/auth/signin", 200, ""},
		{"PUT", "/auth/signin", 405, "GET, HEAD, POST"},
		{"GET", "/auth/callback", 303, ""},
		{"POST", "/auth/callback", 405, "GET, HEAD"},
		{"GET", "/auth/signout", 405, "POST"},
		{"DELETE", "/auth/signout", 405, "POST"},
		{"POST", "/auth/signout", 303, ""},
	} {
		r := do(t, app, request(tt.method, tt.target, nil))
		if r.StatusCode != tt.want || r.Header.Get("Allow") != tt.allow {
			t.Errorf("%s %s: %d Allow %q, want %d %q", tt.method, tt.target, r.StatusCode, r.Header.Get("Allow"), tt.want, tt.allow)
		}
	}
}

// Sign-out clears the session cookie, and a cross-site one is refused.
func TestSignOut(t *testing.T) {
	auth := testAuth(t, nil)
	app := newApp()
	workosfiber.Register(app.Group("/auth"), auth)
	req := signedIn(t, auth, request("POST", "/auth/signout", nil), "alice@acme.test")
	req.Header.Set("Origin", "https://evil.test")
	if r := do(t, app, req); r.StatusCode != 403 || len(r.Cookies()) != 0 {
		t.Fatalf("cross-site: %d, cookies %v", r.StatusCode, r.Cookies())
	}
	req = signedIn(t, auth, request("POST", "/auth/signout", nil), "alice@acme.test")
	req.Header.Set("Origin", origin)
	r := do(t, app, req)
	if r.StatusCode != 303 {
		t.Fatalf("sign-out: %d", r.StatusCode)
	}
	cleared := false
	for _, c := range r.Cookies() {
		cleared = cleared || (c.Name == "wos-session" && c.MaxAge < 0)
	}
	if !cleared {
		t.Fatalf("session cookie not cleared: %q", r.Header.Values("Set-Cookie"))
	}
}

// A whole sign-in through the emulator: sign-in, WorkOS, callback, the
// guarded page.
func TestSignInEndToEnd(t *testing.T) {
	emu := workostest.NewServer(t, workostest.Options{RedirectURIs: []string{origin + "/auth/callback"}, AutoSelect: true})
	auth := testAuth(t, func(c *core.Config) {
		c.ClientID, c.APIKey, c.WorkOS.BaseURL = emu.ClientID, core.NewSecret(emu.APIKey), emu.URL
		c.SignIn.AfterPath = "/dashboard"
	})
	app := standardApp(auth)

	r := do(t, app, get("/auth/signin?email=alice@acme.test&return_to=%2Fctx"))
	if r.StatusCode != 303 {
		t.Fatalf("sign-in: %d %q", r.StatusCode, r.body)
	}
	flow := r.Cookies()
	authorize, _ := http.NewRequest("GET", r.Header.Get("Location"), nil)
	res, err := http.DefaultTransport.RoundTrip(authorize)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	back, err := url.Parse(res.Header.Get("Location"))
	if err != nil || !strings.HasPrefix(back.String(), origin+"/auth/callback?") {
		t.Fatalf("emulator sent the browser to %q (%d)", res.Header.Get("Location"), res.StatusCode)
	}
	cb := get(back.RequestURI())
	for _, c := range flow {
		cb.AddCookie(c)
	}
	r = do(t, app, cb)
	if r.StatusCode != 303 || r.Header.Get("Location") != "/ctx" {
		t.Fatalf("callback: %d %q %q", r.StatusCode, r.Header.Get("Location"), r.body)
	}
	page := get("/ctx")
	for _, c := range r.Cookies() {
		if c.MaxAge >= 0 && c.Value != "" {
			page.AddCookie(c)
		}
	}
	if r = do(t, app, page); r.StatusCode != 200 || r.body != "ctx alice@acme.test" {
		t.Fatalf("guarded page: %d %q", r.StatusCode, r.body)
	}
}

// A large session is sent in chunks of cookies, up to about 6 kB: more
// than Fiber's default ReadBufferSize (4096 bytes, which bounds the
// request's headers) holds. The package doc says to raise it.
func TestLargeSessionNeedsALargerReadBuffer(t *testing.T) {
	auth := testAuth(t, nil)
	p, _ := workostest.DemoProfile("alice@acme.test")
	p.CustomAttributes = map[string]any{}
	for i := 0; i < 60; i++ {
		p.CustomAttributes[fmt.Sprintf("attribute_%02d", i)] = strings.Repeat("v", 40)
	}
	_, cookies, err := workostest.SessionCookies(context.Background(), auth, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(cookies) < 2 {
		t.Fatalf("the session fits one cookie (%d bytes); make it larger", len(cookies[0].Value))
	}
	request := func() *http.Request {
		req := get("/x", "Accept", "application/json")
		for _, c := range cookies {
			req.AddCookie(c)
		}
		return req
	}
	handler := func(c *fiber.Ctx) error {
		p, _ := workosfiber.Profile(c)
		return c.SendString(fmt.Sprint(len(p.CustomAttributes)))
	}

	app := newApp() // Fiber's default: the headers do not fit
	app.Get("/x", workosfiber.RequireWorkOS(auth), handler)
	if res, err := app.Test(request(), -1); err == nil && res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("default ReadBufferSize: %d; this test's premise no longer holds, revise the package doc", res.StatusCode)
	}

	app = newApp(fiber.Config{ReadBufferSize: 16 << 10})
	app.Get("/x", workosfiber.RequireWorkOS(auth), handler)
	if r := do(t, app, request()); r.StatusCode != 200 || r.body != "60" {
		t.Errorf("ReadBufferSize 16 KiB: %d %q", r.StatusCode, r.body)
	}
}
