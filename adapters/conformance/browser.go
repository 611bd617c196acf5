package conformance

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
)

// Accept headers of the clients the suite plays.
const (
	acceptHTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" // a browser navigation
	acceptJSON = "application/json"                                                // an API client
	acceptAny  = "*/*"                                                             // fetch() without an Accept
)

// browser is one browser: a cookie jar and a client that does not follow
// redirects by itself, so that each hop can be checked. Every answer of
// the app goes through the invariants of [checker].
type browser struct {
	t   *testing.T
	e   *env
	jar *cookiejar.Jar
	c   *http.Client
}

func (e *env) browser(t *testing.T) *browser {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, e: e, jar: jar, c: e.client(t, jar)}
}

// client returns an HTTP client with jar (nil: none) whose answers from the
// app are checked.
func (e *env) client(t *testing.T, jar http.CookieJar) *http.Client {
	return &http.Client{
		Jar:           jar,
		Transport:     &checker{t: t, e: e, base: e.tr},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// checker holds every answer of the app to what must hold for all of
// them: never a 5xx (but 503 from an env whose store is down);
// Cache-Control no-store on any answer that sets or
// clears a cookie; every cookie HttpOnly, SameSite=Lax, Path=/.
type checker struct {
	t    *testing.T
	e    *env
	base http.RoundTripper
}

func (c *checker) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.base.RoundTrip(req)
	if err != nil || !c.e.isApp(req.URL) {
		return resp, err
	}
	c.t.Helper()
	what := req.Method + " " + req.URL.RequestURI()
	if resp.StatusCode >= 500 && !(c.e.outage && resp.StatusCode == http.StatusServiceUnavailable) {
		c.t.Errorf("%s answered %d; the app must never answer 5xx here", what, resp.StatusCode)
	}
	cookies := resp.Cookies()
	if len(resp.Header.Values("Set-Cookie")) > 0 && !strings.Contains(resp.Header.Get("Cache-Control"), "no-store") {
		c.t.Errorf("%s sets cookies %s with Cache-Control %q; want no-store", what, cookieNames(cookies), resp.Header.Get("Cache-Control"))
	}
	for _, ck := range cookies {
		if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" {
			c.t.Errorf("%s sets cookie %s with HttpOnly=%v SameSite=%v Path=%q; want HttpOnly, SameSite=Lax, Path=/", what, ck.Name, ck.HttpOnly, ck.SameSite, ck.Path)
		}
	}
	return resp, nil
}

func cookieNames(cs []*http.Cookie) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Name
	}
	return strings.Join(names, ",")
}

// response is an answer, read whole.
type response struct {
	Method  string
	URL     *url.URL
	Status  int
	Header  http.Header
	Body    string
	Cookies []*http.Cookie // the Set-Cookie of the answer
}

func (r *response) String() string {
	s := r.Method + " " + r.URL.String() + " -> " + http.StatusText(r.Status)
	if loc := r.Header.Get("Location"); loc != "" {
		s += " " + loc
	}
	return s
}

// location is the answer's Location resolved against its URL, or nil.
func (r *response) location() *url.URL {
	loc := r.Header.Get("Location")
	if loc == "" {
		return nil
	}
	u, err := r.URL.Parse(loc)
	if err != nil {
		return nil
	}
	return u
}

func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// cookie returns the Set-Cookie called name, or nil.
func (r *response) cookie(name string) *http.Cookie {
	for _, c := range r.Cookies {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// jsonBody decodes the body as a JSON object, failing the test when it is
// not JSON.
func (r *response) jsonBody(t *testing.T) map[string]any {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: Content-Type %q, want application/json", r, ct)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(r.Body), &m); err != nil {
		t.Fatalf("%s: the body is not a JSON object: %v: %.300q", r, err, r.Body)
	}
	return m
}

// send makes a request, reads the answer and returns it.
func send(t *testing.T, c *http.Client, req *http.Request) *response {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", req.Method, req.URL, err)
	}
	return &response{Method: req.Method, URL: req.URL, Status: resp.StatusCode, Header: resp.Header, Body: string(body), Cookies: resp.Cookies()}
}

