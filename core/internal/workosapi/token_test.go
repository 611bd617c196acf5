package workosapi

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

const testProfile = `{"object":"profile","id":"prof_01ABC","organization_id":"org_01XYZ","connection_id":"conn_01DEF","connection_type":"OktaSAML","idp_id":"00u1","email":"ada@example.com","first_name":"Ada","last_name":null,"role":{"slug":"member"},"groups":["eng"],"custom_attributes":{"n":12345678901234567890},"raw_attributes":{}}`

const testTokenBody = `{"token_type":"Bearer","access_token":"at_secret_0123","expires_in":600,"profile":` + testProfile + `}`

func TestExchangeCodeRequestAndSuccess(t *testing.T) {
	type seen struct {
		method, path, contentType, auth, accept string
		form                                    url.Values
		query                                   string
	}
	got := make(chan seen, 1)
	srv, calls := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var fields map[string]string
		if err := json.Unmarshal(body, &fields); err != nil {
			t.Errorf("body is not a JSON object of strings: %v", err)
		}
		form := url.Values{}
		for k, v := range fields {
			form.Set(k, v)
		}
		got <- seen{r.Method, r.URL.Path, r.Header.Get("Content-Type"), r.Header.Get("Authorization"), r.Header.Get("Accept"), form, r.URL.RawQuery}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, testTokenBody)
	})
	c := newTestClient(t, srv.URL+"/", nil)

	res, err := c.ExchangeCode(context.Background(), testCode, testVerifier)
	if err != nil {
		t.Fatalf("ExchangeCode: %v", err)
	}
	s := <-got
	if s.method != http.MethodPost || s.path != "/sso/token" || s.query != "" {
		t.Errorf("request %s %s?%s", s.method, s.path, s.query)
	}
	if s.contentType != "application/json" {
		t.Errorf("Content-Type %q", s.contentType)
	}
	if s.auth != "" {
		t.Errorf("Authorization header %q: credentials belong in the body", s.auth)
	}
	if s.accept != "application/json" {
		t.Errorf("Accept %q", s.accept)
	}
	wantForm := url.Values{
		"client_id":     {testClientID},
		"client_secret": {testAPIKey},
		"grant_type":    {"authorization_code"},
		"code":          {testCode},
		"code_verifier": {testVerifier},
	}
	if !reflect.DeepEqual(s.form, wantForm) {
		t.Errorf("form:\n got  %v\n want %v", s.form, wantForm)
	}
	if res.AccessToken != "at_secret_0123" {
		t.Errorf("AccessToken %q", res.AccessToken)
	}
	if string(res.Profile) != testProfile {
		t.Errorf("Profile not passed through verbatim:\n got  %s\n want %s", res.Profile, testProfile)
	}
	var p struct {
		ID             string `json:"id"`
		OrganizationID string `json:"organization_id"`
	}
	if err := json.Unmarshal(res.Profile, &p); err != nil || p.ID != "prof_01ABC" || p.OrganizationID != "org_01XYZ" {
		t.Errorf("profile decode: %+v, %v", p, err)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d calls", n)
	}
}

