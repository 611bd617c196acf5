package core_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"

	"github.com/ssokit/workosauth/core"
)

// spoofed are the headers an untrusted client may send to pass for another
// host or scheme.
func spoofed() http.Header {
	return http.Header{
		"Host":               {"evil.test"},
		"X-Forwarded-Host":   {"evil.test"},
		"X-Forwarded-Proto":  {"https"},
		"X-Forwarded-Port":   {"443"},
		"X-Forwarded-Prefix": {"//evil.test"},
		"X-Original-Url":     {"https://evil.test/"},
		"Forwarded":          {"host=evil.test;proto=https"},
	}
}

// TestHardeningForwardedHeadersIgnored: from a peer that is not a trusted
// proxy, the Host and X-Forwarded-* headers change nothing. The redirect
// URI and origin come from the configuration, no answer names evil.test,
// and the sign-in completes on the app.
func TestHardeningForwardedHeadersIgnored(t *testing.T) {
	app := newApp(t, appOptions{})
	b := app.browser()

	p, err := b.request("GET", app.signInURL(url.Values{"connection": {connAcme}, "return_to": {"/dashboard"}}), nil, spoofed())
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := url.Parse(p.header.Get("Location"))
	if p.status != http.StatusSeeOther || loc.Host != strings.TrimPrefix(app.wos.URL, "http://") || loc.Query().Get("redirect_uri") != app.cfg.RedirectURI {
		t.Fatalf("sign-in with spoofed headers: %s", p)
	}
	// (The client filed the flow cookie under the Host it claimed; a
	// browser keeps it for the host it connected to.)
	fc := flowCookie(t, p)
	b.setCookie(app.URL, &http.Cookie{Name: fc.Name, Value: fc.Value, Path: "/"})
	if w := b.get(loc.String()).who(t); w.Email != "alice@acme.test" || w.Path != "/dashboard" {
		t.Fatalf("landed as %q on %q", w.Email, w.Path)
	}

	for _, tc := range []struct{ method, target string }{
		{"GET", "/auth/signin"},
		{"GET", "/auth/signin?email=nobody@nowhere.test"},
		{"GET", "/dashboard"},
		{"GET", "/auth/callback?state=s&code=c"},
		{"POST", "/auth/signout"},
	} {
		c := app.browser()
		h := spoofed()
		h.Set("Origin", "http://evil.test")
		p, err := c.request(tc.method, app.URL+tc.target, nil, h)
		if err != nil {
			t.Fatal(err)
		}
		if p.status >= 500 || strings.Contains(p.body, "evil.test") || strings.Contains(p.header.Get("Location"), "evil.test") ||
			strings.Contains(p.header.Get("Location"), "://") {
			t.Fatalf("%s %s with spoofed headers: %s (Location %q)", tc.method, tc.target, p, p.header.Get("Location"))
		}
		if tc.method == "POST" && p.status != http.StatusForbidden {
			t.Fatalf("sign-out from Origin evil.test: %s", p)
		}
	}
}

