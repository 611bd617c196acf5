package core_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/adapter"
	"github.com/ssokit/workosauth/internal/httpx"
	"github.com/ssokit/workosauth/workostest"
)

// The end-to-end harness of the hardening tests: the net/http adapter and
// core in a real HTTP server on loopback, the workostest emulator as
// WorkOS, and browsers with cookie jars of their own that follow redirects
// one hop at a time.

const (
	hardPassword  = "hardening-cookie-password-0123456789abcdef"
	otherPassword = "another-apps-cookie-password-0123456789ab"
	connAcme      = "conn_01DEMOACMEOKTA"
)

// logRec keeps every line a text slog.Logger writes to it.
type logRec struct {
	mu    sync.Mutex
	lines []string
}

func (l *logRec) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, strings.TrimSuffix(string(b), "\n"))
	return len(b), nil
}

func (l *logRec) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func (l *logRec) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// panicLog catches what net/http logs, such as "http: panic serving".
type panicLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (p *panicLog) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.buf.Write(b)
}

func (p *panicLog) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.buf.String()
}

// clock is a clock for core.Config.Now that tests move forward.
type clock struct{ offset atomic.Int64 }

func (c *clock) Now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *clock) Advance(d time.Duration) { c.offset.Add(int64(d)) }

// appOptions shape a test app.
type appOptions struct {
	// config edits the core.Config (after the defaults are filled in).
	config func(*core.Config)
	// seed is the emulator's data; workostest.DemoSeed when zero.
	seed workostest.Seed
	// redirectPath is the callback path; "/auth/callback" when empty.
	redirectPath string
	// publicURL is the origin browsers use (a proxy's); the app's own
	// URL when empty.
	publicURL string
	// routes builds the app's handler; defaultRoutes when nil.
	routes func(a *testApp) http.Handler
}

// testApp is an app under test.
type testApp struct {
	t      testing.TB
	wos    *workostest.Server
	srv    *httptest.Server
	URL    string // the app's own URL, http://127.0.0.1:port
	cfg    core.Config
	logs   *logRec
	panics *panicLog
	opts   appOptions

	mu      sync.Mutex
	auth    *core.Auth
	handler atomic.Pointer[http.Handler]
}

func newApp(t testing.TB, opts appOptions) *testApp {
	t.Helper()
	wos := workostest.NewServer(t, workostest.Options{Seed: opts.seed, AutoSelect: true})
	srv := httptest.NewUnstartedServer(nil)
	a := &testApp{t: t, wos: wos, srv: srv, URL: "http://" + srv.Listener.Addr().String(), logs: &logRec{}, panics: &panicLog{}, opts: opts}
	if opts.redirectPath == "" {
		opts.redirectPath = "/auth/callback"
		a.opts.redirectPath = opts.redirectPath
	}
	a.cfg = core.Config{
		ClientID:       wos.ClientID,
		APIKey:         core.NewSecret(wos.APIKey),
		RedirectURI:    cmp.Or(opts.publicURL, a.URL) + opts.redirectPath,
		CookiePassword: core.NewSecret(hardPassword),
		Logger:         a.logs.logger(),
		WorkOS: core.WorkOSConfig{
			BaseURL: wos.URL,
			Timeout: 5 * time.Second,
		},
	}
	if opts.config != nil {
		opts.config(&a.cfg)
	}
	a.reconfigure(nil)
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { (*a.handler.Load()).ServeHTTP(w, r) })
	srv.Config.ErrorLog = log.New(a.panics, "", 0)
	srv.Start()
	t.Cleanup(func() {
		srv.Close()
		if s := a.panics.String(); strings.Contains(s, "panic") {
			t.Errorf("the app panicked:\n%s", s)
		}
	})
	return a
}

