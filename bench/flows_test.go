package bench

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

// authRequest serves one request to the auth routes through the net/http
// handler and returns the answer.
type authRequest struct {
	h http.Handler
	w *sink
}

func newAuthRequest(auth *core.Auth) *authRequest {
	return &authRequest{h: workoshttp.Handler(auth), w: newSink()}
}

// serve runs r, forgetting the previous answer first (a server starts each
// answer with empty headers).
func (a *authRequest) serve(r *http.Request) {
	a.w.reset()
	a.h.ServeHTTP(a.w, r)
}

// expectRedirect fails unless the last answer redirected (303) to a URL
// containing want and set a cookie whose name starts with cookie.
func (a *authRequest) expectRedirect(tb testing.TB, want, cookie string) {
	tb.Helper()
	expectStatus(tb, a.w, http.StatusSeeOther)
	if loc := a.w.h.Get("Location"); !strings.Contains(loc, want) {
		tb.Fatalf("redirect to %q, want one containing %q", loc, want)
	}
	for _, c := range a.w.h["Set-Cookie"] {
		if strings.HasPrefix(c, cookie) {
			return
		}
	}
	tb.Fatalf("no cookie %s* among %q", cookie, a.w.h["Set-Cookie"])
}

// BenchmarkSignInStart starts a sign-in for a connection: state, PKCE
// verifier and challenge, the sealed flow cookie, the authorize URL.
func BenchmarkSignInStart(b *testing.B) {
	auth := newAuth(b, nil)
	ar := newAuthRequest(auth)
	r := httptest.NewRequest(http.MethodGet, "/auth/signin?connection=conn_x", nil)
	ar.serve(r)
	ar.expectRedirect(b, "/sso/authorize?", "wos-flow-")
	measure(b, func() { ar.serve(r) })
}

// emulated returns an Auth whose WorkOS is a fresh emulator on loopback
// (AutoSelect: /sso/authorize signs in at once) with its default HTTP
// client, which keeps connections alive.
func emulated(b *testing.B) (*core.Auth, *workostest.Server) {
	srv := workostest.NewServer(b, workostest.Options{RedirectURIs: []string{benchRedirectURI}, AutoSelect: true})
	auth := newAuth(b, func(c *core.Config) {
		c.WorkOS.BaseURL, c.ClientID, c.APIKey = srv.URL, srv.ClientID, core.NewSecret(srv.APIKey)
	})
	return auth, srv
}

// BenchmarkDomainLookupCached starts a sign-in by email whose domain the
// resolver already knows: no call to WorkOS (the emulator counts them).
func BenchmarkDomainLookupCached(b *testing.B) {
	auth, srv := emulated(b)
	ar := newAuthRequest(auth)
	r := httptest.NewRequest(http.MethodGet, "/auth/signin?email="+url.QueryEscape(aliceEmail), nil)
	ar.serve(r) // looks acme.test up, once
	ar.expectRedirect(b, "organization=org_01DEMOACME", "wos-flow-")
	measure(b, func() { ar.serve(r) })
	if n := srv.Calls("/organizations"); n != 1 {
		b.Fatalf("%d lookups at WorkOS, want 1 (the cache missed)", n)
	}
}

// BenchmarkCallback finishes sign-ins: the callback with a fresh code and
// its flow cookie, exchanged with the emulator over loopback (connections
// reused), the profile mapped, the session sealed and set. Each code is
// prepared off the clock, in batches: the sign-in start and the emulator's
// /sso/authorize (login_hint, AutoSelect) are not timed. (No cpu-ns/op:
// the process's CPU clock cannot be stopped with the timer.)
func BenchmarkCallback(b *testing.B) {
	auth, _ := emulated(b)
	ar := newAuthRequest(auth)
	browser := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	start := httptest.NewRequest(http.MethodGet, "/auth/signin?connection=conn_01DEMOACMEOKTA&login_hint="+url.QueryEscape(aliceEmail), nil)
	next := func() *http.Request { return pendingCallback(b, ar, browser, start) }

	ar.serve(next())
	ar.expectRedirect(b, "/", cookieName(auth)+"=")
	const batch = 128
	var ready []*http.Request
	b.ReportAllocs()
	for b.Loop() {
		if len(ready) == 0 {
			b.StopTimer()
			for range batch {
				ready = append(ready, next())
			}
			b.StartTimer()
		}
		ar.serve(ready[0])
		ready = ready[1:]
	}
}

// pendingCallback starts a sign-in and takes the browser through the
// emulator's /sso/authorize; it returns the callback request the browser
// would then send, with its code, state and flow cookie.
func pendingCallback(tb testing.TB, ar *authRequest, browser *http.Client, start *http.Request) *http.Request {
	tb.Helper()
	ar.serve(start)
	ar.expectRedirect(tb, "/sso/authorize?", "wos-flow-")
	resp, err := browser.Get(ar.w.h.Get("Location"))
	if err != nil {
		tb.Fatal(err)
	}
	resp.Body.Close()
	back, err := resp.Location()
	if err != nil || back.Query().Get("code") == "" {
		tb.Fatalf("authorize answered %d to %v (%v), want a redirect with a code", resp.StatusCode, back, err)
	}
	r := httptest.NewRequest(http.MethodGet, back.RequestURI(), nil)
	for _, c := range (&http.Response{Header: ar.w.h}).Cookies() {
		r.AddCookie(c)
	}
	return r
}
