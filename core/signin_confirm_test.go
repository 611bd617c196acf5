package core

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestCrossSiteSignInWaitsForConfirmation: a sign-in start from another
// site (Fetch Metadata, Origin, Referer) or as a subresource (an <img>)
// gets the sign-in page with its selector filled in, asks the resolver
// and WorkOS nothing and sets no cookie; one submission of that page from
// this site continues to WorkOS. (Before, any page on the web could send
// a visitor's browser to a connection of its choosing, or make the app
// call the Organizations API once per visitor with an <img>.)
func TestCrossSiteSignInWaitsForConfirmation(t *testing.T) {
	w := &workosStub{}
	a := stubAuth(t, w, nil)
	triggers := map[string][]string{
		"cross-site navigation":          {"Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document"},
		"same-site navigation":           {"Sec-Fetch-Site", "same-site", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document"},
		"cross-site img":                 {"Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "no-cors", "Sec-Fetch-Dest", "image"},
		"same-origin img":                {"Sec-Fetch-Site", "same-origin", "Sec-Fetch-Mode", "no-cors", "Sec-Fetch-Dest", "image"},
		"cross-site iframe":              {"Sec-Fetch-Site", "cross-site", "Sec-Fetch-Dest", "iframe"},
		"unknown Sec-Fetch-Site":         {"Sec-Fetch-Site", "elsewhere"},
		"other Origin, no Fetch Meta":    {"Origin", "https://evil.test"},
		"null Origin":                    {"Origin", "null"},
		"same-origin but foreign Origin": {"Sec-Fetch-Site", "same-origin", "Origin", "https://evil.test"},
		"other Referer, no Fetch Meta":   {"Referer", "https://evil.test/page"},
	}
	selectors := map[string]struct {
		query  url.Values
		fields map[string]string // what the page must carry
	}{
		"email":        {url.Values{"email": {"Alice@Acme.test"}}, map[string]string{"email": "alice@acme.test"}},
		"domain":       {url.Values{"domain": {"acme.test"}}, map[string]string{"domain": "acme.test"}},
		"organization": {url.Values{"organization": {"org_01ACME"}, "login_hint": {"alice@acme.test"}}, map[string]string{"organization": "org_01ACME", "login_hint": "alice@acme.test"}},
		"connection":   {url.Values{"connection": {"conn_01ACME"}}, map[string]string{"connection": "conn_01ACME"}},
		"provider":     {url.Values{"provider": {"GoogleOAuth"}}, map[string]string{"provider": "GoogleOAuth"}},
	}
	for tname, header := range triggers {
		for sname, sel := range selectors {
			for _, method := range []string{"GET", "POST"} {
				q := url.Values{"return_to": {"/reports?q=1"}}
				for k, v := range sel.query {
					q[k] = v
				}
				x := newFake(method, "/auth/signin?"+q.Encode())
				for i := 0; i+1 < len(header); i += 2 {
					x.header.Set(header[i], header[i+1])
				}
				a.serveAuth(x)
				body := string(x.body)
				what := tname + ", " + method + " " + sname
				if x.status != http.StatusOK || !strings.HasPrefix(x.resp.Get("Content-Type"), "text/html") || len(x.setCooks) != 0 {
					t.Fatalf("%s: answered %d %q with cookies %v; want the sign-in page and no cookie", what, x.status, location(x), names(x.setCooks))
				}
				for name, value := range sel.fields {
					if !strings.Contains(body, `name="`+name+`" value="`+value+`"`) {
						t.Errorf("%s: the page does not carry %s=%s: %.1500s", what, name, value, body)
					}
				}
				if !strings.Contains(body, `name="return_to" value="/reports?q=1"`) {
					t.Errorf("%s: the page lost return_to", what)
				}
			}
		}
	}
	if n := w.orgCalls.Load(); n != 0 {
		t.Fatalf("%d Organizations lookups for sign-ins that were not confirmed", n)
	}
	// The page's own submission, from this site, continues.
	for _, header := range [][]string{
		{"Sec-Fetch-Site", "same-origin", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document", "Origin", "http://app.test"},
		{"Origin", "http://app.test"},
		{"Referer", "http://app.test/auth/signin?email=alice@acme.test"},
	} {
		for sname, sel := range selectors {
			x := newFake("POST", "/auth/signin")
			x.form = url.Values{}
			for k, v := range sel.fields {
				x.form.Set(k, v)
			}
			for i := 0; i+1 < len(header); i += 2 {
				x.header.Set(header[i], header[i+1])
			}
			a.serveAuth(x)
			if x.status != http.StatusSeeOther || !strings.Contains(location(x), "/sso/authorize?") {
				t.Errorf("%v, POST %s: answered %d %q, want a redirect to WorkOS", header, sname, x.status, location(x))
			}
		}
	}
	if w.orgCalls.Load() == 0 {
		t.Fatalf("the confirmed sign-in by email did not look the domain up")
	}
}

// TestDirectSignInStartsAtOnce: a typed or bookmarked navigation
// (Sec-Fetch-Site: none), this site's own links and fetches, and clients
// that send no Fetch Metadata, Origin or Referer (curl, tests) start the
// sign-in at once, as before.
func TestDirectSignInStartsAtOnce(t *testing.T) {
	a := stubAuth(t, &workosStub{}, nil)
	for _, header := range [][]string{
		{},
		{"Sec-Fetch-Site", "none", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document", "Sec-Fetch-User", "?1"},
		{"Sec-Fetch-Site", "same-origin", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document", "Referer", "http://app.test/"},
		{"Sec-Fetch-Site", "same-origin", "Sec-Fetch-Mode", "cors", "Sec-Fetch-Dest", "empty"},
		{"Referer", "http://APP.test:80/home"},
		{"Sec-Fetch-Site", "none", "Referer", "https://evil.test/"}, // Referer counts only without Fetch Metadata
	} {
		x := newFake("GET", "/auth/signin?organization=org_01ACME")
		for i := 0; i+1 < len(header); i += 2 {
			x.header.Set(header[i], header[i+1])
		}
		a.serveAuth(x)
		if x.status != http.StatusSeeOther || !strings.Contains(location(x), "/sso/authorize?") {
			t.Errorf("%v: answered %d %q, want a redirect to WorkOS", header, x.status, location(x))
		}
	}
	// A cross-site request with a malformed selector is refused as it
	// would be anyway, never echoed on a page.
	x := newFake("GET", "/auth/signin?connection=conn_<script>")
	x.header.Set("Sec-Fetch-Site", "cross-site")
	a.serveAuth(x)
	if x.status != http.StatusBadRequest || strings.Contains(string(x.body), "<script>") {
		t.Errorf("a malformed selector from another site: %d %.200s", x.status, x.body)
	}
}
