package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
	"time"

	"github.com/ssokit/workosauth/examples/observe/internal/scrape"
	"github.com/ssokit/workosauth/workostest"
)

// started is a running example: the app's and the metrics' origins.
type started struct{ app, metrics string }

// startExample runs the example against a WorkOS emulator that signs in
// at once as login_hint names, with METRICS_ADDR set (and the variables
// of env), until the test ends.
func startExample(t *testing.T, env ...string) started {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	origin := "http://" + addr
	emu := workostest.NewServer(t, workostest.Options{RedirectURIs: []string{origin + "/auth/callback"}})
	for k, v := range map[string]string{
		"WORKOS_CLIENT_ID": emu.ClientID, "WORKOS_API_KEY": emu.APIKey, "WORKOS_BASE_URL": emu.URL,
		"WORKOS_REDIRECT_URI": origin + "/auth/callback", "WORKOS_COOKIE_PASSWORD": strings.Repeat("observe-", 5),
		"ADDR": addr, "METRICS_ADDR": "127.0.0.1:0", "PORT": "", "REDIS_URL": "", "WORKOS_WEBHOOK_SECRET": "",
		"WORKOS_AUTHKIT": "", "WORKOS_COOKIE_PASSWORD_PREVIOUS": "", "OTEL_EXPORTER_OTLP_ENDPOINT": "", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "",
	} {
		t.Setenv(k, v)
	}
	for i := 0; i+1 < len(env); i += 2 {
		t.Setenv(env[i], env[i+1])
	}
	ctx, cancel := context.WithCancel(context.Background())
	up := make(chan started, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, func(app, metrics string) { up <- started{"http://" + app, "http://" + metrics} })
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	})
	select {
	case s := <-up:
		return s
	case err := <-done:
		t.Fatalf("the example did not start: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("the example did not start within 30s")
	}
	return started{}
}

// series is one expectation of a scrape: the sum of the samples named
// name whose labels include labels.
type series struct {
	name   string
	labels map[string]string
	want   float64
}

func (s series) check(t *testing.T, m *scrape.Metrics) {
	t.Helper()
	got, found := m.Sum(s.name, s.labels)
	if !found || got != s.want {
		t.Errorf("%s{%s} = %v (found %v), want %v", s.name, scrape.LabelString(s.labels), got, found, s.want)
	}
}

// After a sign-in, a refused sign-in, a refused request and a sign-out,
// the metrics endpoint serves the series that say so.
func TestMetricsAfterSignInRefusalAndSignOut(t *testing.T) {
	ex := startExample(t)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	do := func(method, path string, wantStatus int, wantPath string) {
		t.Helper()
		req, _ := http.NewRequest(method, ex.app+path, nil)
		req.Header.Set("Origin", ex.app)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != wantStatus || resp.Request.URL.Path != wantPath {
			t.Fatalf("%s %s: %d at %s, want %d at %s", method, path, resp.StatusCode, resp.Request.URL.Path, wantStatus, wantPath)
		}
	}
	do("GET", "/auth/signin?email=alice@acme.test&return_to=/dashboard", 200, "/dashboard") // a sign-in
	do("GET", "/auth/signin?email=zoe@nosso.test", 404, "/auth/signin")                     // refused: no SSO for the domain
	do("POST", "/auth/signout", 200, "/")                                                   // a sign-out
	do("GET", "/api/me", 401, "/api/me")                                                    // refused by the guard

	m, err := scrape.Get(context.Background(), http.DefaultClient, ex.metrics+"/metrics")
	if err != nil {
		t.Fatal(err)
	}
	route := func(method, route string, status int) map[string]string {
		return map[string]string{"http_request_method": method, "http_route": route, "http_response_status_code": fmt.Sprint(status)}
	}
	// The Go runtime's series, the resource, and otelhttp's server series
	// for each request of the run.
	if v, ok := m.Sum("go_goroutines", nil); !ok || v < 1 {
		t.Errorf("go_goroutines = %v (found %v)", v, ok)
	}
	for _, s := range []series{
		{"target_info", map[string]string{"service_name": "workosauth-example"}, 1},
		{"http_server_request_duration_seconds_count", route("GET", "/auth/", 303), 2},     // the sign-in's start and callback
		{"http_server_request_duration_seconds_count", route("GET", "/auth/", 404), 1},     // the refusal
		{"http_server_request_duration_seconds_count", route("POST", "/auth/", 303), 1},    // the sign-out
		{"http_server_request_duration_seconds_count", route("GET", "/dashboard", 200), 1}, // the sign-in's landing
		{"http_server_request_duration_seconds_count", route("GET", "/api/me", 401), 1},    // the guard's refusal
	} {
		s.check(t, m)
	}

	// workosauth's own series.
	with := func(kv ...string) map[string]string {
		out := map[string]string{"otel_scope_name": "github.com/ssokit/workosauth"}
		for i := 0; i+1 < len(kv); i += 2 {
			out[kv[i]] = kv[i+1]
		}
		return out
	}
	for _, s := range []series{
		{"workosauth_sign_ins_total", with("workosauth_sign_in_outcome", "success"), 1},
		{"workosauth_sign_ins_total", with("workosauth_sign_in_outcome", "refused", "error_type", "no_sso"), 1},
		{"workosauth_sign_ins_total", with(), 2},
		{"workosauth_sign_outs_total", with(), 1},
		{"workosauth_guard_decisions_total", with("workosauth_guard_decision", "allowed"), 2}, // the dashboard, and the home page (Optional) after sign-out
		{"workosauth_guard_decisions_total", with("workosauth_guard_decision", "unauthenticated", "error_type", "unauthenticated"), 1},
		{"workosauth_session_cache_lookups_total", with("workosauth_session_cache_result", "hit"), 2}, // the dashboard, the sign-out
		{"workosauth_revocations_applied_total", with("workosauth_revocation_kind", "session", "workosauth_revocation_source", "local"), 1},
		{"http_client_request_duration_seconds_count", with("url_template", "/sso/token", "http_response_status_code", "200"), 1},
		{"http_client_request_duration_seconds_count", with("url_template", "/organizations", "http_response_status_code", "200"), 2},
	} {
		s.check(t, m)
	}
}

// The readiness probe answers 200 with the JSON body, and the liveness
// probe is a route of its own.
func TestProbes(t *testing.T) {
	ex := startExample(t)
	for path, want := range map[string]string{"/readyz": `{"ready":true}`, "/healthz": "ok"} {
		resp, err := http.Get(ex.app + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || strings.TrimSpace(string(body)) != want {
			t.Errorf("%s: %d %q, want 200 %q", path, resp.StatusCode, body, want)
		}
	}
}
