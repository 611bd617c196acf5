package core

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/ssokit/workosauth/core/store"
	"github.com/ssokit/workosauth/core/store/storetest"
)

// Accept headers of the clients the refusal tests play.
const (
	acceptNavigation = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	acceptAPI        = "application/json"
)

// refused runs g on a request and writes its refusal; it fails when g
// lets the request through.
func refused(t *testing.T, g *guard, f *fakeExchange) *fakeExchange {
	t.Helper()
	_, e := g.Check(f)
	if e == nil {
		t.Fatalf("%s %s was let through", f.method, f.target)
	}
	g.Refuse(f, e)
	return f
}

// request is a request for target from a client with accept, signed in
// as p when p is not nil, with extra headers (name, value, ...).
func request(t *testing.T, a *Auth, method, target, accept string, p *Profile, header ...string) *fakeExchange {
	t.Helper()
	f := newFake(method, target)
	f.header.Set("Accept", accept)
	for i := 0; i+1 < len(header); i += 2 {
		f.header.Set(header[i], header[i+1])
	}
	if p != nil {
		f.withCookies(sessionCookiesFor(t, a, *p)...)
	}
	return f
}

// wantPage checks a refusal answered with the styled page: the status, a
// page of the built-in kind (its CSP with a nonce and no framing, no
// referrer beyond the origin, never cached) and the words.
func wantPage(t *testing.T, f *fakeExchange, status int, words ...string) string {
	t.Helper()
	body := string(f.body)
	if f.status != status || !strings.HasPrefix(f.resp.Get("Content-Type"), "text/html") || f.resp.Get("Location") != "" {
		t.Fatalf("%s: %d %q %q, want %d and the refusal page", f.target, f.status, f.resp.Get("Content-Type"), body, status)
	}
	csp := f.resp.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "style-src 'nonce-") || !strings.Contains(body, `<style nonce="`) {
		t.Errorf("CSP %q: want a nonce for the page's style and no framing", csp)
	}
	if f.resp.Get("Referrer-Policy") == "" || !strings.Contains(f.resp.Get("Cache-Control"), "no-store") || f.resp.Get("Vary") != "Cookie" {
		t.Errorf("headers %v: want Referrer-Policy, Cache-Control no-store and Vary: Cookie", f.resp)
	}
	for _, w := range words {
		if !strings.Contains(body, w) {
			t.Errorf("the page lacks %q:\n%s", w, body)
		}
	}
	if strings.Contains(body, "<script") {
		t.Error("the page has a script")
	}
	return body
}

// wantJSON checks a refusal answered with JSON and its code.
func wantJSON(t *testing.T, f *fakeExchange, status int, code string) {
	t.Helper()
	var m map[string]string
	if f.status != status || !strings.HasPrefix(f.resp.Get("Content-Type"), "application/json") || json.Unmarshal(f.body, &m) != nil || m["error"] != code || f.resp.Get("Location") != "" {
		t.Fatalf("%s: %d %q %q, want %d JSON %q", f.target, f.status, f.resp.Get("Content-Type"), f.body, status, code)
	}
}

// A browser that opens a page its signed-in user may not see gets the
// styled refusal page (not JSON): who is signed in, a sign-out form
// posting to the sign-out route, and a link to sign in as someone else
// that comes back to the page. API clients, fetches, forms posted and
// Bearer requests keep the JSON.
func TestForbiddenNavigationGetsTheRefusalPage(t *testing.T) {
	a := newTestAuth(t, nil)
	g := a.mustGuard(RequireRole("owner"))
	bob := alice()
	bob.Email = "bob@acme.test"

	f := refused(t, g, request(t, a, http.MethodGet, "/admin?tab=2", acceptNavigation, &bob))
	wantPage(t, f, http.StatusForbidden,
		`<html lang="en">`, "<title>Access denied</title>", "<h1>Access denied</h1>",
		"Your account may not see this page.", "You are signed in as bob@acme.test.",
		`<form method="post" action="/auth/signout"><button class="primary" type="submit">Sign out</button></form>`,
		`<a href="/auth/signin?return_to=%2Fadmin%3Ftab%3D2">Sign in as someone else</a>`)

	// A navigation the browser marks as one stays one.
	wantPage(t, refused(t, g, request(t, a, http.MethodGet, "/admin", acceptNavigation, &bob, "Sec-Fetch-Mode", "navigate")), http.StatusForbidden)

	for name, f := range map[string]*fakeExchange{
		"an API client":               request(t, a, http.MethodGet, "/admin", acceptAPI, &bob),
		"fetch() without an Accept":   request(t, a, http.MethodGet, "/admin", "*/*", &bob),
		"a fetch that accepts HTML":   request(t, a, http.MethodGet, "/admin", acceptNavigation, &bob, "Sec-Fetch-Mode", "cors"),
		"a form posted":               request(t, a, http.MethodPost, "/admin", acceptNavigation, &bob),
		"a subresource of a page too": request(t, a, http.MethodGet, "/admin", acceptNavigation, &bob, "Sec-Fetch-Mode", "no-cors"),
	} {
		t.Run(name, func(t *testing.T) { wantJSON(t, refused(t, g, f), http.StatusForbidden, CodeForbidden) })
	}
}