// reconfigure rebuilds the app's Auth (and routes) with edit applied to
// its configuration; the server, the emulator and the browsers stay.
func (a *testApp) reconfigure(edit func(*core.Config)) {
	a.t.Helper()
	a.mu.Lock()
	defer a.mu.Unlock()
	if edit != nil {
		edit(&a.cfg)
	}
	auth, err := core.New(a.cfg)
	if err != nil {
		a.t.Fatalf("core.New: %v", err)
	}
	a.auth = auth
	a.wos.AddRedirectURI(a.cfg.RedirectURI)
	routes := a.opts.routes
	if routes == nil {
		routes = defaultRoutes
	}
	h := routes(a)
	a.handler.Store(&h)
}

func (a *testApp) Auth() *core.Auth {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.auth
}

// ServeHTTP serves a request in process, through the app's current handler.
func (a *testApp) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	(*a.handler.Load()).ServeHTTP(w, r)
}

// whoAmI is what the guarded pages of the default routes answer.
type whoAmI struct {
	Email  string         `json:"email"`
	Path   string         `json:"path"`
	Groups []string       `json:"groups"`
	Attrs  map[string]any `json:"custom_attributes"`
	Cookie int            `json:"cookie_header_bytes"`
}

func whoAmIHandler(w http.ResponseWriter, r *http.Request) {
	p, ok := core.ProfileFrom(r.Context())
	if !ok {
		http.Error(w, "no profile behind the guard", http.StatusTeapot)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(whoAmI{Email: p.Email, Path: r.URL.RequestURI(), Groups: p.Groups, Attrs: p.CustomAttributes, Cookie: len(r.Header.Get("Cookie"))})
}

// defaultRoutes: the auth routes under the configured AuthPath, guarded
// pages at / (and everything else), /dashboard and /tab/..., and /public.
func defaultRoutes(a *testApp) http.Handler {
	auth := a.auth
	mux := http.NewServeMux()
	mux.Handle(authPath(auth)+"/", authRoutes(auth))
	guard := requireWorkOS(auth)
	mux.Handle("/", guard(http.HandlerFunc(whoAmIHandler)))
	mux.Handle("/public", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "public") }))
	return mux
}

// page is one answer a browser got, after following redirects.
type page struct {
	status     int
	url        *url.URL // the URL that gave this answer
	body       string
	header     http.Header
	hops       []string // "STATUS URL -> Location" for every redirect followed
	setCookies []string // every Set-Cookie line seen on the way
}

func (p page) who(t tb) whoAmI {
	t.Helper()
	var w whoAmI
	if p.status != http.StatusOK || json.Unmarshal([]byte(p.body), &w) != nil {
		t.Fatalf("want a guarded page, got %d at %v: %.300s\nhops: %s", p.status, p.url, p.body, strings.Join(p.hops, "\n"))
	}
	return w
}

func (p page) String() string {
	return fmt.Sprintf("%d at %v: %.200s\nhops:\n  %s", p.status, p.url, p.body, strings.Join(p.hops, "\n  "))
}

// tb is what a browser needs of a test: a *testing.T, or a goTB in a
// goroutine of its own.
type tb interface {
	Helper()
	Fatalf(format string, args ...any)
	Cleanup(func())
}

// goTB reports a browser's failure from a goroutine that is not the
// test's: the test fails and the goroutine ends (its defers run).
type goTB struct{ t *testing.T }

func (g goTB) Helper()          {}
func (g goTB) Cleanup(f func()) { g.t.Cleanup(f) }
func (g goTB) Fatalf(format string, args ...any) {
	g.t.Errorf(format, args...)
	runtime.Goexit()
}

// browser is one browser: a cookie jar and a client that does not follow
// redirects by itself.
type browser struct {
	t       tb
	jar     *cookiejar.Jar
	c       *http.Client
	tr      *http.Transport
	allowed map[string]bool // hosts the browser may be sent to
	accept  string
}

func (a *testApp) browser() *browser {
	return newBrowser(a.t, nil, a.URL, a.wos.URL)
}

