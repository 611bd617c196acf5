package core_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core"
)

// localhostURL is u with 127.0.0.1 written as localhost: the same server,
// another issuer.
func localhostURL(u string) string { return strings.Replace(u, "127.0.0.1", "localhost", 1) }

func TestIssuerMismatchIsAConfigurationError(t *testing.T) {
	// The app calls WorkOS as localhost; WorkOS names itself 127.0.0.1 in
	// its tokens. Retrying cannot help: the user is told it is the app's
	// configuration, the log names the issuer seen and the ones accepted.
	log := &auditLog{}
	app := newAKApp(t, nil, nil, func(c *core.Config) { c.WorkOS.BaseURL = localhostURL(c.WorkOS.BaseURL); c.Events.OnAudit = log.add })
	b := app.browser()
	hops := b.signIn(url.Values{"organization": {"org_01DEMOACME"}, "login_hint": {"alice@acme.test"}, "return_to": {"/here"}})
	last := hops[len(hops)-1]
	if last.status != http.StatusBadGateway || !strings.Contains(last.body, "not set up correctly") || strings.Contains(last.body, "try again") {
		t.Fatalf("the callback with an issuer not accepted: %v %q, want 502 and the configuration error", statuses(hops), last.body)
	}
	if st, _ := b.me(); st != http.StatusUnauthorized {
		t.Fatalf("a session was set: %d", st)
	}
	e := log.find(core.AuditConfigProblem, "")
	if e == nil || e.Code != "issuer_not_accepted" || !strings.Contains(e.Message, app.emu.Issuer()) ||
		!strings.Contains(e.Message, localhostURL(app.emu.URL)) || !strings.Contains(e.Message, "WORKOS_AUTHKIT_ISSUERS") {
		t.Fatalf("the configuration problem event: %+v", e)
	}
	if e := log.find(core.AuditSignInRefused, ""); e == nil || e.Code != "configuration_error" {
		t.Fatalf("the refused sign-in's event: %+v", e)
	}
	// JSON clients get the code.
	r := b.do("GET", "/auth/signin?organization=org_01DEMOACME&login_hint=alice@acme.test", nil)
	for i := 0; i < 10 && r.status >= 300 && r.status < 400; i++ {
		u, _ := url.Parse(r.header.Get("Location"))
		if u != nil && u.Path == "/auth/callback" {
			r = b.do("GET", u.String(), nil, "Accept", "application/json")
			break
		}
		r = b.do("GET", r.header.Get("Location"), nil)
	}
	if r.status != http.StatusBadGateway || !strings.Contains(r.body, `"configuration_error"`) {
		t.Fatalf("a JSON callback: %d %s", r.status, r.body)
	}
}

func TestIssuerAcceptedFromEnvironment(t *testing.T) {
	app := newAKApp(t, nil, nil, nil) // for its emulator
	t.Setenv("WORKOS_AUTHKIT_ISSUERS", "https://auth.example.test, "+app.emu.Issuer())
	t.Setenv("WORKOS_AUTHKIT", "1")
	other := newAKAppClock(t, app.emu, app.clock, nil, func(c *core.Config) {
		c.WorkOS.BaseURL = localhostURL(c.WorkOS.BaseURL)
		c.AuthKit = core.ConfigFromEnv().AuthKit
	})
	b := other.browser()
	b.signIn(url.Values{"organization": {"org_01DEMOACME"}, "login_hint": {"alice@acme.test"}})
	if st, m := b.me(); st != 200 || m["email"] != "alice@acme.test" {
		t.Fatalf("with the issuer accepted from %s: %d %v", "WORKOS_AUTHKIT_ISSUERS", st, m)
	}
}

func TestIssuerMismatchSignsNoOneOut(t *testing.T) {
	// Sessions WorkOS issued stay signed in on an instance that does not
	// accept their issuer (the operator's mistake, logged once a minute),
	// through refreshes.
	store := &memStore{}
	clock := &akClock{}
	a := newAKAppClock(t, nil, clock, store, nil)
	log := &auditLog{}
	b := newAKAppClock(t, a.emu, clock, store, func(c *core.Config) {
		c.RedirectURI = a.srv.URL + "/auth/callback"
		c.WorkOS.BaseURL = localhostURL(c.WorkOS.BaseURL)
		c.Events.OnAudit = log.add
		c.Sessions.CacheSize = -1
	})
	ba := a.browser()
	ba.signIn(url.Values{"organization": {"org_01DEMOACME"}, "login_hint": {"alice@acme.test"}})
	onB := b.browser()
	onB.c.Jar.SetCookies(mustURL(b.srv.URL), ba.c.Jar.Cookies(mustURL(a.srv.URL)))
	problems := func() int {
		log.mu.Lock()
		defer log.mu.Unlock()
		n := 0
		for _, e := range log.es {
			if e.Type == core.AuditConfigProblem && e.Code == "issuer_not_accepted" {
				n++
			}
		}
		return n
	}
	for i := range 5 { // no cache on b: each request checks the token
		if st, m := onB.me(); st != 200 || m["email"] != "alice@acme.test" {
			t.Fatalf("request %d on the instance that does not accept the issuer: %d %v", i, st, m)
		}
	}
	if n := problems(); n != 1 {
		t.Fatalf("%d issuer problems logged for five requests within a minute, want 1", n)
	}
	clock.advance(6 * time.Minute) // the next request refreshes
	if st, m := onB.me(); st != 200 || m["email"] != "alice@acme.test" {
		t.Fatalf("a refresh on the instance that does not accept the issuer: %d %v", st, m)
	}
	if st, _ := ba.me(); st != 200 {
		t.Fatalf("the session on the first instance after b refreshed it: %d", st)
	}
	if n := problems(); n != 2 {
		t.Fatalf("%d issuer problems logged, want 2 (one a minute)", n)
	}
}
