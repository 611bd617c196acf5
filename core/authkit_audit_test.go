package core_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core"
)

// tokenSpy is the app's way to WorkOS: it remembers every AuthKit token
// WorkOS hands the app (access and refresh tokens of every
// authenticate answer), so that a test can search for them.
type tokenSpy struct {
	mu     sync.Mutex
	tokens map[string]bool
}

// RoundTrip makes the call and notes the tokens of its answer.
func (s *tokenSpy) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil || !strings.HasSuffix(r.URL.Path, "/user_management/authenticate") {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	var answer struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
	}
	if json.Unmarshal(body, &answer) == nil {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.tokens == nil {
			s.tokens = map[string]bool{}
		}
		s.tokens[answer.AccessToken] = true
		s.tokens[answer.RefreshToken] = true
	}
	return resp, nil
}

func (s *tokenSpy) secrets() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for tok := range s.tokens {
		if tok != "" {
			out = append(out, tok)
			if i := strings.LastIndexByte(tok, '.'); i > 0 {
				out = append(out, tok[i+1:]) // a JWT's signature alone is enough to tell
			}
		}
	}
	return out
}

func TestAuditEventsHoldNoTokens(t *testing.T) {
	// Every audit event of an AuthKit session's life (sign-in at the
	// callback and at the chooser, refresh, switch, sign-out, revocation),
	// written every way an app may write it, holds none of the tokens.
	log := &auditLog{}
	var logged strings.Builder
	spy := &tokenSpy{}
	app := newAKApp(t, nil, &memStore{}, func(c *core.Config) {
		c.WorkOS.HTTPClient = &http.Client{Transport: spy}
		c.Events.OnAudit = log.add
		c.Logger = slog.New(slog.NewJSONHandler(&logged, nil))
	})
	app.emu.Impersonate("support@workos.test", "ticket 42")
	b := app.browser()
	b.signIn(url.Values{"organization": {"org_01DEMOACME"}, "login_hint": {"alice@acme.test"}})
	app.clock.advance(6 * time.Minute)
	if st, _ := b.me(); st != 200 {
		t.Fatalf("refresh: %d", st)
	}
	if r := b.do("POST", "/auth/switch-organization", url.Values{"organization_id": {"org_01DEMOGLOBEX"}}, "Origin", app.srv.URL); r.status != http.StatusSeeOther {
		t.Fatalf("switch: %d %s", r.status, r.body)
	}
	b.do("POST", "/auth/signout", url.Values{}, "Origin", app.srv.URL)
	c := app.browser()
	c.signIn(url.Values{"provider": {"GoogleOAuth"}, "login_hint": {"alice@acme.test"}})
	if r := c.do("POST", "/auth/select-organization", url.Values{"organization_id": {"org_01DEMOACME"}}, "Origin", app.srv.URL); r.status != http.StatusSeeOther {
		t.Fatalf("chooser: %d", r.status)
	}
	secrets := spy.secrets()
	if len(secrets) < 8 {
		t.Fatalf("WorkOS handed out %d tokens; the test needs the tokens of a sign-in, a refresh and a switch", len(secrets))
	}
	log.mu.Lock()
	events := append([]core.AuditEvent(nil), log.es...)
	log.mu.Unlock()
	types := map[core.AuditType]int{}
	var outs []string
	for _, e := range events {
		types[e.Type]++
		outs = append(outs, core.Renderings(e)...)
		outs = append(outs, core.Renderings(&e)...)
		if e.Session != nil {
			outs = append(outs, core.Renderings(e.Session)...)
			if e.Session.AuthKit != nil {
				if e.Session.AuthKit.AccessToken.Reveal() != "" {
					t.Errorf("the %s event's session holds its tokens", e.Type)
				}
				outs = append(outs, core.Renderings(e.Session.AuthKit)...)
				outs = append(outs, core.Renderings(*e.Session.AuthKit)...)
			}
		}
	}
	outs = append(outs, logged.String())
	for _, want := range []core.AuditType{core.AuditSignIn, core.AuditRefresh, core.AuditSignOut, core.AuditRevocation} {
		if types[want] == 0 {
			t.Errorf("no %s event among %v", want, types)
		}
	}
	for _, s := range outs {
		for _, secret := range secrets {
			if strings.Contains(s, secret) {
				t.Fatalf("an audit event written out holds a token: %.300s", s)
			}
		}
	}
	// Impersonated sign-ins are told apart, without the admin's address.
	e := log.find(core.AuditSignIn, "organization")
	if e == nil || e.Impersonator != "…@workos.test" || e.Session == nil || e.Session.AuthKit == nil || e.Session.AuthKit.Impersonator == nil ||
		e.Session.AuthKit.Impersonator.Reason != "ticket 42" {
		t.Fatalf("an impersonated sign-in's event: %+v", e)
	}
	if !strings.Contains(logged.String(), `"impersonator":"…@workos.test"`) || strings.Contains(logged.String(), "support@workos.test") {
		t.Fatalf("the log of an impersonated sign-in: %s", logged.String())
	}
}

func TestAuditEventNotImpersonated(t *testing.T) {
	log := &auditLog{}
	app := newAKApp(t, nil, nil, func(c *core.Config) { c.Events.OnAudit = log.add })
	app.browser().signIn(url.Values{"organization": {"org_01DEMOACME"}, "login_hint": {"alice@acme.test"}})
	if e := log.find(core.AuditSignIn, ""); e == nil || e.Impersonator != "" {
		t.Fatalf("a plain sign-in's event: %+v", e)
	}
}

func TestChooserIsABuiltInPage(t *testing.T) {
	app := newAKApp(t, nil, nil, func(c *core.Config) {
		m := core.Messages{Lang: "de", ChooseOrganizationTitle: "Organisation wählen", ChooseOrganization: "Bei welcher melden Sie sich an?"}
		c.Pages.Messages = &m
	})
	b := app.browser()
	hops := b.signIn(url.Values{"provider": {"GoogleOAuth"}, "login_hint": {"alice@acme.test"}})
	page := hops[len(hops)-1]
	csp := page.header.Get("Content-Security-Policy")
	m := regexp.MustCompile(`style-src 'nonce-([A-Za-z0-9_-]{20,})'`).FindStringSubmatch(csp)
	if page.status != 200 || m == nil || !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") ||
		!strings.Contains(page.body, `<style nonce="`+m[1]+`">`) {
		t.Fatalf("the chooser's CSP %q and page:\n%s", csp, page.body)
	}
	for h, want := range map[string]string{"Referrer-Policy": "same-origin", "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"} {
		if got := page.header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
	for _, want := range []string{`<html lang="de">`, "<title>Organisation wählen</title>", "<h1>Organisation wählen</h1>", "Bei welcher melden Sie sich an?", `value="org_01DEMOGLOBEX"`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the chooser lacks %s:\n%s", want, page.body)
		}
	}
	if strings.Contains(page.body, "Choose an organization") || strings.Contains(page.body, "<script") {
		t.Errorf("the chooser is not translated, or runs a script:\n%s", page.body)
	}
}
