package redisstore_test

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/events"
	"github.com/ssokit/workosauth/internal/redistest"
	redisstore "github.com/ssokit/workosauth/stores/redis"
	"github.com/ssokit/workosauth/workostest"
)

const testPassword = "redis-store-test-cookie-password-0123456789"

// backend is a Redis to test against: a standalone server or a cluster.
type backend struct {
	name   string
	client func(t *testing.T) redis.UniversalClient // a new client, as another process would have
	server *redistest.Server                        // standalone only
}

// backends starts the standalone server and the cluster the table tests
// run on.
func backends(t *testing.T) []backend {
	t.Helper()
	srv := redistest.Start(t)
	cl := redistest.StartCluster(t)
	return []backend{
		{name: "standalone", server: srv, client: func(t *testing.T) redis.UniversalClient { return srv.Client() }},
		{name: "cluster", client: func(t *testing.T) redis.UniversalClient { return cl.Client(t) }},
	}
}

// logRec keeps every line logged through slog returns.
type logRec struct {
	mu    sync.Mutex
	lines []string
}

func (l *logRec) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, string(p))
	return len(p), nil
}

// slog is a logger that writes to l.
func (l *logRec) slog() *slog.Logger { return slog.New(slog.NewTextHandler(l, nil)) }

func (l *logRec) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// instance is one instance of an app: its own client, store, Auth (and
// cache of opened sessions) and handler.
type instance struct {
	auth  *core.Auth
	store *redisstore.Store
	h     http.Handler
	log   *logRec
}

// instanceOpts shape an instance.
type instanceOpts struct {
	timeout     time.Duration
	cookieStore bool // the default cookie store, with the Redis store as Config.Sessions.Revocations
	// webhookSecret enables POST /auth/webhooks; onEvent is Config.OnEvent.
	webhookSecret string
	onEvent       func(context.Context, events.Event) error
	// recheck is Config.Sessions.Recheck (0: the default).
	recheck time.Duration
	// clientID and password are the app's (default: client_test and
	// testPassword).
	clientID, password string
}

// newInstance starts an instance of the test app on client.
func newInstance(t *testing.T, client redis.UniversalClient, o instanceOpts) *instance {
	t.Helper()
	lg := &logRec{}
	st := redisstore.New(client, redisstore.Options{Timeout: o.timeout})
	cfg := core.Config{
		ClientID:       cmp.Or(o.clientID, "client_test"),
		APIKey:         core.NewSecret("sk_test"),
		RedirectURI:    "http://app.test/auth/callback",
		CookiePassword: core.NewSecret(cmp.Or(o.password, testPassword)),
		Logger:         lg.slog(),
		Sessions:       core.SessionConfig{Recheck: o.recheck},
	}
	if o.webhookSecret != "" {
		cfg.Events.WebhookSecrets, cfg.Events.OnEvent = []core.Secret{core.NewSecret(o.webhookSecret)}, o.onEvent
	}
	cfg.Sessions.Revocations, cfg.Events.Log = st, st
	if !o.cookieStore {
		cfg.Sessions.Store = st
	}
	a, err := core.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	mux := http.NewServeMux()
	mux.Handle("/auth/", workoshttp.Handler(a))
	mux.Handle("GET /api/me", workoshttp.RequireWorkOS(a)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := workoshttp.Profile(r)
		fmt.Fprint(w, p.ID)
	})))
	return &instance{auth: a, store: st, h: mux, log: lg}
}

// signIn makes a session for the profile on in and returns its cookies.
func (in *instance) signIn(t testing.TB, profileID string) []*http.Cookie {
	t.Helper()
	_, cookies, err := workostest.SessionCookies(context.Background(), in.auth, profile(profileID))
	if err != nil {
		t.Fatalf("sign-in: %v", err)
	}
	return cookies
}

func profile(id string) core.Profile {
	return core.Profile{ID: id, Email: id + "@acme.test", OrganizationID: "org_acme", ConnectionID: "conn_acme", IdpID: "idp_" + id}
}

// me asks GET /api/me with the cookies and returns the status and body.
func (in *instance) me(cookies []*http.Cookie) (int, string) {
	w := in.meAnswer(cookies)
	return w.Code, w.Body.String()
}

// meAnswer asks GET /api/me with the cookies and returns the answer.
func (in *instance) meAnswer(cookies []*http.Cookie) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", "http://app.test/api/me", nil)
	r.Header.Set("Accept", "application/json")
	for _, c := range cookies {
		r.AddCookie(c)
	}
	w := httptest.NewRecorder()
	in.h.ServeHTTP(w, r)
	return w
}

// signOutAnswer posts /auth/signout from the app's origin with the
// cookies and returns the answer.
func (in *instance) signOutAnswer(cookies []*http.Cookie) *httptest.ResponseRecorder {
	r := httptest.NewRequest("POST", "http://app.test/auth/signout", strings.NewReader(""))
	r.Header.Set("Origin", "http://app.test")
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Accept", "application/json")
	for _, c := range cookies {
		r.AddCookie(c)
	}
	w := httptest.NewRecorder()
	in.h.ServeHTTP(w, r)
	return w
}

// signOut posts /auth/signout from the app's origin with the cookies.
func (in *instance) signOut(t testing.TB, cookies []*http.Cookie) {
	t.Helper()
	if w := in.signOutAnswer(cookies); w.Code != http.StatusSeeOther {
		t.Fatalf("sign-out answered %d: %s", w.Code, w.Body)
	}
}

// want asks /api/me and fails unless it answers status.
func (in *instance) want(t testing.TB, name string, cookies []*http.Cookie, status int) {
	t.Helper()
	if got, body := in.me(cookies); got != status {
		t.Fatalf("%s: /api/me answered %d, want %d: %.200s", name, got, status, body)
	}
}

// refusedWithin polls in with cookies until it answers 401 and returns how
// long that took, failing after limit.
func refusedWithin(t testing.TB, in *instance, cookies []*http.Cookie, start time.Time, limit time.Duration) time.Duration {
	t.Helper()
	for {
		st, _ := in.me(cookies)
		if st == http.StatusUnauthorized {
			return time.Since(start)
		}
		if time.Since(start) > limit {
			t.Fatalf("still %d %v after the revocation (want 401 within %v)", st, time.Since(start), limit)
		}
		time.Sleep(time.Millisecond)
	}
}
