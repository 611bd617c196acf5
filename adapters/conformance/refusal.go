package conformance

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/ssokit/workosauth/core"
)

// refusalPage is what a refusal page offers: its forms' actions (with
// their methods) and its links, resolved against the page's URL.
type refusalPage struct {
	forms map[string]string // action path -> method
	links []*url.URL
}

// wantRefusalPage checks that r is core's styled refusal page with the
// status: HTML, never framed, its style allowed by a nonce, no referrer
// beyond the origin, never cached, no redirect and no cookie touched. It
// returns its forms and links.
func wantRefusalPage(t *testing.T, r *response, status int) refusalPage {
	t.Helper()
	if r.Status != status || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") || r.Header.Get("Location") != "" {
		t.Fatalf("%s: answered %d %q %.200q; want %d and the refusal page, a browser navigation", r, r.Status, r.Header.Get("Content-Type"), r.Body, status)
	}
	csp := r.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "'nonce-") {
		t.Errorf("%s: Content-Security-Policy %q; want a nonce and frame-ancestors 'none'", r, csp)
	}
	if r.Header.Get("Referrer-Policy") == "" || !strings.Contains(r.Header.Get("Cache-Control"), "no-store") || len(r.Cookies) != 0 {
		t.Errorf("%s: Referrer-Policy %q, Cache-Control %q, cookies %s; want a policy, no-store and no cookie", r,
			r.Header.Get("Referrer-Policy"), r.Header.Get("Cache-Control"), cookieNames(r.Cookies))
	}
	doc, err := html.Parse(strings.NewReader(r.Body))
	if err != nil {
		t.Fatalf("%s: not HTML: %v", r, err)
	}
	p := refusalPage{forms: map[string]string{}}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "form" {
			if u, err := r.URL.Parse(attr(n, "action")); err == nil {
				p.forms[u.Path] = strings.ToUpper(attr(n, "method"))
			}
		}
		if n.Type == html.ElementNode && n.Data == "a" {
			if u, err := r.URL.Parse(attr(n, "href")); err == nil {
				p.links = append(p.links, u)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return p
}

// link returns the page's link to path, or fails.
func (p refusalPage) link(t *testing.T, path string) *url.URL {
	t.Helper()
	for _, u := range p.links {
		if u.Path == path {
			return u
		}
	}
	t.Fatalf("the refusal page has no link to %s (links %v)", path, p.links)
	return nil
}

// testForbiddenPage: a browser that opens a page its signed-in user may
// not see gets the styled refusal page (not JSON, not a redirect) with a
// sign-out form that signs out and a link to sign in as someone else that
// comes back to the page; API clients and fetches keep the JSON.
func testForbiddenPage(t *testing.T, e *env) {
	b := e.browser(t)
	b.signInAs(bob, AcmeOrg)
	r := b.nav("/admin?tab=2")
	page := wantRefusalPage(t, r, http.StatusForbidden)
	if !strings.Contains(r.Body, bob) {
		t.Errorf("%s: the page does not say who is signed in (%s)", r, bob)
	}
	if m := page.forms[signOutPath]; m != http.MethodPost {
		t.Errorf("%s: the page's sign-out form is %q, want a POST to %s (forms %v)", r, m, signOutPath, page.forms)
	}
	other := page.link(t, signInPath)
	if got := other.Query().Get("return_to"); got != "/admin?tab=2" {
		t.Errorf("%s: sign in as someone else returns to %q, want /admin?tab=2", r, got)
	}
	if s := b.nav(other.RequestURI()); s.Status != http.StatusOK {
		t.Errorf("%s: the sign-in page answered %d", s, s.Status)
	}
	for _, f := range []*response{
		b.api(http.MethodGet, "/admin"),
		b.do(http.MethodGet, "/admin", acceptHTML, nil, "Sec-Fetch-Mode", "cors"), // fetch() asking for HTML
	} {
		if f.Status != http.StatusForbidden {
			t.Fatalf("%s: answered %d, want 403", f, f.Status)
		}
		if m := f.jsonBody(t); m["error"] != core.CodeForbidden {
			t.Errorf("%s: error %v, want %q", f, m["error"], core.CodeForbidden)
		}
	}
	out := b.do(page.forms[signOutPath], signOutPath, acceptHTML, url.Values{}, "Origin", e.app.String())
	if out.Status != http.StatusSeeOther {
		t.Fatalf("%s: the page's sign-out answered %d", out, out.Status)
	}
	b.wantSignedOut()
}

// testUnavailablePage: a navigation whose session cannot be checked just
// now gets the styled page that asks to try again (503, Retry-After), with
// a link back to the page; no cookie is touched.
func testUnavailablePage(t *testing.T, e *env) {
	e, store := newFlakyEnv(t, e)
	b := e.browser(t)
	b.signInAs(alice, AcmeOrg)
	store.down.Store(true)
	r := b.nav("/dashboard?tab=2")
	page := wantRefusalPage(t, r, http.StatusServiceUnavailable)
	if r.Header.Get("Retry-After") == "" {
		t.Errorf("%s: no Retry-After", r)
	}
	if back := page.link(t, "/dashboard"); back.RequestURI() != "/dashboard?tab=2" {
		t.Errorf("%s: try again links to %s", r, back)
	}
	store.down.Store(false)
	b.wantSignedIn(alice)
}
