package core_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

// faultTimeout is core.Config.WorkOS.Timeout when WorkOS hangs or is slow;
// faultBound is the generous upper bound on any answer while WorkOS
// misbehaves. Faults that answer at once run with a timeout of 5 s, so
// that a slow machine cannot turn their 502 into a 504.
const (
	faultTimeout = 300 * time.Millisecond
	faultBound   = 5 * time.Second
)

func faultApp(t *testing.T, f workostest.Fault) *testApp {
	app, _ := faultAppWithClock(t, f)
	return app
}

// faultAppWithClock is faultApp with the app's clock, to move it on.
func faultAppWithClock(t *testing.T, f workostest.Fault) (*testApp, *clock) {
	timeout := 5 * time.Second
	if f.Hang || f.Delay > 0 {
		timeout = faultTimeout
	}
	clk := &clock{}
	return newApp(t, appOptions{config: func(c *core.Config) {
		c.WorkOS.Timeout = timeout
		c.SignIn.DomainFailureTTL = -1 // a failed lookup is not remembered
		c.Now = clk.Now
	}}), clk
}

func jsonError(t testing.TB, p page) string {
	t.Helper()
	var e struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	if err := json.Unmarshal([]byte(p.body), &e); err != nil || e.Error == "" || e.Description == "" {
		t.Fatalf("want a JSON error, got %d %q", p.status, p.body)
	}
	return e.Error
}

// checkNoLeak fails when a secret (the API key, the cookie password, or
// any of more: codes, cookie values) shows in what the app said or logged.
func checkNoLeak(t testing.TB, app *testApp, more []string, said ...string) {
	t.Helper()
	secrets := append([]string{app.cfg.APIKey.Reveal(), app.cfg.CookiePassword.Reveal()}, more...)
	for _, s := range append(said, app.logs.String()) {
		for _, secret := range secrets {
			if secret != "" && strings.Contains(s, secret) {
				t.Fatalf("a secret (%.12s...) leaked: %.300s", secret, s)
			}
		}
	}
}

