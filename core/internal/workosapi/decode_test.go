package workosapi

import (
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestParseErrorBody(t *testing.T) {
	tests := []struct {
		body, code, desc string
	}{
		{`{"error":"invalid_grant","error_description":"expired"}`, "invalid_grant", "expired"},
		{`{"message":"Not found"}`, "", "Not found"},
		{`{"code":"invalid_request_parameters","message":"bad"}`, "invalid_request_parameters", "bad"},
		{`{"error":"Unauthorized"}`, "Unauthorized", ""},
		{`{"error":"x","code":"y","error_description":"a","message":"b"}`, "x", "a"},
		{`{"error":null,"message":7}`, "", ""},
		{`[]`, "", ""},
		{`null`, "", ""},
		{``, "", ""},
		{`<html>`, "", ""},
		{`{"error":"x"`, "", ""},
	}
	for _, tt := range tests {
		code, desc := parseErrorBody([]byte(tt.body))
		if code != tt.code || desc != tt.desc {
			t.Errorf("parseErrorBody(%s) = %q, %q; want %q, %q", tt.body, code, desc, tt.code, tt.desc)
		}
	}
}

func TestSanitizeText(t *testing.T) {
	long := strings.Repeat("é", 400) // 800 bytes
	got := sanitizeText(long, maxDescriptionBytes)
	if len(got) > maxDescriptionBytes+3 || !utf8.ValidString(got) || !strings.HasSuffix(got, "...") {
		t.Errorf("long text: %d bytes, valid %v", len(got), utf8.ValidString(got))
	}
	if got := sanitizeText("a\xffb\r\nc\u2028d", 100); got != "a\uFFFDb  c d" {
		t.Errorf("got %q", got)
	}
}

func TestSanitizeCode(t *testing.T) {
	for in, want := range map[string]string{
		"invalid_grant":          "invalid_grant",
		"req_01H:abc/def-1.2":    "req_01H:abc/def-1.2",
		"has space":              "",
		"new\nline":              "",
		strings.Repeat("a", 129): "",
	} {
		if got := sanitizeCode(in); got != want {
			t.Errorf("sanitizeCode(%q) = %q", in, got)
		}
	}
}

func TestRedact(t *testing.T) {
	if got := redact("key sk_abcdef and sk_abcdef", "sk_abcdef", "", "ab"); got != "key [redacted] and [redacted]" {
		t.Errorf("got %q", got)
	}
}

func TestNewAPIErrorHeaders(t *testing.T) {
	resp := &http.Response{StatusCode: 429, Header: http.Header{
		"X-Request-Id": {"req_1"},
		"Retry-After":  {"3"},
	}}
	e := newAPIError("organizations", resp, []byte(`{"message":"slow down"}`), time.Now())
	if e.RequestID != "req_1" || e.RetryAfter != 3*time.Second || e.Description != "slow down" || !e.Temporary() {
		t.Errorf("%#v", e)
	}
	want := "workosapi: organizations: WorkOS answered 429: slow down (request id req_1) (retry after 3s)"
	if e.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", e.Error(), want)
	}
}

func TestDecodeTokenErrorsDoNotQuoteBody(t *testing.T) {
	for _, body := range []string{`{"access_token":"at_secretX`, `at_secret`, `{"access_token":"at_secret","profile":{"id":"p"}} at_secret`} {
		_, err := decodeToken([]byte(body))
		if err == nil || strings.Contains(err.Error(), "at_secret") || strings.Contains(err.Error(), "'a'") {
			t.Errorf("decodeToken(%q) error %v", body, err)
		}
	}
}
