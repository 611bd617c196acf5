package workostest

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// The picker and the error page keep a strict CSP whose form-action lets
// a completed sign-in redirect to the app, and nothing inline but the
// one stylesheet with the nonce.
func TestPagesKeepAStrictCSP(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{RedirectURIs: []string{testRedirect, "https://preview.app.test:8443/auth/callback"}})
	_, challenge := pkce("v")
	picker := get(t, authorizeURL(s, map[string]string{"organization": "org_01DEMOACME", "code_challenge": challenge, "code_challenge_method": "S256"}))
	bad := get(t, authorizeURL(s, map[string]string{"response_type": "token"}))
	if picker.status != http.StatusOK || bad.status != http.StatusBadRequest {
		t.Fatalf("statuses %d %d", picker.status, bad.status)
	}
	nonces := map[string]bool{}
	for _, r := range []result{picker, bad} {
		csp := r.header.Get("Content-Security-Policy")
		m := regexp.MustCompile(`^default-src 'none'; style-src 'nonce-([A-Z2-7]{16,})'; form-action 'self'([^;]*); frame-ancestors 'none'; base-uri 'none'$`).FindStringSubmatch(csp)
		if m == nil {
			t.Fatalf("CSP %q", csp)
		}
		nonces[m[1]] = true
		if strings.Count(r.body, "<style") != 1 || !strings.Contains(r.body, `<style nonce="`+m[1]+`">`) || strings.Contains(r.body, "<script") || strings.Contains(r.body, " style=") {
			t.Errorf("page does not keep its CSP:\n%s", r.body)
		}
		for _, want := range []string{`<html lang="en">`, "<main>", "<h1>", "prefers-color-scheme:dark", ":focus-visible", `name="viewport"`} {
			if !strings.Contains(r.body, want) {
				t.Errorf("page lacks %s", want)
			}
		}
	}
	if len(nonces) != 2 {
		t.Error("a nonce was used twice")
	}
	if csp := picker.header.Get("Content-Security-Policy"); !strings.Contains(csp, "form-action 'self' http://app.test https://preview.app.test:8443;") {
		t.Errorf("picker CSP %q does not let the sign-in go back to the app", csp)
	}
	for _, want := range []string{">AL</span>", "Alice Liddell", "alice@acme.test · admin", "Deny the sign-in"} {
		if !strings.Contains(picker.body, want) {
			t.Errorf("picker lacks %q", want)
		}
	}
}

func TestInitials(t *testing.T) {
	for _, tt := range [][4]string{{"alice", "liddell", "", "AL"}, {"", "", "élise@x.test", "É"}, {"Zoë", "", "", "Z"}, {"", "", "", ""}} {
		if got := initials(tt[0], tt[1], tt[2]); got != tt[3] {
			t.Errorf("initials(%q, %q, %q) = %q, want %q", tt[0], tt[1], tt[2], got, tt[3])
		}
	}
}

// With ConfirmLoginHint a hint naming a user shows the picker with that
// user first, rather than signing in at once.
func TestConfirmLoginHint(t *testing.T) {
	t.Parallel()
	for _, confirm := range []bool{false, true} {
		s := newTestServer(t, Options{ConfirmLoginHint: confirm})
		_, challenge := pkce("v")
		r := get(t, authorizeURL(s, map[string]string{"organization": "org_01DEMOACME", "login_hint": "bob@acme.test", "code_challenge": challenge, "code_challenge_method": "S256"}))
		switch {
		case !confirm && r.status != http.StatusFound && r.status != http.StatusSeeOther:
			t.Errorf("without ConfirmLoginHint: %d, want a redirect with a code", r.status)
		case confirm && (r.status != http.StatusOK || strings.Index(r.body, "Bob Builder") > strings.Index(r.body, "Alice Liddell")):
			t.Errorf("with ConfirmLoginHint: %d, Bob not first:\n%s", r.status, r.body)
		}
	}
}
