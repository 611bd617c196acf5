package conformance

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// wantSessionCleared checks that r expires the session cookie.
func wantSessionCleared(t *testing.T, e *env, r *response) {
	t.Helper()
	c := r.cookie(e.sessionName)
	if c == nil || (c.MaxAge >= 0 && c.Value != "") {
		t.Errorf("%s: the session cookie was not cleared (cookies %s)", r, cookieNames(r.Cookies))
	}
}

// wantSessionKept checks that r leaves the session cookie alone.
func wantSessionKept(t *testing.T, e *env, r *response) {
	t.Helper()
	if c := r.cookie(e.sessionName); c != nil {
		t.Errorf("%s: touched the session cookie (Max-Age %d)", r, c.MaxAge)
	}
}

func testSignOut(t *testing.T, e *env) {
	variants := []struct {
		name   string
		header []string
	}{
		{"origin", []string{"Origin", ""}}, // "" stands for the app's origin
		{"sec_fetch_site_same_origin", []string{"Sec-Fetch-Site", "same-origin"}},
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			b := e.browser(t)
			b.signInAs(alice, AcmeOrg)
			old, _ := b.sessionCookie()
			header := append([]string(nil), v.header...)
			if header[1] == "" {
				header[1] = e.app.String()
			}
			r := b.do(http.MethodPost, signOutPath, acceptHTML, url.Values{}, header...)
			if !isRedirect(r.Status) || r.location() == nil || !e.isApp(r.location()) {
				t.Fatalf("%s: want a redirect on the app after sign-out", r)
			}
			wantSessionCleared(t, e, r)
			if _, ok := b.sessionCookie(); ok {
				t.Errorf("the browser still holds a session cookie after sign-out")
			}
			b.wantSignedOut()
			wantSignInRedirect(t, b.nav("/dashboard"), "/dashboard")
			// The old cookie, replayed, is revoked.
			replay := e.browser(t)
			replay.setCookies([]*http.Cookie{{Name: e.sessionName, Value: old}})
			replay.wantSignedOut()
		})
	}
}

func testSignOutOtherMethods(t *testing.T, e *env) {
	b := e.browser(t)
	b.signInAs(alice, AcmeOrg)
	r := b.nav(signOutPath)
	if r.Status != http.StatusMethodNotAllowed {
		t.Errorf("%s: GET sign-out answered %d, want 405", r, r.Status)
	}
	wantSessionKept(t, e, r)
	for _, method := range []string{http.MethodGet, http.MethodPut, http.MethodDelete, http.MethodPatch} {
		// The answer is core's, whichever router: a JSON error for JSON
		// clients and Allow: POST.
		r := b.do(method, signOutPath, acceptJSON, nil, "Origin", e.app.String())
		if r.Status != http.StatusMethodNotAllowed {
			t.Errorf("%s: answered %d, want 405", r, r.Status)
			continue
		}
		if allow := r.Header.Get("Allow"); allow != http.MethodPost {
			t.Errorf("%s: Allow %q, want POST", r, allow)
		}
		if m := r.jsonBody(t); m["error"] != "method_not_allowed" {
			t.Errorf("%s: error %v, want core's method_not_allowed", r, m["error"])
		}
		wantSessionKept(t, e, r)
	}
	b.wantSignedIn(alice)
}

func testSignOutCrossSite(t *testing.T, e *env) {
	b := e.browser(t)
	b.signInAs(alice, AcmeOrg)
	for _, header := range [][]string{
		{"Origin", "http://evil.test"},
		{"Origin", "null"},
		{"Sec-Fetch-Site", "cross-site"},
		{"Sec-Fetch-Site", "same-site"},
		{"Origin", e.app.String(), "Sec-Fetch-Site", "cross-site"},
		{"Referer", "http://evil.test/page"},
	} {
		r := b.do(http.MethodPost, signOutPath, acceptHTML, url.Values{}, header...)
		if r.Status != http.StatusForbidden {
			t.Errorf("sign-out POST with %s answered %d, want 403", strings.Join(header, ": "), r.Status)
		}
		wantSessionKept(t, e, r)
		b.wantSignedIn(alice)
	}
}