// newRequest builds a request to target, an absolute URL or a path on the
// app; body, when not nil, is sent as a form.
func (e *env) newRequest(t *testing.T, method, target, accept string, form url.Values) *http.Request {
	t.Helper()
	if strings.HasPrefix(target, "/") {
		target = e.url(target)
	}
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	return req
}

// do sends a request with the browser's cookies; header adds headers.
func (b *browser) do(method, target, accept string, form url.Values, header ...string) *response {
	b.t.Helper()
	req := b.e.newRequest(b.t, method, target, accept, form)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return send(b.t, b.c, req)
}

// nav is a browser navigation to target.
func (b *browser) nav(target string) *response {
	b.t.Helper()
	return b.do(http.MethodGet, target, acceptHTML, nil)
}

// api is a JSON client's request to target.
func (b *browser) api(method, target string) *response {
	b.t.Helper()
	return b.do(method, target, acceptJSON, nil)
}

// follow follows the redirects of r as a browser does (GET, with its
// cookies), across the app and the emulator, and returns every answer,
// r first.
func (b *browser) follow(r *response) []*response {
	b.t.Helper()
	hops := []*response{r}
	for isRedirect(r.Status) {
		if len(hops) > 10 {
			b.t.Fatalf("more than 10 redirects: %s", chain(hops))
		}
		next := r.location()
		if next == nil {
			b.t.Fatalf("%s: a redirect without a usable Location", r)
		}
		r = b.do(http.MethodGet, next.String(), acceptHTML, nil)
		hops = append(hops, r)
	}
	return hops
}

func chain(hops []*response) string {
	s := make([]string, len(hops))
	for i, h := range hops {
		s[i] = h.String()
	}
	return strings.Join(s, " | ")
}

// appCookie returns the value of one of the browser's cookies for the app.
func (b *browser) appCookie(name string) (string, bool) {
	for _, c := range b.jar.Cookies(b.e.app) {
		if c.Name == name {
			return c.Value, true
		}
	}
	return "", false
}

// sessionCookie returns the browser's session cookie value.
func (b *browser) sessionCookie() (string, bool) {
	return b.appCookie(b.e.sessionName)
}

// cookies returns the browser's cookies for the app.
func (b *browser) cookies() []*http.Cookie { return b.jar.Cookies(b.e.app) }

// setCookies gives the browser cookies for the app.
func (b *browser) setCookies(cs []*http.Cookie) { b.jar.SetCookies(b.e.app, cs) }

// me asks /api/me as a JSON client; the body is decoded when it is 200.
func (b *browser) me() (int, map[string]any) {
	b.t.Helper()
	r := b.api(http.MethodGet, "/api/me")
	if r.Status != http.StatusOK {
		return r.Status, nil
	}
	return r.Status, r.jsonBody(b.t)
}

// wantSignedIn fails unless /api/me answers 200 for email.
func (b *browser) wantSignedIn(email string) map[string]any {
	b.t.Helper()
	status, m := b.me()
	if status != http.StatusOK || m["email"] != email {
		b.t.Fatalf("GET /api/me answered %d %v; want 200 for %s", status, m, email)
	}
	return m
}

// wantSignedOut fails unless /api/me answers 401 with a JSON error.
func (b *browser) wantSignedOut() {
	b.t.Helper()
	r := b.api(http.MethodGet, "/api/me")
	if r.Status != http.StatusUnauthorized {
		b.t.Fatalf("GET /api/me answered %d (%q); want 401, signed out", r.Status, r.Body)
	}
	if m := r.jsonBody(b.t); m["error"] == nil {
		b.t.Errorf("the 401 body has no \"error\": %v", m)
	}
}
