package core_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

// syncBuffer is a log sink that several goroutines may write.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// records decodes the JSON log lines.
func (b *syncBuffer) records(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		out = append(out, m)
	}
	return out
}

// auditApp is an app on net/http against the emulator (signing in at once
// as the login hint names), with everything logged as JSON.
type auditApp struct {
	srv    *httptest.Server
	wos    *workostest.Server
	logs   *syncBuffer
	events chan core.AuditEvent
	outs   chan *core.Session
	cfg    core.Config
}

const auditPassword = "audit-cookie-password-0123456789abcdef-XYZ"

func newAuditApp(t *testing.T) *auditApp {
	t.Helper()
	app := &auditApp{logs: &syncBuffer{}, events: make(chan core.AuditEvent, 100), outs: make(chan *core.Session, 10)}
	app.wos = workostest.NewServer(t, workostest.Options{AutoSelect: true})
	app.srv = httptest.NewUnstartedServer(nil)
	app.cfg = core.Config{
		ClientID:       app.wos.ClientID,
		APIKey:         core.NewSecret(app.wos.APIKey),
		RedirectURI:    "http://" + app.srv.Listener.Addr().String() + "/auth/callback",
		CookiePassword: core.NewSecret(auditPassword),
		Logger:         slog.New(slog.NewJSONHandler(app.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Sessions:       core.SessionConfig{OnSignOut: func(_ context.Context, s *core.Session) error { app.outs <- s; return nil }},
		WorkOS:         core.WorkOSConfig{BaseURL: app.wos.URL},
		Events: core.EventConfig{
			OnAudit: func(ctx context.Context, e core.AuditEvent) error {
				if ctx == nil || ctx.Value(ctxMark{}) == nil && e.Type != core.AuditRevocation {
					t.Errorf("event %s without the request's context", e.Type)
				}
				app.events <- e
				if e.Type == core.AuditSignOut {
					return errors.New("the audit sink is down")
				}
				return nil
			},
		},
	}
	app.wos.AddRedirectURI(app.cfg.RedirectURI)
	auth, err := core.New(app.cfg)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/auth/", workoshttp.Handler(auth))
	mux.Handle("/dashboard", workoshttp.RequireWorkOS(auth)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, _ := workoshttp.Session(r)
		io.WriteString(w, "hello "+s.Profile.Email)
	})))
	app.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mux.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxMark{}, true)))
	})
	app.srv.Start()
	t.Cleanup(app.srv.Close)
	return app
}

type ctxMark struct{}

// Over a whole sign-in, sign-out and failures, the log holds the audit
// events and never a cookie value, a code, a state, the API key or the
// cookie password.
func TestAuditLogHasEventsAndNoSecrets(t *testing.T) {
	app := newAuditApp(t)
	jar, _ := cookiejar.New(nil)
	var secrets []string
	var mu sync.Mutex
	keep := func(s ...string) {
		mu.Lock()
		defer mu.Unlock()
		for _, v := range s {
			if len(v) >= 8 {
				secrets = append(secrets, v)
			}
		}
	}
	client := &http.Client{Jar: jar, Timeout: 10 * time.Second, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		q := req.URL.Query()
		keep(q.Get("code"), q.Get("state"), q.Get("code_challenge"))
		for _, c := range req.Response.Cookies() {
			keep(c.Value)
		}
		return nil
	}}
	get := func(u string) *http.Response {
		t.Helper()
		r, err := client.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
		for _, c := range r.Cookies() {
			keep(c.Value)
		}
		return r
	}

	// Signing in by email lands on the page asked for.
	r := get(app.srv.URL + "/auth/signin?email=alice@acme.test&return_to=/dashboard")
	if r.StatusCode != 200 || r.Request.URL.Path != "/dashboard" {
		t.Fatalf("sign-in ended %d at %s", r.StatusCode, r.Request.URL)
	}
	for _, c := range jar.Cookies(r.Request.URL) {
		keep(c.Value)
	}
	// Signing out.
	req, _ := http.NewRequest("POST", app.srv.URL+"/auth/signout", nil)
	req.Header.Set("Origin", app.srv.URL)
	if r, err := client.Do(req); err != nil || r.Request.URL.Path != "/" {
		t.Fatalf("sign-out: %v %v", r, err)
	}
	// Failures: a domain without SSO, a denial at the identity provider,
	// a code that does not redeem.
	get(app.srv.URL + "/auth/signin?email=zoe@nosso.test")
	for _, extra := range []url.Values{{"error": {"access_denied"}}, {"code": {"bogus-code-0123456789"}}} {
		noFollow := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		r, err := noFollow.Get(app.srv.URL + "/auth/signin?connection=conn_01DEMOACMEOKTA")
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		authz, _ := url.Parse(r.Header.Get("Location"))
		state := authz.Query().Get("state")
		keep(state)
		q := url.Values{"state": {state}}
		for k, v := range extra {
			q[k] = v
		}
		get(app.srv.URL + "/auth/callback?" + q.Encode())
	}

	logs := app.logs.String()
	keep(app.wos.APIKey, auditPassword, "bogus-code-0123456789")
	mu.Lock()
	if len(secrets) < 8 {
		t.Fatalf("only %d secrets seen: the run did not happen as planned", len(secrets))
	}
	for _, s := range secrets {
		if strings.Contains(logs, s) {
			t.Errorf("the log holds a secret %.6s…:\n%s", s, logs)
		}
	}
	mu.Unlock()

	find := func(event, code string) map[string]any {
		for _, rec := range app.logs.records(t) {
			if rec["event"] == event && (code == "" || rec["code"] == code) {
				return rec
			}
		}
		t.Fatalf("no %s %s event in the log:\n%s", event, code, logs)
		return nil
	}
	in := find("signin", "")
	want := map[string]any{"level": "INFO", "user": "prof_01DEMOALICE", "organization": "org_01DEMOACME",
		"connection": "conn_01DEMOACMEOKTA", "method": "email", "domain": "acme.test", "client_ip": "127.0.0.1"}
	for k, v := range want {
		if in[k] != v {
			t.Errorf("signin %s = %v, want %v", k, in[k], v)
		}
	}
	if out := find("signout", ""); out["user"] != "prof_01DEMOALICE" || out["session"] == "" {
		t.Errorf("signout event %v", out)
	}
	find("revocation", "")
	if r := find("signin_refused", "no_sso"); r["level"] != "WARN" || r["method"] != "email" || r["domain"] != "nosso.test" {
		t.Errorf("no_sso event %v", r)
	}
	if r := find("signin_refused", "access_denied"); r["method"] != "connection" || r["client_ip"] != "127.0.0.1" {
		t.Errorf("access_denied event %v", r)
	}
	find("signin_refused", "invalid_grant")
	if !strings.Contains(logs, "OnAudit failed") || !strings.Contains(logs, "the audit sink is down") {
		t.Errorf("a failing OnAudit is not logged:\n%s", logs)
	}

	// The hooks saw the same.
	var types []string
	for len(app.events) > 0 {
		types = append(types, string((<-app.events).Type))
	}
	if got := strings.Join(types, ","); !strings.Contains(got, "signin,revocation,signout,signin_refused") {
		t.Errorf("OnEvent saw %s", got)
	}
	select {
	case s := <-app.outs:
		if s.Profile.Email != "alice@acme.test" {
			t.Errorf("OnSignOut got %+v", s.Profile)
		}
	default:
		t.Error("OnSignOut was not called")
	}
}
