package core

import (
	"net/url"
	"strings"
	"testing"
)

func TestSafeReturnTo(t *testing.T) {
	good := []string{"/", "/dashboard", "/dashboard?tab=2", "/a/b?c=d&e=f#frag", "/caf%C3%A9", "/a%2Fb", "/?next=//evil"}
	bad := []string{
		"", "dashboard", "//evil.test", "//evil.test/x", "/\\evil.test", "\\\\evil.test", "/%2F%2Fevil.test", "/%2f/evil.test",
		"/%5Cevil.test", "/%5C%5Cevil.test", "https://evil.test", "https:evil.test", "http://app.test@evil.test",
		"javascript:alert(1)", "/\tevil", "/\nevil", "/\r\nLocation: x", "/a\x00b", "/a%00b", "/%0d%0aSet-Cookie:x=y",
		"/%zz", "/%", " /dashboard", "/" + strings.Repeat("a", 3000), "/\x7f", "\t//evil.test",
	}
	for _, s := range good {
		if got, ok := safeReturnTo(s); !ok || got != s {
			t.Errorf("SafeReturnTo(%q) = %q, %v; want it kept", s, got, ok)
		}
	}
	for _, s := range bad {
		if got, ok := safeReturnTo(s); ok {
			t.Errorf("SafeReturnTo(%q) = %q, ok; want refused", s, got)
		}
	}
}

func TestReturnToAvoidsAuthRoutes(t *testing.T) {
	a := newTestAuth(t, nil)
	for _, s := range []string{"/auth/callback", "/auth/signin?x=1", "/auth/signout", "//evil"} {
		if got := a.returnTo(s); got != "/" {
			t.Errorf("returnTo(%q) = %q, want the default /", s, got)
		}
	}
	if got := a.returnTo("/auth/other"); got != "/auth/other" {
		t.Errorf("returnTo(/auth/other) = %q", got)
	}
}

func FuzzSafeReturnTo(f *testing.F) {
	for _, s := range []string{"/", "/a?b=c", "//evil", "/\\evil", "/%2F%2Fevil", "https:evil", "/%5c", "/\t/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := safeReturnTo(s)
		if !ok {
			return
		}
		// Whatever passes must resolve to the app's own origin, as a
		// browser would resolve it against the page.
		base, _ := url.Parse("https://app.test/page")
		u, err := base.Parse(got)
		if err != nil || u.Host != "app.test" || u.Scheme != "https" || u.User != nil {
			t.Fatalf("SafeReturnTo(%q) = %q leaves the origin: %v %v", s, got, u, err)
		}
		if strings.ContainsAny(got, "\\\r\n\t\x00") || strings.HasPrefix(got, "//") {
			t.Fatalf("SafeReturnTo(%q) = %q", s, got)
		}
	})
}
