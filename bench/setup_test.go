package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

// Settings shared by every benchmark.
const (
	benchPassword    = "bench-cookie-password-0123456789abcdef"
	benchRedirectURI = "http://127.0.0.1:8080/auth/callback"
	guardedPath      = "/dashboard"
	aliceEmail       = "alice@acme.test"
)

// alice is the typical SSO profile every benchmark carries: the demo seed's
// Alice (OktaSAML, role admin, groups Engineering and Admins, custom
// attribute department), about 400 bytes of JSON.
func alice(tb testing.TB) core.Profile {
	tb.Helper()
	p, ok := workostest.DemoProfile(aliceEmail)
	if !ok {
		tb.Fatal("no demo profile for " + aliceEmail)
	}
	return p
}

// aliceWithGroups is alice in n directory groups.
func aliceWithGroups(tb testing.TB, n int) core.Profile {
	p := alice(tb)
	p.Groups = make([]string, n)
	for i := range p.Groups {
		p.Groups[i] = fmt.Sprintf("Engineering Team %03d", i)
	}
	return p
}

// newAuth returns an Auth with the bench configuration as edit leaves it.
func newAuth(tb testing.TB, edit func(*core.Config)) *core.Auth {
	tb.Helper()
	cfg := core.Config{
		ClientID:       "client_bench",
		APIKey:         core.NewSecret("sk_test_bench"),
		RedirectURI:    benchRedirectURI,
		CookiePassword: core.NewSecret(benchPassword),
	}
	if edit != nil {
		edit(&cfg)
	}
	auth, err := core.New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return auth
}

// signedIn returns a GET of the guarded path carrying p's session cookie,
// as a browser sends it after signing in through auth.
func signedIn(auth *core.Auth, p core.Profile) *http.Request {
	r := httptest.NewRequest(http.MethodGet, guardedPath, nil)
	r.Header.Set("Accept", "application/json")
	return workostest.SignIn(auth, r, p)
}

// anonymous returns a GET of the guarded path from an API client without
// a session.
func anonymous() *http.Request {
	r := httptest.NewRequest(http.MethodGet, guardedPath, nil)
	r.Header.Set("Accept", "application/json")
	return r
}

// sessionCookie returns the value of the request's session cookie.
func sessionCookie(tb testing.TB, auth *core.Auth, r *http.Request) string {
	tb.Helper()
	c, err := r.Cookie(cookieName(auth))
	if err != nil {
		tb.Fatalf("signed-in request without %s: %v", cookieName(auth), err)
	}
	return c.Value
}

// sink is an http.ResponseWriter that keeps the status and counts the body:
// unlike httptest.ResponseRecorder it does not grow when reused.
type sink struct {
	h    http.Header
	code int
	n    int
}

func newSink() *sink { return &sink{h: http.Header{}} }

// Header implements http.ResponseWriter.
func (s *sink) Header() http.Header { return s.h }

// WriteHeader implements http.ResponseWriter.
func (s *sink) WriteHeader(code int) {
	if s.code == 0 {
		s.code = code
	}
}

// Write implements http.ResponseWriter.
func (s *sink) Write(p []byte) (int, error) {
	s.WriteHeader(http.StatusOK)
	s.n += len(p)
	return len(p), nil
}

// status is the answer's status (200 when the handler wrote nothing).
func (s *sink) status() int {
	if s.code == 0 {
		return http.StatusOK
	}
	return s.code
}

// reset forgets the previous answer.
func (s *sink) reset() {
	clear(s.h)
	s.code, s.n = 0, 0
}

// probe is the no-op handler's memory: while armed, the handler records the
// email it found in the context; disarmed (in the timed loop) it does
// nothing but test a bool.
type probe struct {
	armed bool
	email string
}

// arm clears the probe and arms it.
func (p *probe) arm() { p.armed, p.email = true, "" }

// expect disarms the probe and fails unless the handler saw want.
func (p *probe) expect(tb testing.TB, want string) {
	tb.Helper()
	p.armed = false
	if p.email != want {
		tb.Fatalf("handler saw %q in the context, want %q", p.email, want)
	}
}

// expectStatus fails unless the sink got the status.
func expectStatus(tb testing.TB, w *sink, want int) {
	tb.Helper()
	if got := w.status(); got != want {
		tb.Fatalf("status %d, want %d", got, want)
	}
}

// cookieName is the name of auth's session cookie, as the cookies of a
// new session have it.
func cookieName(auth *core.Auth) string {
	_, cookies, err := workostest.SessionCookies(context.Background(), auth, core.Profile{ID: "prof_name", Email: "name@acme.test"})
	if err != nil || len(cookies) == 0 {
		panic(fmt.Sprintf("the cookies of a new session: %v", err))
	}
	return cookies[0].Name
}
