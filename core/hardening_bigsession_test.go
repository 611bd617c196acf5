package core_test

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/ssokit/workosauth/workostest"
)

func manyGroups(n int) []string {
	var gs []string
	for i := 0; i < n; i++ {
		gs = append(gs, fmt.Sprintf("Directory group %03d with a long name", i))
	}
	return gs
}

func manyAttributes(n, size int) map[string]any {
	m := map[string]any{}
	for i := 0; i < n; i++ {
		m[fmt.Sprintf("attribute_%02d", i)] = strings.Repeat(string(rune('a'+i%26)), size)
	}
	return m
}

// bigSeed is DemoSeed with three more Acme users: big (a session in two
// chunks), huge (too large until its custom attributes are dropped) and
// enormous (too large until its groups are dropped too).
func bigSeed() workostest.Seed {
	seed := workostest.DemoSeed()
	seed.Connections[0].Users = append(seed.Connections[0].Users,
		workostest.User{Email: "big@acme.test", FirstName: "Big", Groups: manyGroups(60), CustomAttributes: manyAttributes(10, 30)},
		workostest.User{Email: "huge@acme.test", FirstName: "Huge", Groups: manyGroups(60), CustomAttributes: manyAttributes(30, 100)},
		workostest.User{Email: "enormous@acme.test", FirstName: "Enormous", Groups: manyGroups(200), CustomAttributes: manyAttributes(2, 10)},
	)
	return seed
}

// sessionLines returns the Set-Cookie lines that set a session cookie or
// chunk, by name.
func sessionLines(lines []string) map[string]string {
	out := map[string]string{}
	for _, l := range lines {
		c, err := http.ParseSetCookie(l)
		if err == nil && strings.Contains(c.Name, "wos-session") && c.Value != "" && c.MaxAge >= 0 {
			out[c.Name] = l
		}
	}
	return out
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestHardeningBigSession signs in users whose profiles do not fit in one
// cookie. The session is split into chunks each under the browser's 4096
// bytes per cookie and read back whole; the Cookie header the app gets
// stays under the 8 kB proxies accept; a profile too large even for that
// loses its custom attributes, and the log says so, but never its groups:
// one that does not fit with them is refused; switching between
// large and small sessions leaves no stale chunk behind.
func TestHardeningBigSession(t *testing.T) {
	app := newApp(t, appOptions{seed: bigSeed()})
	b := app.browser()

	p := app.signIn(b, "big@acme.test")
	lines := sessionLines(p.setCookies)
	if got := keys(lines); !reflect.DeepEqual(got, []string{"wos-session.0", "wos-session.1"}) {
		t.Fatalf("big session cookies %v, want two chunks", got)
	}
	for name, l := range lines {
		if len(l) >= 4096 {
			t.Fatalf("%s: Set-Cookie of %d bytes", name, len(l))
		}
	}
	w := b.get(app.URL + "/dashboard").who(t)
	if !reflect.DeepEqual(w.Groups, manyGroups(60)) || !reflect.DeepEqual(w.Attrs, manyAttributes(10, 30)) {
		t.Fatalf("the big session did not come back whole: %d groups, %d attributes", len(w.Groups), len(w.Attrs))
	}
	if w.Cookie >= 8192 {
		t.Fatalf("Cookie header of %d bytes", w.Cookie)
	}
	if strings.Contains(app.logs.String(), "dropped") {
		t.Fatalf("dropped attributes of a session that fits: %s", app.logs)
	}

	// Big to small: the chunks go, the plain cookie stays alone.
	app.signIn(b, "alice@acme.test")
	if got := keys(b.sessionCookies(app.URL)); !reflect.DeepEqual(got, []string{"wos-session"}) {
		t.Fatalf("after a small sign-in the browser holds %v", got)
	}
	// Small to big, with stale chunks from elsewhere in the jar.
	for _, n := range []string{"wos-session.2", "wos-session.3"} {
		b.setCookie(app.URL, &http.Cookie{Name: n, Value: "stale", Path: "/"})
	}
	app.signIn(b, "big@acme.test")
	if got := keys(b.sessionCookies(app.URL)); !reflect.DeepEqual(got, []string{"wos-session.0", "wos-session.1"}) {
		t.Fatalf("after a big sign-in the browser holds %v", got)
	}
	if w := b.get(app.URL + "/dashboard").who(t); w.Email != "big@acme.test" || len(w.Groups) != 60 {
		t.Fatalf("big session after the switch: %q with %d groups", w.Email, len(w.Groups))
	}

	// Too large: custom attributes are dropped, the groups kept.
	h := app.browser()
	p = app.signIn(h, "huge@acme.test")
	w = h.get(app.URL + "/dashboard").who(t)
	if len(w.Attrs) != 0 || !reflect.DeepEqual(w.Groups, manyGroups(60)) || w.Cookie >= 8192 {
		t.Fatalf("huge session: %d attributes, %d groups, Cookie of %d bytes", len(w.Attrs), len(w.Groups), w.Cookie)
	}
	for name, l := range sessionLines(p.setCookies) {
		if len(l) >= 4096 {
			t.Fatalf("%s: Set-Cookie of %d bytes", name, len(l))
		}
	}
	if logs := app.logs.String(); !strings.Contains(logs, "dropped") || !strings.Contains(logs, "custom attributes") {
		t.Fatalf("the log does not say what was dropped:\n%s", logs)
	}

	// Far too large even without attributes: what a guard decides on
	// (groups, roles, organization) is never dropped, so the sign-in is
	// refused, the user is told, and the log tells the operator to use a
	// server-side store.
	e := app.browser()
	p = e.get(app.signInURL(url.Values{"email": {"enormous@acme.test"}, "return_to": {"/dashboard"}}))
	if p.status != http.StatusOK || p.url.Path != "/auth/signin" || p.url.Query().Get("error") != "session_too_large" ||
		!strings.Contains(p.body, "more groups or roles than this app") {
		t.Fatalf("enormous sign-in: want the sign-in page with error=session_too_large, got %s", p)
	}
	if len(e.sessionCookies(app.URL)) != 0 || sessionSet(p.setCookies) {
		t.Fatalf("an enormous sign-in set a session: %v", p.setCookies)
	}
	if logs := app.logs.String(); !strings.Contains(logs, "server-side session store") {
		t.Fatalf("the log does not tell the operator what to do:\n%s", logs)
	}
}