// newBrowser returns a browser that may visit the origins given (any
// redirect elsewhere fails the test); tr is its transport (a fresh one
// when nil).
func newBrowser(t tb, tr *http.Transport, origins ...string) *browser {
	jar, _ := cookiejar.New(nil)
	if tr == nil {
		tr = http.DefaultTransport.(*http.Transport).Clone()
	}
	t.Cleanup(tr.CloseIdleConnections)
	b := &browser{t: t, jar: jar, tr: tr, allowed: map[string]bool{}, accept: "text/html,application/xhtml+xml"}
	for _, o := range origins {
		u, err := url.Parse(o)
		if err != nil {
			t.Fatalf("%v", err)
		}
		b.allowed[u.Host] = true
	}
	b.c = &http.Client{
		Jar:           jar,
		Transport:     tr,
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return b
}

func (b *browser) allow(origin string) {
	u, _ := url.Parse(origin)
	b.allowed[u.Host] = true
}

// request sends one request and reads the answer whole.
func (b *browser) request(method, target string, body io.Reader, header http.Header) (page, error) {
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		return page{}, err
	}
	req.Header.Set("Accept", b.accept)
	for k, vs := range header {
		if k == "Host" {
			req.Host = vs[0] // what a client may claim, whatever it connects to
			continue
		}
		req.Header[k] = vs
	}
	if method == http.MethodPost && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := b.c.Do(req)
	if err != nil {
		return page{}, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return page{}, err
	}
	return page{status: resp.StatusCode, url: req.URL, body: string(data), header: resp.Header, setCookies: resp.Header.Values("Set-Cookie")}, nil
}

// stopAt tells follow to stop before requesting a URL.
type stopAt func(*url.URL) bool

func beforeCallback(u *url.URL) bool { return strings.HasSuffix(u.Path, "/callback") }

// navigate requests target and follows redirects, at most 15, as a browser
// does (303 and 302 become GET, 307 keeps the method and body). With stop
// set, it returns the redirect whose Location stop matches, unrequested.
func (b *browser) navigate(method, target string, form url.Values, header http.Header, stop stopAt) page {
	b.t.Helper()
	var hops, cookies []string
	body := ""
	if form != nil {
		body = form.Encode()
	}
	for i := 0; i < 15; i++ {
		u, err := url.Parse(target)
		if err != nil {
			b.t.Fatalf("bad URL %q: %v", target, err)
		}
		if !b.allowed[u.Host] {
			b.t.Fatalf("the browser was sent off the app: %s\nhops:\n  %s", target, strings.Join(hops, "\n  "))
		}
		var rd io.Reader
		if method == http.MethodPost {
			rd = strings.NewReader(body)
		}
		p, err := b.request(method, target, rd, header)
		if err != nil {
			b.t.Fatalf("%s %s: %v\nhops:\n  %s", method, target, err, strings.Join(hops, "\n  "))
		}
		cookies = append(cookies, p.setCookies...)
		p.hops, p.setCookies = hops, cookies
		if p.status < 300 || p.status > 399 || p.header.Get("Location") == "" {
			return p
		}
		next, err := u.Parse(p.header.Get("Location"))
		if err != nil {
			b.t.Fatalf("bad Location %q: %v", p.header.Get("Location"), err)
		}
		hops = append(hops, fmt.Sprintf("%d %s -> %s", p.status, target, next))
		p.hops = hops
		if stop != nil && stop(next) {
			p.url = next
			return p
		}
		if p.status != http.StatusTemporaryRedirect && p.status != http.StatusPermanentRedirect {
			method, body, header = http.MethodGet, "", nil
		}
		target = next.String()
	}
	b.t.Fatalf("redirect loop:\n  %s", strings.Join(hops, "\n  "))
	return page{}
}

func (b *browser) get(target string) page {
	b.t.Helper()
	return b.navigate("GET", target, nil, nil, nil)
}

func (b *browser) post(target string, form url.Values, header http.Header) page {
	b.t.Helper()
	return b.navigate("POST", target, form, header, nil)
}

