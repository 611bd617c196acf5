package core_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core"
)

// hookedProfile is what /api/profile answers: the profile OnSignIn left.
type hookedProfile struct {
	Organization string   `json:"organization_id"`
	Groups       []string `json:"groups"`
	Permissions  []string `json:"permissions"`
	Role         *struct {
		Slug string `json:"slug"`
	} `json:"role"`
}

func (b *akBrowser) profile() (int, hookedProfile) {
	b.app.t.Helper()
	r := b.do("GET", "/api/profile", nil, "Accept", "application/json")
	var p hookedProfile
	json.Unmarshal([]byte(r.body), &p)
	return r.status, p
}

// auditLog collects audit events.
type auditLog struct {
	mu sync.Mutex
	es []core.AuditEvent
}

func (l *auditLog) add(_ context.Context, e core.AuditEvent) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.es = append(l.es, e)
	return nil
}

func (l *auditLog) find(t core.AuditType, method string) *core.AuditEvent {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range l.es {
		if l.es[i].Type == t && (method == "" || l.es[i].Method == method) {
			e := l.es[i]
			return &e
		}
	}
	return nil
}

func TestOnSignInRunsAtEveryRefresh(t *testing.T) {
	// What OnSignIn adds or takes away holds through refreshes, and on an
	// instance that reads the session from the store.
	var calls atomic.Int32
	hook := func(c *core.Config) {
		c.SignIn.OnSignIn = func(_ context.Context, p *core.Profile) error {
			calls.Add(1)
			p.Groups = append(p.Groups, "hooked")
			p.Permissions = slices.DeleteFunc(p.Permissions, func(s string) bool { return s == "widgets:write" })
			return nil
		}
	}
	store := &memStore{}
	clock := &akClock{}
	a := newAKAppClock(t, nil, clock, store, hook)
	b := newAKAppClock(t, a.emu, clock, store, func(c *core.Config) { hook(c); c.RedirectURI = a.srv.URL + "/auth/callback"; c.Sessions.CacheSize = -1 })
	ba := a.browser()
	ba.signIn(url.Values{"organization": {"org_01DEMOACME"}, "login_hint": {"alice@acme.test"}})
	want := func(who string, st int, p hookedProfile) {
		t.Helper()
		if st != 200 || !slices.Contains(p.Groups, "hooked") || slices.Contains(p.Permissions, "widgets:write") || !slices.Contains(p.Permissions, "widgets:read") {
			t.Fatalf("%s: %d %+v, want OnSignIn's profile (group hooked, no widgets:write)", who, st, p)
		}
	}
	st, p := ba.profile()
	want("after sign-in", st, p)
	onB := b.browser()
	onB.c.Jar.SetCookies(mustURL(b.srv.URL), ba.c.Jar.Cookies(mustURL(a.srv.URL)))
	st, p = onB.profile()
	want("another instance reading the store", st, p)
	for i := range 2 {
		before := calls.Load()
		clock.advance(6 * time.Minute)
		st, p = ba.profile()
		want("after a refresh", st, p)
		if calls.Load() == before {
			t.Fatalf("refresh %d: OnSignIn did not run", i)
		}
		st, p = onB.profile()
		want("the refreshed session on another instance", st, p)
	}
	// The write guard decides on the hook's permissions, not the token's.
	if r := ba.do("GET", "/write", nil, "Accept", "application/json"); r.status != http.StatusForbidden {
		t.Fatalf("/write with widgets:write taken away by OnSignIn: %d, want 403", r.status)
	}
	// Sealed in the cookie, read back by an instance without a cache.
	c := newAKAppClock(t, a.emu, clock, nil, func(c *core.Config) { hook(c); c.Sessions.CacheSize = -1 })
	onC := c.browser()
	onC.signIn(url.Values{"organization": {"org_01DEMOACME"}, "login_hint": {"alice@acme.test"}})
	st, p = onC.profile()
	want("a sealed cookie opened again", st, p)
	clock.advance(6 * time.Minute)
	st, p = onC.profile()
	want("a sealed cookie after a refresh", st, p)
	st, p = onC.profile()
	want("the refreshed sealed cookie opened again", st, p)
}

func TestOnSignInRefusalAtRefreshEndsSession(t *testing.T) {
	var refuse atomic.Bool
	log := &auditLog{}
	app := newAKApp(t, nil, nil, func(c *core.Config) {
		c.Events.OnAudit = log.add
		c.SignIn.OnSignIn = func(context.Context, *core.Profile) error {
			if refuse.Load() {
				return &core.Error{Status: http.StatusForbidden, Code: "account_locked", Message: "Your account is locked."}
			}
			return nil
		}
	})
	b := app.browser()
	b.signIn(url.Values{"organization": {"org_01DEMOACME"}, "login_hint": {"alice@acme.test"}})
	if st, _ := b.me(); st != 200 {
		t.Fatalf("signed in: %d", st)
	}
	refuse.Store(true)
	if st, _ := b.me(); st != 200 {
		t.Fatalf("no refresh yet, no new decision: %d", st)
	}
	app.clock.advance(6 * time.Minute)
	r := b.do("GET", "/api/me", nil, "Accept", "application/json")
	if r.status != http.StatusUnauthorized || !strings.Contains(r.header.Get("Set-Cookie"), "Max-Age=0") {
		t.Fatalf("a refresh OnSignIn refuses: %d %q, want 401 and the cookie cleared", r.status, r.header.Get("Set-Cookie"))
	}
	e := log.find(core.AuditSignInRefused, "refresh")
	if e == nil || e.Code != "account_locked" || e.UserID != "user_01DEMOALICE" || e.SessionID == "" || !strings.Contains(e.Message, "OnSignIn") {
		t.Fatalf("audit event of the refusal: %+v", e)
	}
	refuse.Store(false)
	if st, _ := b.me(); st != 401 {
		t.Fatalf("the ended session came back: %d", st)
	}
}

