package otelcheck

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/store/storetest"
	"github.com/ssokit/workosauth/workostest"
)

// webhookSecret is the run's webhook signing secret.
const webhookSecret = "whsec_otelcheck_0123456789abcdef"

// appRun is one adapter's app on the real SDK against the WorkOS
// emulator: an instance serving it, and a second instance of the app
// that shares its revocation feed (as another replica would).
type appRun struct {
	t      *testing.T
	rec    *recorded
	emu    *workostest.Server
	auth   *core.Auth
	other  *core.Auth // the second instance, not served
	app    string     // the served instance's origin
	client *http.Client
	clock  *offsetClock
	seen   *secrets
}

// offsetClock is the Auths' clock; the test moves it on.
type offsetClock struct {
	mu  sync.Mutex
	off time.Duration
}

func (c *offsetClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.off)
}

func (c *offsetClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.off += d
}

// secrets collects every secret value the run's HTTP exchanges carried
// (cookie values, codes, states, tokens), for the hygiene test.
type secrets struct {
	mu     sync.Mutex
	values map[string]bool
}

func (s *secrets) add(v string) {
	if len(v) < 8 { // too short to search for meaningfully
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.values[v] = true
}

func (s *secrets) list() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for v := range s.values {
		out = append(out, v)
	}
	return out
}

// recording is a RoundTripper that notes the secrets of each exchange:
// the cookies sent and set, and the code and state of every redirect.
type recording struct {
	next http.RoundTripper
	seen *secrets
}

func (r recording) RoundTrip(req *http.Request) (*http.Response, error) {
	for _, c := range req.Cookies() {
		r.seen.add(c.Value)
	}
	for _, k := range []string{"code", "state"} {
		r.seen.add(req.URL.Query().Get(k))
	}
	resp, err := r.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	for _, c := range resp.Cookies() {
		r.seen.add(c.Value)
	}
	if loc, err := url.Parse(resp.Header.Get("Location")); err == nil {
		r.seen.add(loc.Query().Get("code"))
		r.seen.add(loc.Query().Get("state"))
	}
	return resp, nil
}

// newAppRun starts the emulator and rt's app, with an Auth whose
// telemetry goes to the SDK (Config.Telemetry); authKit signs in through
// AuthKit. bob is refused by OnSignIn with the app's code "not_acme".
func newAppRun(t *testing.T, rt router, authKit bool) *appRun {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	origin := "http://" + ln.Addr().String()
	r := &appRun{t: t, rec: newRecorded(t), clock: &offsetClock{}, app: origin, seen: &secrets{values: map[string]bool{}}}
	r.emu = workostest.NewServer(t, workostest.Options{RedirectURIs: []string{origin + "/auth/callback"}, AutoSelect: true})
	r.seen.add(r.emu.APIKey)
	feed := storetest.NewMemory()
	password := strings.Repeat("otelcheck-", 4)
	r.seen.add(password)
	r.seen.add(webhookSecret)
	cfg := func() core.Config {
		return core.Config{
			ClientID:       r.emu.ClientID,
			APIKey:         core.NewSecret(r.emu.APIKey),
			RedirectURI:    origin + "/auth/callback",
			CookiePassword: core.NewSecret(password),
			Now:            r.clock.now,
			Telemetry:      core.TelemetryConfig{TracerProvider: r.rec.tp, MeterProvider: r.rec.mp},
			Sessions:       core.SessionConfig{Revocations: feed},
			SignIn: core.SignInConfig{
				OnSignIn: func(_ context.Context, p *core.Profile) error {
					if p.Email == "bob@acme.test" {
						return &core.Error{Status: http.StatusForbidden, Code: "not_acme", Message: "Not for Bob."}
					}
					return nil
				},
			},
			WorkOS:  core.WorkOSConfig{BaseURL: r.emu.URL},
			Events:  core.EventConfig{WebhookSecrets: []core.Secret{core.NewSecret(webhookSecret)}},
			AuthKit: core.AuthKitConfig{Enabled: authKit},
		}
	}
	for _, a := range []**core.Auth{&r.auth, &r.other} {
		if *a, err = core.New(cfg()); err != nil {
			t.Fatal(err)
		}
		auth := *a
		t.Cleanup(func() { auth.Close() })
	}
	rt.serve(t, ln, r.auth, r.rec.tp.Tracer("server"))
	jar, _ := cookiejar.New(nil)
	r.client = &http.Client{Jar: jar, Timeout: 10 * time.Second, Transport: recording{http.DefaultTransport, r.seen}}
	return r
}

// do sends a request to the app (a form for POST, from the app's origin)
// following redirects, and returns the status and path it ended at.
func (r *appRun) do(method, path string, form url.Values, follow bool) (int, string) {
	r.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, r.app+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Origin", r.app)
	req.Header.Set("Accept", "application/json")
	c := *r.client
	if !follow {
		c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	}
	resp, err := c.Do(req)
	if err != nil {
		r.t.Fatalf("%s %s: %v", method, path, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, resp.Request.URL.Path
}

// want fails unless a request ends with status at path.
func (r *appRun) want(method, path string, form url.Values, follow bool, status int, at string) {
	r.t.Helper()
	if got, gotAt := r.do(method, path, form, follow); got != status || gotAt != at {
		r.t.Fatalf("%s %s: %d at %s, want %d at %s", method, path, got, gotAt, status, at)
	}
}