// cookies returns the browser's cookies for a URL, by name.
func (b *browser) cookies(target string) map[string]string {
	u, _ := url.Parse(target)
	out := map[string]string{}
	for _, c := range b.jar.Cookies(u) {
		out[c.Name] = c.Value
	}
	return out
}

// sessionCookies returns the browser's session cookie and chunks for a URL.
func (b *browser) sessionCookies(target string) map[string]string {
	out := map[string]string{}
	for n, v := range b.cookies(target) {
		if strings.Contains(n, "wos-session") {
			out[n] = v
		}
	}
	return out
}

func (b *browser) setCookie(target string, c *http.Cookie) {
	u, _ := url.Parse(target)
	b.jar.SetCookies(u, []*http.Cookie{c})
}

// signIn signs the browser in through the connection as the user email
// names and checks it lands on /dashboard signed in as that user.
func (a *testApp) signIn(b *browser, email string) page {
	a.t.Helper()
	p := b.get(a.signInURL(url.Values{"email": {email}, "return_to": {"/dashboard"}}))
	if w := p.who(a.t); w.Email != email || w.Path != "/dashboard" {
		a.t.Fatalf("signed in as %q at %q, want %q at /dashboard\n%s", w.Email, w.Path, email, p)
	}
	return p
}

func (a *testApp) signInURL(q url.Values) string {
	return a.URL + a.Auth().SignInURL("") + "?" + q.Encode()
}

// signedOut checks that the browser has no session: a guarded page sends
// it to the sign-in page and no session cookie is left.
func (a *testApp) signedOut(b *browser) {
	a.t.Helper()
	p, err := b.request("GET", a.URL+"/dashboard", nil, http.Header{"Accept": {"text/html"}})
	if err != nil {
		a.t.Fatal(err)
	}
	if p.status != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), a.Auth().SignInURL("")) {
		a.t.Fatalf("want signed out (303 to the sign-in page), got %s", p)
	}
}

// stillServes checks that the app answers an ordinary request.
func (a *testApp) stillServes() {
	a.t.Helper()
	resp, err := http.Get(a.URL + "/public")
	if err != nil {
		a.t.Fatalf("the app stopped serving: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		a.t.Fatalf("/public answered %d", resp.StatusCode)
	}
}

// sessionSet reports whether any Set-Cookie line sets (not deletes) a
// session cookie or chunk.
func sessionSet(lines []string) bool {
	for _, l := range lines {
		c, err := http.ParseSetCookie(l)
		if err == nil && strings.Contains(c.Name, "wos-session") && c.Value != "" && c.MaxAge >= 0 {
			return true
		}
	}
	return false
}

// inProcess serves one request through h and returns the recorder.
func inProcess(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r.WithContext(context.Background()))
	return rec
}

// authRoutes serves the auth routes over net/http, as an adapter does
// (workoshttp.Handler), through core/adapter: core's own behaviour, with
// no router of its own in the way.
func authRoutes(auth *core.Auth) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		adapter.Serve(auth, &httpx.Exchange{W: w, R: r})
	})
}

// requireWorkOS guards a handler over net/http, as an adapter's
// RequireWorkOS does, through core/adapter.
func requireWorkOS(auth *core.Auth, opts ...core.GuardOption) func(http.Handler) http.Handler {
	g, err := adapter.NewGuard(auth, opts...)
	if err != nil {
		panic(err)
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			x := &httpx.Exchange{W: w, R: r}
			s, refusal := g.Check(x)
			if refusal != nil {
				g.Refuse(x, refusal)
				return
			}
			if s != nil {
				r = r.WithContext(adapter.WithSession(r.Context(), s))
			}
			next.ServeHTTP(w, r)
		})
	}
}

// authPath is the path the auth routes are under, e.g. "/auth".
func authPath(auth *core.Auth) string { return path.Dir(auth.SignOutPath()) }