// TestHardeningTokenFaults makes WorkOS's code exchange misbehave. Each
// failure is a clear error (JSON for API clients, a page for browsers),
// within the app's timeout, with no session; the app keeps serving; once
// WorkOS recovers the next sign-in works.
func TestHardeningTokenFaults(t *testing.T) {
	cases := []struct {
		name   string
		fault  workostest.Fault
		status int    // the callback's answer to a JSON client
		code   string // its error code
		words  string // what a browser is told
	}{
		{"500", workostest.Fault{Status: 500}, 502, "workos_unavailable", "WorkOS could not complete the sign-in"},
		{"502", workostest.Fault{Status: 502}, 502, "workos_unavailable", "WorkOS could not complete the sign-in"},
		{"503 html", workostest.Fault{Status: 503, Body: "<html>maintenance</html>", ContentType: "text/html"}, 502, "workos_unavailable", "WorkOS could not complete the sign-in"},
		{"429 retry-after", workostest.Fault{Status: 429, RetryAfter: "2"}, 502, "workos_unavailable", "WorkOS could not complete the sign-in"},
		{"hang", workostest.Fault{Hang: true}, 504, "workos_timeout", "WorkOS did not answer in time"},
		{"slower than the timeout", workostest.Fault{Delay: 3 * time.Second}, 504, "workos_timeout", "WorkOS did not answer in time"},
		{"200 not JSON", workostest.Fault{Status: 200, Body: "<html>hello</html>", ContentType: "text/html"}, 502, "workos_unavailable", "WorkOS could not complete the sign-in"},
		{"200 truncated JSON", workostest.Fault{Status: 200, Body: `{"access_token":"x","profile":{"id":"prof_1"`}, 502, "workos_unavailable", "WorkOS could not complete the sign-in"},
		{"200 no profile", workostest.Fault{Status: 200, Body: `{"token_type":"Bearer","access_token":"x","expires_in":600}`}, 502, "workos_unavailable", "WorkOS could not complete the sign-in"},
		{"200 profile without id", workostest.Fault{Status: 200, Body: `{"access_token":"x","profile":{"email":"alice@acme.test"}}`}, 502, "workos_unavailable", "WorkOS could not complete the sign-in"},
		{"200 profile not an object", workostest.Fault{Status: 200, Body: `{"access_token":"x","profile":"prof_1"}`}, 502, "workos_unavailable", "WorkOS could not complete the sign-in"},
		{"invalid_grant", workostest.Fault{Status: 400, Body: `{"error":"invalid_grant","error_description":"The code has expired."}`}, 400, "invalid_grant", "This sign-in link has expired or was already used"},
		{"invalid_client", workostest.Fault{Status: 401, Body: `{"error":"invalid_client","error_description":"Invalid client secret."}`}, 502, "invalid_client", "WorkOS refused this app"},
		{"invalid_client echoing the secret", workostest.Fault{Status: 400, Body: `{"error":"invalid_client","error_description":"secret SECRET is wrong"}`}, 502, "invalid_client", "WorkOS refused this app"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			app := faultApp(t, tc.fault)
			if strings.Contains(tc.fault.Body, "SECRET") {
				tc.fault.Body = strings.ReplaceAll(tc.fault.Body, "SECRET", app.cfg.APIKey.Reveal())
			}
			app.wos.InjectFault("/sso/token", tc.fault)
			start := app.signInURL(url.Values{"connection": {connAcme}, "return_to": {"/dashboard"}})

			// An API client: the callback answers the error as JSON.
			api := app.browser()
			cb := api.navigate("GET", start, nil, nil, beforeCallback)
			more := []string{cb.url.Query().Get("code"), flowCookie(t, cb).Value}
			api.accept = "application/json"
			began := time.Now()
			p, err := api.request("GET", cb.url.String(), nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if took := time.Since(began); took > faultBound {
				t.Fatalf("the callback took %v", took)
			}
			if p.status != tc.status || jsonError(t, p) != tc.code {
				t.Fatalf("callback: %d %s, want %d %s", p.status, p.body, tc.status, tc.code)
			}
			if sessionSet(p.setCookies) {
				t.Fatal("a failed callback set a session")
			}
			app.signedOut(api)

			// A browser: the same failure as a page in plain words.
			b := app.browser()
			began = time.Now()
			page := b.get(start)
			if took := time.Since(began); took > faultBound {
				t.Fatalf("the sign-in took %v", took)
			}
			if page.status >= 500 && page.status != tc.status || !strings.Contains(page.body, tc.words) {
				t.Fatalf("browser: want %q, got %s", tc.words, page)
			}
			if tc.status < 500 && (page.status != 200 || !strings.Contains(page.url.RawQuery, "error="+tc.code)) {
				t.Fatalf("browser: want the sign-in page with error=%s, got %s", tc.code, page)
			}
			if sessionSet(page.setCookies) {
				t.Fatal("a failed sign-in set a session")
			}
			app.signedOut(b)
			app.stillServes()
			checkNoLeak(t, app, more, p.body, page.body)

			// The code exchange is never retried, whatever WorkOS says.
			if n := len(app.wos.TokenRequests()); n != 2 {
				t.Fatalf("%d token requests for 2 callbacks", n)
			}

			app.wos.ClearFaults()
			app.signIn(app.browser(), "alice@acme.test")
		})
	}
}

