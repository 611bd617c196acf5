package core

import (
	"errors"
	"strings"
	"testing"
)

func TestParseEmail(t *testing.T) {
	tests := []struct {
		in, email, domain string
		ok                bool
	}{
		{"alice@acme.test", "alice@acme.test", "acme.test", true},
		{"  Alice@ACME.Test ", "alice@acme.test", "acme.test", true},
		{"alice@acme.test.", "alice@acme.test", "acme.test", true},
		{"ａｌｉｃｅ@ａｃｍｅ.test", "alice@acme.test", "acme.test", true}, // full-width letters fold under NFKC
		{"alice＠acme.test", "alice@acme.test", "acme.test", true}, // a full-width @ alone is the @
		{"alice＠evil.test@acme.test", "", "", false},              // ...and cannot hide a second one
		{"bob@bücher.example", "bob@xn--bcher-kva.example", "xn--bcher-kva.example", true},
		{"bob@xn--bcher-kva.example", "bob@xn--bcher-kva.example", "xn--bcher-kva.example", true},
		{"", "", "", false},
		{"alice", "", "", false},
		{"@acme.test", "", "", false},
		{"alice@", "", "", false},
		{"alice@@acme.test", "", "", false},
		{"alice@acme", "", "", false},
		{"al ice@acme.test", "", "", false},
		{"alice@acme.test\x00", "", "", false},
		{"alice\x00@acme.test", "", "", false},
		{"alice@acme..test", "", "", false},
		{"alice@-acme.test", "", "", false},
		{"alice@acme_test.com", "", "", false},
		{"<alice@acme.test>", "", "", false},
		{"alice@acme.test\r\nBcc: x@y.z", "", "", false},
		{strings.Repeat("a", 65) + "@acme.test", "", "", false},
		{"a@" + strings.Repeat("b", 10000) + ".test", "", "", false},
		{strings.Repeat("a", 10000), "", "", false},
		{"\xff@acme.test", "", "", false},
	}
	for _, tt := range tests {
		email, domain, err := parseEmail(tt.in)
		if tt.ok != (err == nil) {
			t.Errorf("ParseEmail(%q) err = %v, want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if err != nil {
			if !errors.Is(err, errInvalidEmail) {
				t.Errorf("ParseEmail(%q) err = %v, want ErrInvalidEmail", tt.in, err)
			}
			continue
		}
		if email != tt.email || domain != tt.domain {
			t.Errorf("ParseEmail(%q) = %q, %q; want %q, %q", tt.in, email, domain, tt.email, tt.domain)
		}
	}
}

func TestNormalizeDomain(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Acme.Test", "acme.test"},
		{"acme.test.", "acme.test"},
		{"ACME.test", "acme.test"},
		{"münchen.de", "xn--mnchen-3ya.de"},
		{"acme.test..", ""},
		{"localhost", ""},
		{"", ""},
		{".", ""},
		{"a b.test", ""},
		{"acme.test/evil", ""},
		{"acme.test:443", ""},
		{"acme\x00.test", ""},
	}
	for _, tt := range tests {
		got, err := normalizeDomain(tt.in)
		if tt.want == "" {
			if err == nil {
				t.Errorf("NormalizeDomain(%q) = %q, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("NormalizeDomain(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func FuzzParseEmail(f *testing.F) {
	for _, s := range []string{"alice@acme.test", "alice＠evil.test@acme.test", "bob@bücher.example", "a@b.c.", "\x00@x.y", "@", "x@xn--.test"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		email, domain, err := parseEmail(s)
		if err != nil {
			return
		}
		if strings.Count(email, "@") != 1 || !strings.HasSuffix(email, "@"+domain) {
			t.Fatalf("ParseEmail(%q) = %q, %q: not one @ before the domain", s, email, domain)
		}
		for i := 0; i < len(domain); i++ {
			if c := domain[i]; c >= 0x80 || c <= ' ' || c == '@' || c == '/' {
				t.Fatalf("ParseEmail(%q) domain %q is not ASCII DNS", s, domain)
			}
		}
		again, d2, err := parseEmail(email)
		if err != nil || again != email || d2 != domain {
			t.Fatalf("ParseEmail not idempotent: %q -> %q -> %q, %v", s, email, again, err)
		}
	})
}
