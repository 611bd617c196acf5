package conformance

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// startSignIn asks the app to start a sign-in with query, as a browser
// navigation, and returns the WorkOS authorize URL it redirected to.
func (b *browser) startSignIn(query url.Values) *url.URL {
	b.t.Helper()
	return b.wantAuthorize(b.nav(signInPath + "?" + query.Encode()))
}

// wantAuthorize checks that r sends the browser to the emulator's
// /sso/authorize with what a sign-in needs, and returns that URL.
func (b *browser) wantAuthorize(r *response) *url.URL {
	b.t.Helper()
	u := r.location()
	if !isRedirect(r.Status) || u == nil || !b.e.isEmulator(u) || u.Path != "/sso/authorize" {
		b.t.Fatalf("%s: want a redirect to WorkOS's /sso/authorize (body %.300q)", r, r.Body)
	}
	q := u.Query()
	want := map[string]string{
		"client_id": b.e.emu.ClientID, "redirect_uri": b.e.url(callbackPath),
		"response_type": "code", "code_challenge_method": "S256",
	}
	for k, v := range want {
		if q.Get(k) != v {
			b.t.Errorf("authorize URL %s = %q, want %q", k, q.Get(k), v)
		}
	}
	if q.Get("state") == "" || q.Get("code_challenge") == "" {
		b.t.Errorf("authorize URL without state or code_challenge: %s", u)
	}
	return u
}

// authorize has the emulator sign the user in (AutoSelect) and returns the
// callback URL it sends the browser back to, not yet visited.
func (b *browser) authorize(authURL *url.URL) *url.URL {
	b.t.Helper()
	r := b.do(http.MethodGet, authURL.String(), acceptHTML, nil)
	u := r.location()
	if !isRedirect(r.Status) || u == nil || !b.e.isApp(u) || u.Path != callbackPath {
		b.t.Fatalf("%s: the emulator did not send the browser back to the callback (body %.300q)", r, r.Body)
	}
	if u.Query().Get("code") == "" {
		b.t.Fatalf("the emulator refused the sign-in: %s", u)
	}
	return u
}

// signIn walks a whole sign-in started with query through the emulator and
// returns every answer from the start to the page it lands on, which must
// be a 200 on the app.
func (b *browser) signIn(query url.Values) []*response {
	b.t.Helper()
	start := b.nav(signInPath + "?" + query.Encode())
	hops := b.finish(b.authorize(b.wantAuthorize(start)))
	return append([]*response{start}, hops...)
}

// finish visits a callback URL and follows where it leads; the sign-in
// must land on a 200 page of the app.
func (b *browser) finish(callback *url.URL) []*response {
	b.t.Helper()
	hops := b.follow(b.nav(callback.String()))
	last := hops[len(hops)-1]
	if last.Status != http.StatusOK || !b.e.isApp(last.URL) {
		b.t.Fatalf("the sign-in ended at %s; want a 200 page of the app; the walk: %s", last, chain(hops))
	}
	if _, ok := b.sessionCookie(); !ok {
		b.t.Fatalf("no session cookie after the sign-in: %s", chain(hops))
	}
	return hops
}

// signInAs signs in a demo user through the emulator by organization and
// login_hint.
func (b *browser) signInAs(email, organization string) {
	b.t.Helper()
	b.signIn(url.Values{"organization": {organization}, "login_hint": {email}})
	b.wantSignedIn(email)
}

// form is an HTML form as a browser would submit it.
type form struct {
	action *url.URL
	method string
	values url.Values        // the inputs' names and values, hidden ones included
	types  map[string]string // the inputs' types by name
}

// findForm returns the form of page (an answer from the app) that has an
// input called input.
func findForm(t *testing.T, page *response, input string) *form {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page.Body))
	if err != nil {
		t.Fatalf("%s: the page is not HTML: %v", page, err)
	}
	var found *form
	var walk func(n *html.Node, cur *form)
	walk = func(n *html.Node, cur *form) {
		if n.Type == html.ElementNode && n.Data == "form" {
			action, _ := page.URL.Parse(attr(n, "action"))
			cur = &form{action: action, method: strings.ToUpper(attr(n, "method")), values: url.Values{}, types: map[string]string{}}
			if cur.method == "" {
				cur.method = http.MethodGet
			}
		}
		if cur != nil && n.Type == html.ElementNode && (n.Data == "input" || n.Data == "button") && attr(n, "name") != "" {
			cur.values.Add(attr(n, "name"), attr(n, "value"))
			cur.types[attr(n, "name")] = strings.ToLower(attr(n, "type"))
			if attr(n, "name") == input && found == nil {
				found = cur
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, cur)
		}
	}
	walk(doc, nil)
	if found == nil {
		t.Fatalf("%s: no form with an input named %q in the page: %.500q", page, input, page.Body)
	}
	return found
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// submit submits f with some values set, as a browser does: a POST from
// the page's own origin.
func (b *browser) submit(f *form, set url.Values) *response {
	b.t.Helper()
	values := url.Values{}
	for k, v := range f.values {
		values[k] = append([]string(nil), v...)
	}
	for k, v := range set {
		values[k] = v
	}
	if f.method == http.MethodGet {
		u := *f.action
		u.RawQuery = values.Encode()
		return b.nav(u.String())
	}
	return b.do(f.method, f.action.String(), acceptHTML, values, "Origin", b.e.app.String())
}
