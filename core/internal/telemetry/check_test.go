package telemetry

import (
	"fmt"
	"strings"
	"testing"
)

func TestIsID(t *testing.T) {
	for _, c := range []struct {
		s        string
		prefixes []string
		want     bool
	}{
		{"org_01HXYZ", []string{"org"}, true},
		{"user_01ABC", []string{"user", "prof"}, true},
		{"prof_01ABC", []string{"user", "prof"}, true},
		{"conn_1", []string{"conn"}, true},
		{"org_", []string{"org"}, false},
		{"org", []string{"org"}, false},
		{"org_01+x", []string{"org"}, false},
		{"alice@acme.test", []string{"org", "user", "prof", "conn"}, false},
		{"org_alice@acme.test", []string{"org"}, false},
		{"user_01ABC", []string{"org"}, false},
		{"org_" + strings.Repeat("a", 64), []string{"org"}, true},
		{"org_" + strings.Repeat("a", 65), []string{"org"}, false},
		{"", []string{"org"}, false},
	} {
		if got := isID(c.s, c.prefixes...); got != c.want {
			t.Errorf("isID(%q, %v) = %v, want %v", c.s, c.prefixes, got, c.want)
		}
	}
}

func TestIsEventType(t *testing.T) {
	for s, want := range map[string]bool{
		"dsync.user.deleted":       true,
		"dsync.group.user_added":   true,
		"user.created":             true,
		"authentication.sso_2fa":   true,
		"deleted":                  false, // no namespace
		".user":                    false,
		"user.":                    false,
		"user..created":            false,
		"User.Created":             false,
		"alice@acme.test":          false,
		"user.created " + "x":      false,
		strings.Repeat("a.", 40):   false,
		"":                         false,
		"dsync.user.deleted\x00.x": false,
	} {
		if got := isEventType(s); got != want {
			t.Errorf("isEventType(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestIsCodeAndRequestID(t *testing.T) {
	for s, want := range map[string]bool{"not_acme": true, "": false, "Not": false, "a-b": false, "a@b": false, strings.Repeat("a", 65): false} {
		if got := isCode(s); got != want {
			t.Errorf("isCode(%q) = %v, want %v", s, got, want)
		}
	}
	for s, want := range map[string]bool{"req_01ABC-def.1:2": true, "": false, "a b": false, "a@b": false, strings.Repeat("a", 129): false} {
		if got := isRequestID(s); got != want {
			t.Errorf("isRequestID(%q) = %v, want %v", s, got, want)
		}
	}
}

// Known codes pass; a code from a request (the callback's error
// parameter) that core does not know is "_OTHER"; an app's well-formed
// codes pass up to the cap, then "_OTHER".
func TestRefusalCodes(t *testing.T) {
	tel, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	if got := tel.refusalCode("state_mismatch", false); got != "state_mismatch" {
		t.Errorf("known code: %q", got)
	}
	if got := tel.refusalCode("made_up_by_a_client", false); got != other {
		t.Errorf("unknown code from a request: %q", got)
	}
	if got := tel.refusalCode("not_acme", true); got != "not_acme" {
		t.Errorf("app code: %q", got)
	}
	if got := tel.refusalCode("alice@acme.test", true); got != other {
		t.Errorf("app code that is no code: %q", got)
	}
	for i := range 2 * maxAppCodes {
		tel.refusalCode(fmt.Sprintf("code_%c%c", 'a'+i/26, 'a'+i%26), true)
	}
	if got := tel.refusalCode("one_more", true); got != other {
		t.Errorf("app code past the cap: %q", got)
	}
	if got := tel.refusalCode("not_acme", true); got != "not_acme" {
		t.Errorf("app code seen before the cap: %q", got)
	}
	if got := tel.refusalCode("state_mismatch", true); got != "state_mismatch" {
		t.Errorf("core's code reported by the app past the cap: %q", got)
	}
}

func TestEventTypes(t *testing.T) {
	tel, _ := New(Config{})
	for i := range 2 * maxEventTypes {
		tel.eventType(fmt.Sprintf("made.up_%d", i))
	}
	for typ, want := range map[string]string{
		"dsync.user.deleted": "dsync.user.deleted", // handled: past the cap too
		"made.up_0":          "made.up_0",          // seen before the cap
		"made.up_999":        other,
		"sk_test_123":        other,
		"a@b.c":              other,
	} {
		if got := tel.eventType(typ); got != want {
			t.Errorf("eventType(%q) = %q, want %q", typ, got, want)
		}
	}
}

func TestGuardDenial(t *testing.T) {
	for code, want := range map[string]GuardDecision{
		"unauthenticated":           GuardUnauthenticated,
		"reauthentication_required": GuardReauthenticate,
		"invalid_token":             GuardInvalidToken,
		"forbidden":                 GuardForbidden,
		"session_unavailable":       GuardUnavailable,
		"anything_else":             GuardUnauthenticated,
	} {
		if got := GuardDenial(code); got != want {
			t.Errorf("GuardDenial(%q) = %d, want %d", code, got, want)
		}
	}
}

func TestServerOf(t *testing.T) {
	for base, want := range map[string]string{
		"https://api.workos.com":  "api.workos.com:443",
		"http://127.0.0.1:8081/x": "127.0.0.1:8081",
		"http://localhost":        "localhost:80",
		"https://[::1]:9000":      "::1:9000",
		"":                        ":0",
		"::not a url":             ":0",
	} {
		h, p := serverOf(base)
		if got := fmt.Sprintf("%s:%d", h, p); got != want {
			t.Errorf("serverOf(%q) = %s, want %s", base, got, want)
		}
	}
}

// Whatever a client or WorkOS sends, what reaches an attribute is a known
// value, "_OTHER", or a value of the strict shapes: never an email
// address, nor anything with a space, a slash or an equals sign.
func FuzzAttributeValues(f *testing.F) {
	for _, s := range []string{"state_mismatch", "alice@acme.test", "dsync.user.deleted", "org_01X", "wos-session=abc", "sk_test_x"} {
		f.Add(s)
	}
	tel, _ := New(Config{})
	f.Fuzz(func(t *testing.T, s string) {
		for _, v := range []string{code(s), tel.refusalCode(s, true), tel.eventType(s)} {
			if strings.ContainsAny(v, "@ /=+\x00") || len(v) > 64 {
				t.Fatalf("%q became the attribute value %q", s, v)
			}
		}
		for _, ok := range []bool{isID(s, "org", "user", "prof", "conn"), isRequestID(s)} {
			if ok && strings.ContainsAny(s, "@ /=+\x00") {
				t.Fatalf("%q passed as an ID", s)
			}
		}
	})
}
