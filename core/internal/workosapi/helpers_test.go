package workosapi

import (
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

const (
	testClientID = "client_01TESTCLIENT"
	testAPIKey   = "sk_test_S3cr3tK3yValue0123456789"
	testRedirect = "https://app.example.com/auth/callback"
	testCode     = "01CODE-single-use-abcdef"
)

// testVerifier is a fixed, valid PKCE verifier.
var testVerifier = strings.Repeat("v", 20) + "-._~" + strings.Repeat("V", 20)

// newTestClient returns a client for base with test credentials, a short
// backoff and cfg tweaks applied.
func newTestClient(t testing.TB, base string, mod func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		BaseURL:     base,
		ClientID:    testClientID,
		APIKey:      testAPIKey,
		RedirectURI: testRedirect,
		Timeout:     3 * time.Second,
	}
	if mod != nil {
		mod(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	c.backoffBase = time.Millisecond
	return c
}

// countingServer serves handler and counts requests.
func countingServer(t testing.TB, handler http.HandlerFunc) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		handler(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

// refusedURL returns a loopback URL on which nothing listens.
func refusedURL(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return "http://" + addr
}

// blockUntilGone blocks until the client goes away (or 5s pass). It reads
// the body first: the server only notices a vanished client once it does.
func blockUntilGone(_ http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	select {
	case <-r.Context().Done():
	case <-time.After(5 * time.Second):
	}
}

// assertNoSecrets fails when err's text contains any test secret.
func assertNoSecrets(t *testing.T, err error, extra ...string) {
	t.Helper()
	if err == nil {
		return
	}
	msg := err.Error()
	for _, s := range append([]string{testAPIKey, testCode, testVerifier, "at_secret"}, extra...) {
		if strings.Contains(msg, s) {
			t.Errorf("error text %q leaks a secret", msg)
		}
	}
}

// asAPIError extracts an *APIError or fails.
func asAPIError(t *testing.T, err error) *APIError {
	t.Helper()
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %v (%T) is not an *APIError", err, err)
	}
	return apiErr
}

// challenge is the S256 challenge of testVerifier.
var challenge = oauth2.S256ChallengeFromVerifier(testVerifier)