// TestHardeningTrustedProxies: X-Forwarded-Host and -Proto are believed
// only from a listed address, and even then only to send the browser to
// the configured origin, never to the forwarded one.
func TestHardeningTrustedProxies(t *testing.T) {
	start := url.Values{"connection": {connAcme}}
	for _, tc := range []struct {
		name    string
		trusted []string
		header  http.Header
		status  int
		to      string // where the answer sends the browser: "origin" or "workos"
	}{
		{"unlisted peer, foreign host", []string{"10.0.0.0/8", "192.0.2.7"}, http.Header{"X-Forwarded-Host": {"evil.test"}}, 303, "workos"},
		{"unlisted peer, other scheme", []string{"::1/128"}, http.Header{"X-Forwarded-Proto": {"https"}}, 303, "workos"},
		{"listed peer, foreign host", []string{"127.0.0.0/8"}, http.Header{"X-Forwarded-Host": {"evil.test"}}, 302, "origin"},
		{"listed peer, foreign host list", []string{"127.0.0.1"}, http.Header{"X-Forwarded-Host": {"evil.test, app.test"}}, 302, "origin"},
		{"listed peer, other scheme", []string{"127.0.0.1"}, http.Header{"X-Forwarded-Proto": {"https"}}, 302, "origin"},
		{"listed peer, the app's own host", []string{"127.0.0.1"}, nil, 303, "workos"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app := newApp(t, appOptions{config: func(c *core.Config) { c.Cookies.TrustedProxies = tc.trusted }})
			h := tc.header
			if tc.name == "listed peer, the app's own host" {
				h = http.Header{"X-Forwarded-Host": {strings.TrimPrefix(app.URL, "http://")}, "X-Forwarded-Proto": {"http"}}
			}
			b := app.browser()
			p, err := b.request("GET", app.signInURL(start), nil, h)
			if err != nil {
				t.Fatal(err)
			}
			loc := p.header.Get("Location")
			want := app.URL + app.Auth().SignInURL("") + "?"
			if tc.to == "workos" {
				want = app.wos.URL + "/sso/authorize?"
			}
			if p.status != tc.status || !strings.HasPrefix(loc, want) {
				t.Fatalf("%s, want %d to %s...", p, tc.status, want)
			}
			if w := b.get(app.URL + "/auth/signin?" + start.Encode()).who(t); w.Email != "alice@acme.test" {
				t.Fatalf("signed in as %q", w.Email)
			}
		})
	}
}

// tlsProxy starts a TLS-terminating reverse proxy in front of an app that
// does not exist yet: the proxy's URL is known before the app is built.
// keepHost forwards the browser's Host; otherwise the app sees its own
// address, as many proxies send it.
type tlsProxy struct {
	srv    *httptest.Server
	URL    string
	target *url.URL
}

func newTLSProxy(t testing.TB, keepHost bool) *tlsProxy {
	p := &tlsProxy{srv: httptest.NewUnstartedServer(nil)}
	p.URL = "https://" + p.srv.Listener.Addr().String()
	p.srv.Config.Handler = &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(p.target)
		r.SetXForwarded()
		if keepHost {
			r.Out.Host = r.In.Host
		}
	}}
	return p
}

func (p *tlsProxy) start(t testing.TB, app *testApp) *browser {
	p.target, _ = url.Parse(app.URL)
	p.srv.StartTLS()
	t.Cleanup(p.srv.Close)
	return newBrowser(t, p.srv.Client().Transport.(*http.Transport).Clone(), p.URL, app.wos.URL)
}

// TestHardeningBehindTLSProxy runs the app as plain HTTP behind a TLS
// proxy, its RedirectURI https: cookies are Secure, HttpOnly, SameSite=Lax,
// Path=/ with the __Host- prefix, and sign-in (by link and by the page's
// form), guarded pages and sign-out work whether or not the proxy keeps
// the Host header and whether or not it is a trusted proxy.
func TestHardeningBehindTLSProxy(t *testing.T) {
	for _, keepHost := range []bool{true, false} {
		for _, trusted := range [][]string{nil, {"127.0.0.1"}} {
			t.Run(fmt.Sprintf("keepHost=%v,trusted=%v", keepHost, trusted != nil), func(t *testing.T) {
				proxy := newTLSProxy(t, keepHost)
				app := newApp(t, appOptions{publicURL: proxy.URL, config: func(c *core.Config) { c.Cookies.TrustedProxies = trusted }})
				b := proxy.start(t, app)

				p := b.get(proxy.URL + "/auth/signin?" + url.Values{"connection": {connAcme}, "return_to": {"/dashboard"}}.Encode())
				if w := p.who(t); w.Email != "alice@acme.test" || p.url.Scheme != "https" {
					t.Fatalf("sign-in through the proxy: %s", p)
				}
				checkCookies(t, p.setCookies)

				// A guarded page sends a new browser to the sign-in page; its
				// form signs in.
				c := newBrowser(t, proxy.srv.Client().Transport.(*http.Transport).Clone(), proxy.URL, app.wos.URL)
				page := c.get(proxy.URL + "/dashboard")
				if page.status != http.StatusOK || !strings.Contains(page.body, `action="/auth/signin"`) || page.url.Host != strings.TrimPrefix(proxy.URL, "https://") {
					t.Fatalf("sign-in page through the proxy: %s", page)
				}
				form := url.Values{"email": {"bob@acme.test"}, "return_to": {"/dashboard"}}
				if w := c.post(proxy.URL+"/auth/signin", form, nil).who(t); w.Email != "bob@acme.test" {
					t.Fatalf("signed in as %q", w.Email)
				}

				out := c.post(proxy.URL+"/auth/signout", url.Values{}, http.Header{"Origin": {proxy.URL}})
				if out.status != http.StatusOK || len(c.sessionCookies(proxy.URL)) != 0 {
					t.Fatalf("sign-out through the proxy: %s, cookies left %v", out, c.sessionCookies(proxy.URL))
				}
			})
		}
	}
}