func TestExchangeCodeAnswers(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		header     map[string]string
		body       string
		wantIs     error // sentinel, or nil for an *APIError
		wantStatus int
		wantCode   string
		wantDesc   string
		wantReqID  string
		wantRetry  time.Duration
	}{
		{
			name: "invalid_grant", status: 400,
			header:     map[string]string{"X-Request-ID": "req_01ABC"},
			body:       `{"error":"invalid_grant","error_description":"The code has expired or has already been used."}`,
			wantStatus: 400, wantCode: "invalid_grant", wantDesc: "The code has expired or has already been used.", wantReqID: "req_01ABC",
		},
		{
			name: "invalid_client", status: 400,
			body:       `{"error":"invalid_client","error_description":"Invalid client secret."}`,
			wantStatus: 400, wantCode: "invalid_client", wantDesc: "Invalid client secret.",
		},
		{
			name: "500 message shape", status: 500,
			body:       `{"message":"Internal Server Error"}`,
			wantStatus: 500, wantDesc: "Internal Server Error",
		},
		{
			name: "502 html", status: 502,
			body:       `<html><body>Bad Gateway</body></html>`,
			wantStatus: 502,
		},
		{
			name: "503 empty", status: 503,
			wantStatus: 503,
		},
		{
			name: "429 not retried", status: 429,
			header:     map[string]string{"Retry-After": "1"},
			body:       `{"message":"Too many requests"}`,
			wantStatus: 429, wantDesc: "Too many requests", wantRetry: time.Second,
		},
		{
			name: "422 message with code", status: 422,
			body:       `{"code":"invalid_request_parameters","message":"Validation failed","errors":[{"field":"code"}]}`,
			wantStatus: 422, wantCode: "invalid_request_parameters", wantDesc: "Validation failed",
		},
		{
			name: "error fields of wrong type", status: 400,
			body:       `{"error":42,"error_description":["x"]}`,
			wantStatus: 400,
		},
		{
			name: "echoed secrets are redacted", status: 400,
			body:       `{"error":"invalid_grant","error_description":"code ` + testCode + ` verifier ` + testVerifier + ` secret ` + testAPIKey + `"}`,
			wantStatus: 400, wantCode: "invalid_grant", wantDesc: "code [redacted] verifier [redacted] secret [redacted]",
		},
		{
			name: "control characters in description", status: 400,
			body:       `{"error":"invalid_grant","error_description":"line1\nline2\u0000\u001b[31m"}`,
			wantStatus: 400, wantCode: "invalid_grant", wantDesc: "line1 line2  [31m",
		},
		{
			name: "odd error code dropped", status: 400,
			body:       `{"error":"bad code with spaces","message":"m"}`,
			wantStatus: 400, wantDesc: "m",
		},
		{name: "200 not JSON", status: 200, body: `<html>ok</html>`, wantIs: ErrBadResponse},
		{name: "200 empty", status: 200, body: ``, wantIs: ErrBadResponse},
		{name: "200 null", status: 200, body: `null`, wantIs: ErrBadResponse},
		{name: "200 array", status: 200, body: `[]`, wantIs: ErrBadResponse},
		{name: "200 trailing garbage", status: 200, body: testTokenBody + `x`, wantIs: ErrBadResponse},
		{name: "no profile", status: 200, body: `{"access_token":"at_secret"}`, wantIs: ErrBadResponse},
		{name: "profile null", status: 200, body: `{"access_token":"at_secret","profile":null}`, wantIs: ErrBadResponse},
		{name: "profile string", status: 200, body: `{"access_token":"at_secret","profile":"prof_1"}`, wantIs: ErrBadResponse},
		{name: "profile array", status: 200, body: `{"access_token":"at_secret","profile":[{"id":"prof_1"}]}`, wantIs: ErrBadResponse},
		{name: "profile without id", status: 200, body: `{"access_token":"at_secret","profile":{"email":"a@b.c"}}`, wantIs: ErrBadResponse},
		{name: "profile empty id", status: 200, body: `{"access_token":"at_secret","profile":{"id":""}}`, wantIs: ErrBadResponse},
		{name: "profile id number", status: 200, body: `{"access_token":"at_secret","profile":{"id":7}}`, wantIs: ErrBadResponse},
		{name: "no access_token", status: 200, body: `{"profile":{"id":"prof_1"}}`, wantIs: ErrBadResponse},
		{name: "access_token number", status: 200, body: `{"access_token":12,"profile":{"id":"prof_1"}}`, wantIs: ErrBadResponse},
		{name: "200 with OAuth error", status: 200, body: `{"error":"invalid_grant"}`, wantIs: ErrBadResponse},
		{name: "200 over 1 MiB", status: 200, body: `{"access_token":"at_secret","profile":{"id":"p","pad":"` + strings.Repeat("a", maxBodyBytes) + `"}}`, wantIs: ErrBadResponse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, calls := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tt.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, tt.body)
			})
			c := newTestClient(t, srv.URL, nil)
			res, err := c.ExchangeCode(context.Background(), testCode, testVerifier)
			if err == nil {
				t.Fatalf("no error; result %+v", res)
			}
			if res != nil {
				t.Error("result returned with an error")
			}
			if n := calls.Load(); n != 1 {
				t.Errorf("token endpoint called %d times, want exactly 1 (never retried)", n)
			}
			assertNoSecrets(t, err)
			if tt.wantIs != nil {
				if !errors.Is(err, tt.wantIs) {
					t.Fatalf("error %v, want %v", err, tt.wantIs)
				}
				var apiErr *APIError
				if errors.As(err, &apiErr) {
					t.Errorf("2xx answer gave an APIError: %v", err)
				}
				return
			}
			apiErr := asAPIError(t, err)
			want := &APIError{Op: "token", StatusCode: tt.wantStatus, Code: tt.wantCode, Description: tt.wantDesc, RequestID: tt.wantReqID, RetryAfter: tt.wantRetry}
			if !reflect.DeepEqual(apiErr, want) {
				t.Errorf("APIError:\n got  %#v\n want %#v", apiErr, want)
			}
			if apiErr.Temporary() != (tt.wantStatus == 429 || tt.wantStatus >= 500) {
				t.Errorf("Temporary() = %v for %d", apiErr.Temporary(), tt.wantStatus)
			}
			if errors.Is(err, ErrTimeout) || errors.Is(err, ErrUnavailable) || errors.Is(err, ErrBadResponse) {
				t.Errorf("APIError matches a sentinel: %v", err)
			}
		})
	}
}