// The refusal page speaks the app's language: its words come from
// Config.Pages.Messages, and the refusal's own from Messages.Errors by code.
func TestRefusalPageIsTranslated(t *testing.T) {
	a := newTestAuth(t, func(c *Config) {
		c.Pages.Messages = &Messages{Lang: "de", RefusedTitle: "Kein Zutritt", SignedInAs: "Angemeldet als {email}.", SignOut: "Abmelden",
			SignInAsSomeoneElse: "Als jemand anderes anmelden", Or: "oder",
			Errors: map[string]string{CodeForbidden: "Ihr Konto darf diese Seite nicht sehen."}}
	})
	g := a.mustGuard(RequireRole("owner"))
	p := alice()
	body := wantPage(t, refused(t, g, request(t, a, http.MethodGet, "/admin", acceptNavigation, &p)), http.StatusForbidden,
		`<html lang="de">`, "<h1>Kein Zutritt</h1>", "Ihr Konto darf diese Seite nicht sehen.", "Angemeldet als alice@acme.test.", ">Abmelden</button>", ">Als jemand anderes anmelden</a>")
	if strings.Contains(body, "Access denied") || strings.Contains(body, "Sign out") {
		t.Errorf("English left on a German page:\n%s", body)
	}
}

// A navigation whose session cannot be checked just now (the store is
// down) gets the page that asks to try again, with Retry-After; an API
// client gets JSON with Retry-After.
func TestUnavailableNavigationGetsThePage(t *testing.T) {
	ds := &downStore{}
	a := newTestAuth(t, func(c *Config) { c.Sessions.Store = ds; c.Sessions.CacheSize = -1 }) // every request asks the store
	g := a.mustGuard()
	p := alice()
	cookies := sessionCookiesFor(t, a, p)
	ds.down = true
	nav := request(t, a, http.MethodGet, "/reports?q=1", acceptNavigation, nil)
	nav.withCookies(cookies...)
	wantPage(t, refused(t, g, nav), http.StatusServiceUnavailable,
		"<h1>Please try again in a moment</h1>", "Your session cannot be checked just now.", `<a href="/reports?q=1">Try again</a>`)
	if nav.resp.Get("Retry-After") == "" || nav.setCooks != nil {
		t.Errorf("Retry-After %q, cookies %v: want Retry-After and no cookie touched", nav.resp.Get("Retry-After"), nav.setCooks)
	}
	api := request(t, a, http.MethodGet, "/reports", acceptAPI, nil)
	api.withCookies(cookies...)
	wantJSON(t, refused(t, g, api), http.StatusServiceUnavailable, CodeSessionUnavailable)
	if api.resp.Get("Retry-After") == "" {
		t.Error("the JSON 503 has no Retry-After")
	}
}

// downStore is a session store that can be made unavailable.
type downStore struct {
	store.Store
	down bool
}

func (d *downStore) Save(ctx context.Context, r store.Record) (string, error) {
	if d.Store == nil {
		d.Store = storetest.NewMemory()
	}
	return d.Store.Save(ctx, r)
}

func (d *downStore) Load(ctx context.Context, token string) (store.Record, error) {
	if d.down {
		return store.Record{}, errors.Join(ErrStoreUnavailable, errors.New("redis: connection refused"))
	}
	return d.Store.Load(ctx, token)
}

// Without a session a navigation is still sent to sign in (401), and a
// fetch the browser marks as one gets the JSON 401 instead; a Bearer
// token that does not verify gets JSON even as a navigation.
func TestUnauthenticatedRefusals(t *testing.T) {
	a := newTestAuth(t, func(c *Config) { c.AuthKit.Enabled = true })
	g := a.mustGuard(AcceptBearer())
	f := refused(t, g, request(t, a, http.MethodGet, "/reports", acceptNavigation, nil))
	if f.status != http.StatusSeeOther || location(f) != "/auth/signin?return_to=%2Freports" {
		t.Fatalf("a navigation without a session: %d %q", f.status, location(f))
	}
	wantJSON(t, refused(t, g, request(t, a, http.MethodGet, "/reports", acceptNavigation, nil, "Sec-Fetch-Mode", "cors")), http.StatusUnauthorized, CodeUnauthenticated)
	wantJSON(t, refused(t, g, request(t, a, http.MethodGet, "/reports", acceptNavigation, nil, "Authorization", "Bearer not-a-token")), http.StatusUnauthorized, CodeInvalidToken)
}