// checkCookies checks the attributes of every cookie set over https.
func checkCookies(t testing.TB, lines []string) {
	t.Helper()
	seen := map[string]bool{}
	for _, line := range lines {
		c, err := http.ParseSetCookie(line)
		if err != nil || !strings.HasPrefix(c.Name, "__Host-") {
			t.Fatalf("cookie without the __Host- prefix: %q", line)
		}
		if !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Domain != "" {
			t.Fatalf("cookie attributes: %q", line)
		}
		if strings.HasPrefix(c.Name, "__Host-wos-session") {
			seen["session"] = true
		}
		if strings.HasPrefix(c.Name, "__Host-wos-flow-") {
			seen["flow"] = true
		}
	}
	if !seen["session"] || !seen["flow"] {
		t.Fatalf("want session and flow cookies in %v", lines)
	}
}

// TestHardeningSubpath runs the app under /app: RedirectURI
// .../app/auth/callback puts the auth routes under /app/auth.
func TestHardeningSubpath(t *testing.T) {
	app := newApp(t, appOptions{
		redirectPath: "/app/auth/callback",
		config: func(c *core.Config) {
			c.SignIn.AfterPath, c.Sessions.AfterSignOutPath = "/app/", "/app/"
		},
		routes: func(a *testApp) http.Handler {
			mux := http.NewServeMux()
			mux.Handle("/app/auth/", authRoutes(a.auth))
			mux.Handle("/app/", requireWorkOS(a.auth)(http.HandlerFunc(whoAmIHandler)))
			return mux
		},
	})
	if got := authPath(app.Auth()); got != "/app/auth" {
		t.Fatalf("AuthPath = %q", got)
	}
	b := app.browser()
	page := b.get(app.URL + "/app/dashboard?x=1")
	if page.status != http.StatusOK || page.url.Path != "/app/auth/signin" || !strings.Contains(page.body, `action="/app/auth/signin"`) {
		t.Fatalf("sign-in page: %s", page)
	}
	form := url.Values{"email": {"alice@acme.test"}, "return_to": {page.url.Query().Get("return_to")}}
	if w := b.post(app.URL+"/app/auth/signin", form, nil).who(t); w.Email != "alice@acme.test" || w.Path != "/app/dashboard?x=1" {
		t.Fatalf("signed in as %q at %q", w.Email, w.Path)
	}
	c := app.browser()
	if w := c.get(app.URL + "/app/auth/signin?" + url.Values{"connection": {connAcme}, "return_to": {"//evil.test"}}.Encode()).who(t); w.Path != "/app/" {
		t.Fatalf("default landing %q", w.Path)
	}
	out := b.post(app.URL+"/app/auth/signout", url.Values{}, http.Header{"Origin": {app.URL}})
	if out.status != http.StatusOK || out.url.Path != "/app/auth/signin" || len(b.sessionCookies(app.URL)) != 0 {
		t.Fatalf("sign-out: %s", out)
	}
}