// TestHardeningOrganizationsFaults makes the Organizations lookup of a
// sign-in by email fail. The sign-in explains with 502 or 504, never 500,
// within the timeout; a sign-in by connection works all along; the
// sign-in by email works again once WorkOS recovers (after a 429, once its
// Retry-After has passed: lookups pause until then).
func TestHardeningOrganizationsFaults(t *testing.T) {
	cases := []struct {
		name   string
		fault  workostest.Fault
		status int
	}{
		{"500", workostest.Fault{Status: 500}, 502},
		{"502", workostest.Fault{Status: 502}, 502},
		{"429 retry-after past the timeout", workostest.Fault{Status: 429, RetryAfter: "30"}, 502},
		{"hang", workostest.Fault{Hang: true}, 504},
		{"200 not JSON", workostest.Fault{Status: 200, Body: "<html>hello</html>", ContentType: "text/html"}, 502},
		{"200 wrong shape", workostest.Fault{Status: 200, Body: `{"data":[{"id":1}]}`}, 502},
		{"401 bad API key", workostest.Fault{Status: 401, Body: `{"message":"Unauthorized"}`}, 502},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			app, clk := faultAppWithClock(t, tc.fault)
			app.wos.InjectFault("/organizations", tc.fault)
			byEmail := app.signInURL(url.Values{"email": {"alice@acme.test"}, "return_to": {"/dashboard"}})

			api := app.browser()
			api.accept = "application/json"
			began := time.Now()
			p, err := api.request("GET", byEmail, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if took := time.Since(began); took > faultBound {
				t.Fatalf("the sign-in took %v", took)
			}
			if p.status != tc.status || jsonError(t, p) != "lookup_failed" || len(p.setCookies) != 0 {
				t.Fatalf("sign-in by email: %d %s %v, want %d lookup_failed and no cookie", p.status, p.body, p.setCookies, tc.status)
			}

			b := app.browser()
			page := b.get(byEmail)
			if page.status != tc.status || !strings.Contains(page.body, "could not be looked up at WorkOS") {
				t.Fatalf("browser: want %d and an explanation, got %s", tc.status, page)
			}
			app.signedOut(b)
			checkNoLeak(t, app, nil, p.body, page.body)

			// By connection, no lookup is needed: it works during the fault.
			c := app.browser()
			if w := c.get(app.signInURL(url.Values{"connection": {connAcme}, "return_to": {"/dashboard"}})).who(t); w.Email != "alice@acme.test" {
				t.Fatalf("sign-in by connection during the fault: %q", w.Email)
			}
			app.stillServes()

			app.wos.ClearFaults()
			if tc.fault.Status == http.StatusTooManyRequests {
				clk.Advance(31 * time.Second) // the Retry-After
			}
			app.signIn(app.browser(), "alice@acme.test")
		})
	}
}

// TestHardeningOutageKeepsSessions takes every WorkOS endpoint down (errors
// and hangs) while users are signed in. Guarded pages keep working, also
// when the session is renewed during the outage, and a sign-in attempt
// that fails does not sign the user out.
func TestHardeningOutageKeepsSessions(t *testing.T) {
	clk := &clock{}
	app := newApp(t, appOptions{config: func(c *core.Config) {
		c.WorkOS.Timeout = faultTimeout
		c.SignIn.DomainFailureTTL = -1
		c.Sessions.Lifetime = 2 * time.Hour
		c.Now = clk.Now
	}})
	alice, bob := app.browser(), app.browser()
	app.signIn(alice, "alice@acme.test")
	app.signIn(bob, "bob@acme.test")

	for _, ep := range []string{"/sso/token", "/organizations", "/connections", "/sso/profile", "/organizations/{id}", "/connections/{id}"} {
		app.wos.InjectFault(ep, workostest.Fault{Status: 503})
	}
	app.wos.InjectFault("/sso/authorize", workostest.Fault{Status: 500})

	check := func(b *browser, email string) {
		t.Helper()
		for i := 0; i < 20; i++ {
			if w := b.get(app.URL + "/dashboard").who(t); w.Email != email {
				t.Fatalf("signed in as %q during the outage, want %q", w.Email, email)
			}
		}
	}
	check(alice, "alice@acme.test")
	check(bob, "bob@acme.test")

	// Past half the session's lifetime the cookie is renewed: no WorkOS
	// call is needed for that either.
	before := alice.sessionCookies(app.URL)
	clk.Advance(90 * time.Minute)
	check(alice, "alice@acme.test")
	if after := alice.sessionCookies(app.URL); len(after) == 0 || after["wos-session"] == before["wos-session"] {
		t.Fatalf("the session was not renewed during the outage: %v", after)
	}

	// A sign-in attempt during the outage fails and leaves the session.
	p := bob.get(app.signInURL(url.Values{"email": {"bob@acme.test"}}))
	if p.status != http.StatusBadGateway && p.status != http.StatusGatewayTimeout { // 504 when the retry runs out of time
		t.Fatalf("sign-in during the outage: %s", p)
	}
	app.wos.ClearFaults()
	app.wos.InjectFault("/sso/token", workostest.Fault{Hang: true})
	p = bob.get(app.signInURL(url.Values{"connection": {connAcme}}))
	if p.status != http.StatusGatewayTimeout {
		t.Fatalf("sign-in while the token endpoint hangs: %s", p)
	}
	check(bob, "bob@acme.test")
	check(alice, "alice@acme.test")
	app.stillServes()
	var tokens []string
	for _, b := range []*browser{alice, bob} {
		for _, v := range b.sessionCookies(app.URL) {
			tokens = append(tokens, v)
		}
	}
	checkNoLeak(t, app, append(tokens, before["wos-session"]))
}