func TestOnSignInRefusesOrganizationSwitch(t *testing.T) {
	log := &auditLog{}
	app := newAKApp(t, nil, nil, func(c *core.Config) {
		c.Events.OnAudit = log.add
		c.SignIn.OnSignIn = func(_ context.Context, p *core.Profile) error {
			if p.OrganizationID == "org_01DEMOGLOBEX" {
				return errors.New("no Globex here")
			}
			return nil
		}
	})
	b := app.browser()
	b.signIn(url.Values{"organization": {"org_01DEMOACME"}, "login_hint": {"alice@acme.test"}})
	r := b.do("POST", "/auth/switch-organization", url.Values{"organization_id": {"org_01DEMOGLOBEX"}}, "Origin", app.srv.URL, "Accept", "application/json")
	if r.status != http.StatusForbidden || !strings.Contains(r.body, "signin_refused") || strings.Contains(r.body, "no Globex") {
		t.Fatalf("a switch OnSignIn refuses: %d %s, want 403 signin_refused (the hook's text not shown)", r.status, r.body)
	}
	st, m := b.me()
	if st != 200 || m["organization_id"] != "org_01DEMOACME" || m["role"] != "admin" {
		t.Fatalf("after the refused switch: %d %v, want the session still in Acme", st, m)
	}
	if e := log.find(core.AuditSignInRefused, "organization_switch"); e == nil || e.OrganizationID != "org_01DEMOGLOBEX" {
		t.Fatalf("audit event of the refused switch: %+v", e)
	}
	// And it goes on: a refresh later keeps it in Acme.
	app.clock.advance(6 * time.Minute)
	if st, m := b.me(); st != 200 || m["organization_id"] != "org_01DEMOACME" {
		t.Fatalf("a refresh after the refused switch: %d %v", st, m)
	}
}

func TestOnSignInAtOrganizationChooser(t *testing.T) {
	log := &auditLog{}
	app := newAKApp(t, nil, nil, func(c *core.Config) {
		c.Events.OnAudit = log.add
		c.SignIn.OnSignIn = func(_ context.Context, p *core.Profile) error {
			if p.OrganizationID == "org_01DEMOGLOBEX" {
				return &core.Error{Status: http.StatusForbidden, Code: "globex_closed", Message: "Globex is closed today."}
			}
			p.Groups = append(p.Groups, "chosen")
			return nil
		}
	})
	choose := func(org string) akResp {
		b := app.browser()
		b.signIn(url.Values{"provider": {"GoogleOAuth"}, "login_hint": {"alice@acme.test"}})
		return b.do("POST", "/auth/select-organization", url.Values{"organization_id": {org}}, "Origin", app.srv.URL)
	}
	r := choose("org_01DEMOGLOBEX")
	if r.status != http.StatusForbidden || !strings.Contains(r.body, "Globex is closed today.") || strings.Contains(r.header.Get("Set-Cookie"), "wos-session=") {
		t.Fatalf("a choice OnSignIn refuses: %d %q, want 403 with the hook's words and no session", r.status, r.body)
	}
	if e := log.find(core.AuditSignInRefused, "provider"); e == nil || e.Code != "globex_closed" {
		t.Fatalf("audit event of the refused choice: %+v", e)
	}
	b := app.browser()
	b.signIn(url.Values{"provider": {"GoogleOAuth"}, "login_hint": {"alice@acme.test"}})
	if r := b.do("POST", "/auth/select-organization", url.Values{"organization_id": {"org_01DEMOACME"}}, "Origin", app.srv.URL); r.status != http.StatusSeeOther {
		t.Fatalf("an accepted choice: %d", r.status)
	}
	if st, p := b.profile(); st != 200 || !slices.Contains(p.Groups, "chosen") {
		t.Fatalf("after the choice: %d %+v", st, p)
	}
	e := log.find(core.AuditSignIn, "provider")
	if e == nil || e.OrganizationID != "org_01DEMOACME" || e.UserID != "user_01DEMOALICE" || e.SessionID == "" || e.ClientIP == "" {
		t.Fatalf("the chooser's sign-in audit event: %+v", e)
	}
}

func TestDeprovisioningEndsAuthKitCookieSessions(t *testing.T) {
	// Directory Sync names a removed user by email (and IdP ID) within
	// the organization: an AuthKit cookie session carries the user's email
	// and organization, so it ends. (A Bearer token carries neither; see
	// SECURITY.md.)
	const secret = "whsec_authkit_0123456789"
	app := newAKApp(t, nil, nil, func(c *core.Config) { c.Events.WebhookSecrets = []core.Secret{core.NewSecret(secret)} })
	app.emu.AddWebhookEndpoint(app.srv.URL+"/auth/webhooks", secret)
	alice, bob := app.browser(), app.browser()
	alice.signIn(url.Values{"organization": {"org_01DEMOACME"}, "login_hint": {"alice@acme.test"}})
	bob.signIn(url.Values{"organization": {"org_01DEMOACME"}, "login_hint": {"bob@acme.test"}})
	for _, b := range []*akBrowser{alice, bob} {
		if st, _ := b.me(); st != 200 {
			t.Fatalf("before: %d", st)
		}
	}
	if _, err := app.emu.DeleteDirectoryUser("alice@acme.test"); err != nil {
		t.Fatal(err)
	}
	if st, _ := alice.me(); st != http.StatusUnauthorized {
		t.Fatalf("alice's AuthKit session after her directory user was deleted: %d, want 401", st)
	}
	if st, _ := bob.me(); st != 200 {
		t.Fatalf("bob after alice was removed: %d", st)
	}
}