func TestExchangeCodeTimeout(t *testing.T) {
	srv, calls := countingServer(t, blockUntilGone)
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Timeout = 100 * time.Millisecond })

	start := time.Now()
	_, err := c.ExchangeCode(context.Background(), testCode, testVerifier)
	elapsed := time.Since(start)
	if !errors.Is(err, ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want ErrTimeout and context.DeadlineExceeded", err)
	}
	if errors.Is(err, ErrUnavailable) {
		t.Errorf("timeout also matches ErrUnavailable: %v", err)
	}
	if elapsed > time.Second {
		t.Errorf("returned after %v, want ~100ms", elapsed)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d calls", n)
	}
	assertNoSecrets(t, err)
}

func TestExchangeCodeCallerDeadline(t *testing.T) {
	srv, _ := countingServer(t, blockUntilGone)
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Timeout = 10 * time.Second })
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.ExchangeCode(ctx, testCode, testVerifier)
	if !errors.Is(err, ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want ErrTimeout", err)
	}
	if time.Since(start) > time.Second {
		t.Errorf("caller deadline not honoured")
	}
}

func TestExchangeCodeCanceled(t *testing.T) {
	srv, _ := countingServer(t, blockUntilGone)
	c := newTestClient(t, srv.URL, nil)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(30*time.Millisecond, cancel)
	_, err := c.ExchangeCode(ctx, testCode, testVerifier)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if errors.Is(err, ErrTimeout) || errors.Is(err, ErrUnavailable) {
		t.Errorf("cancellation misclassified: %v", err)
	}
}

func TestExchangeCodeConnectionRefused(t *testing.T) {
	c := newTestClient(t, refusedURL(t), nil)
	_, err := c.ExchangeCode(context.Background(), testCode, testVerifier)
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("error %v, want ErrUnavailable", err)
	}
	if errors.Is(err, ErrTimeout) {
		t.Errorf("refused connection matches ErrTimeout: %v", err)
	}
	assertNoSecrets(t, err)
}

func TestExchangeCodeConnectionReset(t *testing.T) {
	srv, calls := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		_ = conn.Close()
	})
	c := newTestClient(t, srv.URL, nil)
	_, err := c.ExchangeCode(context.Background(), testCode, testVerifier)
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("error %v, want ErrUnavailable", err)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("token endpoint called %d times, want 1", n)
	}
}

func TestExchangeCodeTruncatedBody(t *testing.T) {
	srv, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		writeRaw(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"access_token\":")
	})
	c := newTestClient(t, srv.URL, nil)
	_, err := c.ExchangeCode(context.Background(), testCode, testVerifier)
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("error %v, want ErrUnavailable for a body cut short", err)
	}
}

func writeRaw(buf *bufio.ReadWriter, s string) {
	_, _ = buf.WriteString(s)
	_ = buf.Flush()
}

func TestExchangeCodeRedirectNotFollowed(t *testing.T) {
	var followed bool
	srv, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/elsewhere" {
			followed = true
			return
		}
		http.Redirect(w, r, "/elsewhere", http.StatusTemporaryRedirect)
	})
	c := newTestClient(t, srv.URL, nil)
	_, err := c.ExchangeCode(context.Background(), testCode, testVerifier)
	if apiErr := asAPIError(t, err); apiErr.StatusCode != http.StatusTemporaryRedirect {
		t.Errorf("status %d", apiErr.StatusCode)
	}
	if followed {
		t.Error("redirect followed: the client secret would be resent")
	}
}

func TestExchangeCodeInvalidArguments(t *testing.T) {
	srv, calls := countingServer(t, func(w http.ResponseWriter, r *http.Request) {})
	c := newTestClient(t, srv.URL, nil)
	tests := []struct{ name, code, verifier string }{
		{"empty code", "", testVerifier},
		{"empty verifier", testCode, ""},
		{"short verifier", testCode, strings.Repeat("a", 42)},
		{"long verifier", testCode, strings.Repeat("a", 129)},
		{"verifier with bad char", testCode, strings.Repeat("a", 42) + "+"},
	}
	for _, tt := range tests {
		_, err := c.ExchangeCode(context.Background(), tt.code, tt.verifier)
		if !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%s: error %v, want ErrInvalidArgument", tt.name, err)
		}
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("%d requests sent for invalid arguments", n)
	}
}
