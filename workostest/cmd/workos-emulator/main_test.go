package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ssokit/workosauth/workostest"
)

// banner reads the start-up lines from r until the seed line and returns
// them as name=value (WORKOS_*) and the rest as lines.
func banner(t *testing.T, r io.Reader) map[string]string {
	t.Helper()
	out := map[string]string{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if k, v, ok := strings.Cut(line, "="); ok && strings.HasPrefix(k, "WORKOS_") {
			out[k] = v
		}
		if k, v, ok := strings.Cut(line, ": "); ok && !strings.HasPrefix(k, "WORKOS_") {
			out[k] = v
		}
		if strings.HasPrefix(line, "seed: ") {
			go io.Copy(io.Discard, r) // the rest
			return out
		}
	}
	t.Fatalf("no banner: %v", sc.Err())
	return nil
}

// start runs the program in-process with args and env; it stops when
// the test ends.
func start(t *testing.T, args []string, env map[string]string) map[string]string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, args, func(k string) string { return env[k] }, pw, io.Discard)
		pw.CloseWithError(io.EOF)
		done <- err
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	})
	return banner(t, pr)
}

func noRedirects() *http.Client {
	return &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func call(t *testing.T, method, rawURL, key string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, rawURL, rd)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := noRedirects().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var m map[string]any
	json.NewDecoder(res.Body).Decode(&m)
	return res.StatusCode, m
}

func TestRunFromTheEnvironment(t *testing.T) {
	const redirect = "http://127.0.0.1:8081/auth/callback"
	b := start(t, nil, map[string]string{
		"WORKOS_EMULATOR_ADDR": "127.0.0.1:0", "WORKOS_EMULATOR_REDIRECT_URIS": redirect + ", http://127.0.0.1:8082/auth/callback",
		"WORKOS_EMULATOR_CLIENT_ID": "client_01FROMENV", "WORKOS_EMULATOR_ACCESS_TOKEN_TTL": "90s",
	})
	base := b["WORKOS_BASE_URL"]
	if !strings.HasPrefix(base, "http://127.0.0.1:") || b["WORKOS_CLIENT_ID"] != "client_01FROMENV" || b["WORKOS_API_KEY"] != defaultAPIKey {
		t.Fatalf("banner %v", b)
	}
	if st, m := call(t, "GET", base+"/_emulator/health", "", nil); st != 200 || m["status"] != "ok" {
		t.Fatalf("health: %d %v", st, m)
	}
	// An AuthKit sign-in to the second redirect URI, and its token's life.
	q := url.Values{"client_id": {"client_01FROMENV"}, "redirect_uri": {"http://127.0.0.1:8082/auth/callback"}, "response_type": {"code"},
		"provider": {"authkit"}, "login_hint": {"bob@acme.test"}}
	res, err := noRedirects().Get(base + "/user_management/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc, _ := url.Parse(res.Header.Get("Location"))
	st, m := call(t, "POST", base+"/user_management/authenticate", "", map[string]string{"client_id": "client_01FROMENV", "client_secret": defaultAPIKey,
		"grant_type": "authorization_code", "code": loc.Query().Get("code")})
	if st != 200 {
		t.Fatalf("authenticate: %d %v", st, m)
	}
	var c struct{ Iat, Exp int64 }
	parts := strings.Split(m["access_token"].(string), ".")
	raw, _ := base64.RawURLEncoding.DecodeString(parts[1])
	json.Unmarshal(raw, &c)
	if c.Exp-c.Iat != 90 {
		t.Fatalf("access token life %ds, want 90", c.Exp-c.Iat)
	}
	// Strict: an unregistered redirect URI, the wrong key.
	q.Set("redirect_uri", "http://127.0.0.1:9999/auth/callback")
	if res, _ := noRedirects().Get(base + "/user_management/authorize?" + q.Encode()); res.StatusCode != 400 {
		t.Fatalf("unregistered redirect URI: %d", res.StatusCode)
	}
	if st, _ := call(t, "GET", base+"/organizations", "sk_test_wrong", nil); st != 401 {
		t.Fatalf("wrong API key: %d", st)
	}
	// Faults over HTTP.
	if st, _ := call(t, "POST", base+"/_emulator/faults", defaultAPIKey, map[string]any{"endpoint": "/organizations", "status": 503, "times": 1}); st != 200 {
		t.Fatalf("inject: %d", st)
	}
	if st, _ := call(t, "GET", base+"/organizations", defaultAPIKey, nil); st != 503 {
		t.Fatalf("faulted: %d", st)
	}
}

func TestRunDeliversWebhooks(t *testing.T) {
	var mu sync.Mutex
	var got []string
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		sig := r.Header.Get("WorkOS-Signature")
		ts, _, _ := strings.Cut(strings.TrimPrefix(sig, "t="), ",")
		ms, _ := time.ParseDuration(ts + "ms")
		if sig != workostest.SignWebhook("whsec_prog", body, time.UnixMilli(ms.Milliseconds())) {
			w.WriteHeader(400)
			return
		}
		mu.Lock()
		got = append(got, string(body))
		mu.Unlock()
	}))
	defer hook.Close()
	b := start(t, []string{"-addr", "127.0.0.1:0", "-webhook-url", hook.URL + "/auth/webhooks", "-webhook-secret", "whsec_prog", "-api-key", "sk_test_given"}, nil)
	if b["WORKOS_API_KEY"] == "sk_test_given" || b["webhooks"] != hook.URL+"/auth/webhooks" {
		t.Fatalf("banner %v", b)
	}
	st, m := call(t, "POST", b["WORKOS_BASE_URL"]+"/_emulator/directory_users/delete", "sk_test_given", map[string]string{"user": "alice@acme.test"})
	if st != 200 || m["event"] != "dsync.user.deleted" {
		t.Fatalf("delete: %d %v", st, m)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 1 || !strings.Contains(got[0], `"dsync.user.deleted"`) {
		t.Fatalf("deliveries %v", got)
	}
}

func TestRunWithASeedFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "seed.json")
	os.WriteFile(path, []byte(`{
  "organizations": [{"id": "org_01INITECH", "name": "Initech", "domains": [{"domain": "initech.test"}]}],
  "connections": [{"organization_id": "org_01INITECH", "connection_type": "OktaSAML",
    "users": [{"id": "prof_01PETER", "email": "peter@initech.test", "role": "auditor"}]}],
  "roles": {"auditor": ["reports:read"]}
}`), 0o600)
	b := start(t, []string{"-addr", "127.0.0.1:0", "-seed", path, "-redirect-uri", "http://127.0.0.1:8081/auth/callback"}, nil)
	base := b["WORKOS_BASE_URL"]
	if st, m := call(t, "GET", base+"/organizations/org_01INITECH", defaultAPIKey, nil); st != 200 || m["name"] != "Initech" {
		t.Fatalf("the seed's organization: %d %v", st, m)
	}
	if st, _ := call(t, "GET", base+"/organizations/org_01DEMOACME", defaultAPIKey, nil); st != 404 {
		t.Fatalf("the demo seed is there too: %d", st)
	}
	st, m := call(t, "GET", base+"/user_management/organization_memberships?user_id=user_01PETER", defaultAPIKey, nil)
	if st != 200 || !strings.Contains(mustJSON(m), `"slug":"auditor"`) {
		t.Fatalf("memberships: %d %v", st, m)
	}
}

func mustJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestRunRefusesBadSettings(t *testing.T) {
	dir := t.TempDir()
	badSeed := filepath.Join(dir, "bad.json")
	os.WriteFile(badSeed, []byte(`{"organizations":[{"name":"A"}],"connections":[{"organization_id":"org_nope"}]}`), 0o600)
	typo := filepath.Join(dir, "typo.json")
	os.WriteFile(typo, []byte(`{"organisations":[{"name":"A"}]}`), 0o600)
	for name, tt := range map[string]struct {
		args []string
		env  map[string]string
		want string
	}{
		"bad duration":           {[]string{"-access-token-ttl", "soon"}, nil, "access-token-ttl"},
		"negative duration":      {nil, map[string]string{"WORKOS_EMULATOR_CODE_TTL": "-1m"}, "code-ttl"},
		"bad bool":               {nil, map[string]string{"WORKOS_EMULATOR_AUTO_SELECT": "sometimes"}, "auto-select"},
		"webhook without secret": {[]string{"-webhook-url", "http://127.0.0.1:1/hook"}, nil, "webhook-secret"},
		"relative redirect URI":  {[]string{"-redirect-uri", "/auth/callback"}, nil, "absolute"},
		"an argument":            {[]string{"serve"}, nil, "unexpected argument"},
		"unknown flag":           {[]string{"-port", "1"}, nil, "flag provided but not defined"},
		"missing seed file":      {[]string{"-seed", filepath.Join(dir, "none.json")}, nil, "no such file"},
		"invalid seed":           {[]string{"-seed", badSeed, "-addr", "127.0.0.1:0"}, nil, "unknown organization"},
		"a typo in the seed":     {[]string{"-seed", typo}, nil, "unknown field"},
		"busy address":           {[]string{"-addr", "256.0.0.1:1"}, nil, "workostest"},
	} {
		t.Run(name, func(t *testing.T) {
			err := run(context.Background(), tt.args, func(k string) string { return tt.env[k] }, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("run: %v, want an error with %q", err, tt.want)
			}
		})
	}
}

// Flags win over the environment.
func TestConfigPrecedence(t *testing.T) {
	env := map[string]string{"WORKOS_EMULATOR_CLIENT_ID": "client_env", "WORKOS_EMULATOR_ADMIN": "false", "WORKOS_EMULATOR_REDIRECT_URIS": "http://a.test/cb"}
	c, err := parseConfig([]string{"-client-id", "client_flag", "-redirect-uri", "http://b.test/cb", "-redirect-uri", "http://c.test/cb,http://d.test/cb"},
		func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.clientID != "client_flag" || c.admin || c.apiKey != defaultAPIKey || c.apiKeyGiven || c.addr != defaultAddr ||
		!reflect.DeepEqual(c.redirectURIs, []string{"http://b.test/cb", "http://c.test/cb", "http://d.test/cb"}) {
		t.Fatalf("config %+v", c)
	}
}

// The demo seed printed by -print-seed reads back as the same seed.
func TestPrintSeedRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := run(context.Background(), []string{"-print-seed"}, func(string) string { return "" }, &buf, io.Discard); err != nil {
		t.Fatal(err)
	}
	seed, roles, err := decodeSeed(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(roles, workostest.DefaultRolePermissions()) {
		t.Fatalf("roles %v", roles)
	}
	a := workostest.NewServer(t, workostest.Options{Seed: seed})
	b := workostest.NewServer(t, workostest.Options{})
	if !reflect.DeepEqual(a.Seed(), b.Seed()) {
		t.Fatalf("the printed seed differs from the demo seed:\n%+v\n%+v", a.Seed(), b.Seed())
	}
}

// The program as a process: it starts, serves, and stops on SIGTERM
// with exit status 0.
func TestProgramStopsOnSIGTERM(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "workos-emulator")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "WORKOS_EMULATOR_API_KEY=")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	b := banner(t, stdout)
	if st, _ := call(t, "GET", b["WORKOS_BASE_URL"]+"/_emulator/health", "", nil); st != 200 {
		t.Fatalf("health: %d", st)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("still running 30 s after SIGTERM")
	}
	if _, err := http.Get(b["WORKOS_BASE_URL"] + "/_emulator/health"); err == nil {
		t.Fatal("still serving after exit")
	}
}
