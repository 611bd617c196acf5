package conformance

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

// env is one standard app under test: a WorkOS emulator, an Auth pointed
// at it, and the adapter's handler served on 127.0.0.1.
type env struct {
	adapter Adapter
	emu     *workostest.Server
	auth    *core.Auth
	app     *url.URL // the app's origin, http://127.0.0.1:PORT
	// sessionName is the name of the app's session cookie, as the
	// cookies of a new session have it.
	sessionName string
	clock       *clock
	tr          *http.Transport
	outage      bool // the env's session store may be down: 503 is a valid answer
}

// Paths and values of the standard app the suite relies on.
const (
	signInPath      = "/auth/signin"
	callbackPath    = "/auth/callback"
	signOutPath     = "/auth/signout"
	afterSignIn     = "/dashboard" // core.Config.SignIn.AfterPath of the suite's Auth
	offeredProvider = "GoogleOAuth"
	sessionLifetime = 24 * time.Hour
)

// clock is the Auth's clock; tests that need time to pass move it on.
type clock struct {
	mu  sync.Mutex
	off time.Duration
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.off)
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.off += d
}

// newEnv starts an emulator and the adapter's app; both stop when t ends.
// The app's server is created before the Auth, since the redirect URI
// registered with the emulator must be the server's own address.
func newEnv(t *testing.T, a Adapter) *env { t.Helper(); return newEnvWith(t, a, nil) }

// newEnvWith is newEnv with the Auth's Config edited first.
func newEnvWith(t *testing.T, a Adapter, edit func(*core.Config)) *env {
	t.Helper()
	return newEnvSeeded(t, a, workostest.Seed{}, edit)
}

// newEnvSeeded is newEnvWith with the emulator's data (zero: DemoSeed).
func newEnvSeeded(t *testing.T, a Adapter, seed workostest.Seed, edit func(*core.Config)) *env {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	origin := "http://" + srv.Listener.Addr().String()
	redirectURI := origin + callbackPath
	emu := workostest.NewServer(t, workostest.Options{RedirectURIs: []string{redirectURI}, AutoSelect: true, Seed: seed})
	e := &env{adapter: a, emu: emu, clock: &clock{}}
	cfg := core.Config{
		ClientID:       emu.ClientID,
		APIKey:         core.NewSecret(emu.APIKey),
		RedirectURI:    redirectURI,
		CookiePassword: core.NewSecret(randomPassword()),
		Now:            e.clock.now,
		Sessions:       core.SessionConfig{Lifetime: sessionLifetime},
		SignIn: core.SignInConfig{
			Providers: []string{offeredProvider},
			AfterPath: afterSignIn,
		},
		WorkOS: core.WorkOSConfig{BaseURL: emu.URL},
		Events: core.EventConfig{WebhookSecrets: []core.Secret{core.NewSecret(webhookSecret), core.NewSecret(previousWebhookSecret)}},
	}
	if edit != nil {
		edit(&cfg)
	}
	auth, err := core.New(cfg)
	if err != nil {
		srv.Close()
		t.Fatalf("core.New: %v", err)
	}
	e.auth = auth
	h := a.Handler(auth)
	if h == nil {
		srv.Close()
		t.Fatalf("%s: Handler returned nil", a.Name())
	}
	srv.Config.Handler = h
	srv.Start()
	t.Cleanup(srv.Close)
	e.app, _ = url.Parse(origin)
	if _, cookies, err := workostest.SessionCookies(context.Background(), auth, core.Profile{ID: "prof_name", Email: "name@acme.test"}); err != nil || len(cookies) != 1 {
		t.Fatalf("the cookies of a new session: %v, %d cookies", err, len(cookies))
	} else {
		e.sessionName = cookies[0].Name
	}
	e.tr = &http.Transport{}
	t.Cleanup(e.tr.CloseIdleConnections)
	return e
}

func randomPassword() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// url returns the absolute URL of a path (and query) on the app.
func (e *env) url(pathAndQuery string) string { return e.app.String() + pathAndQuery }

// isApp reports whether u is on the app's origin.
func (e *env) isApp(u *url.URL) bool { return u.Scheme == e.app.Scheme && u.Host == e.app.Host }

// isEmulator reports whether u is on the emulator.
func (e *env) isEmulator(u *url.URL) bool {
	emu, _ := url.Parse(e.emu.URL)
	return u.Host == emu.Host
}