// TestHardeningLocalhost: the app's RedirectURI says 127.0.0.1, the user
// opens localhost. Every way into a sign-in (a guarded page, the sign-in
// page and its form, a sign-in link, a form posted from a page of the app
// on localhost) is moved to 127.0.0.1 before a flow cookie is set, so the
// flow cookie reaches the callback.
func TestHardeningLocalhost(t *testing.T) {
	app := newApp(t, appOptions{})
	local := strings.Replace(app.URL, "127.0.0.1", "localhost", 1)
	browse := func() *browser {
		b := app.browser()
		b.allow(local)
		return b
	}

	// A guarded page, then the sign-in page's form.
	b := browse()
	page := b.get(local + "/dashboard")
	if page.status != http.StatusOK || !strings.Contains(page.body, `action="/auth/signin"`) {
		t.Fatalf("sign-in page: %s", page)
	}
	action := page.url.ResolveReference(&url.URL{Path: "/auth/signin"})
	form := url.Values{"email": {"alice@acme.test"}, "return_to": {page.url.Query().Get("return_to")}}
	if p := b.post(action.String(), form, nil); p.status != http.StatusOK || !strings.Contains(p.body, "alice@acme.test") {
		t.Fatalf("sign-in through the page opened on localhost: %s", p)
	}

	// A sign-in link on localhost.
	b = browse()
	if w := b.get(local + "/auth/signin?" + url.Values{"connection": {connAcme}, "return_to": {"/dashboard"}}.Encode()).who(t); w.Email != "alice@acme.test" {
		t.Fatalf("signed in as %q", w.Email)
	}

	// A form posted straight to localhost.
	b = browse()
	if w := b.post(local+"/auth/signin", url.Values{"email": {"bob@acme.test"}, "return_to": {"/dashboard"}}, nil).who(t); w.Email != "bob@acme.test" {
		t.Fatalf("signed in as %q", w.Email)
	}
}

// TestHardeningGuardAroundWholeMux wraps the whole app, auth routes
// included, in the guard. The sign-in page is reachable and the callback
// works (no loop); an escaped path that a router hands to the catch-all
// route is not taken for an auth route; and a signed-in user who fails a
// requirement can still sign out and sign in as someone else.
func TestHardeningGuardAroundWholeMux(t *testing.T) {
	var opts []core.GuardOption
	app := newApp(t, appOptions{routes: func(a *testApp) http.Handler {
		mux := http.NewServeMux()
		mux.Handle("/auth/", authRoutes(a.auth))
		mux.Handle("/", http.HandlerFunc(whoAmIHandler))
		return requireWorkOS(a.auth, opts...)(mux)
	}})
	b := app.browser()
	page := b.get(app.URL + "/")
	if page.status != http.StatusOK || page.url.Path != "/auth/signin" {
		t.Fatalf("the sign-in page behind the guard: %s", page)
	}
	if w := b.post(app.URL+"/auth/signin", url.Values{"email": {"alice@acme.test"}, "return_to": {"/"}}, nil).who(t); w.Email != "alice@acme.test" {
		t.Fatalf("signed in as %q", w.Email)
	}

	for _, target := range []string{"/auth%2Fsignin", "/auth%2Fcallback?state=s&code=c", "/auth%2fsignout", "/%61uth/signin", "/x/..%2Fauth/signin"} {
		p, err := app.browser().request("GET", app.URL+target, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if p.status == http.StatusOK || p.status == http.StatusTeapot {
			t.Fatalf("%s reached the app without a session: %s", target, p)
		}
	}

	opts = []core.GuardOption{core.RequireRole("admin")}
	app.reconfigure(nil)
	bob := app.browser()
	bob.post(app.URL+"/auth/signin", url.Values{"email": {"bob@acme.test"}}, nil)
	p, err := bob.request("GET", app.URL+"/", nil, nil)
	if err != nil || p.status != http.StatusForbidden {
		t.Fatalf("bob (member) at /: %v %v", p.status, err)
	}
	if p := bob.get(app.URL + "/auth/signin"); p.status != http.StatusOK || !strings.Contains(p.body, `name="email"`) {
		t.Fatalf("bob cannot reach the sign-in page: %s", p)
	}
	out := bob.post(app.URL+"/auth/signout", url.Values{}, http.Header{"Origin": {app.URL}})
	if out.status != http.StatusOK || len(bob.sessionCookies(app.URL)) != 0 {
		t.Fatalf("bob cannot sign out: %s", out)
	}
	if w := bob.post(app.URL+"/auth/signin", url.Values{"email": {"alice@acme.test"}, "return_to": {"/"}}, nil).who(t); w.Email != "alice@acme.test" {
		t.Fatalf("switched to %q", w.Email)
	}
}
