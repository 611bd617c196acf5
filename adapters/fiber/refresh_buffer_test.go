package workosfiber_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	workosfiber "github.com/ssokit/workosauth/adapters/fiber"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/store"
	"github.com/ssokit/workosauth/workostest"
)

// unsavableStore keeps sessions server-side under stable tokens, and
// cannot take a refreshed one (Update fails for want of the store).
type unsavableStore struct {
	mu sync.Mutex
	m  map[string]store.Record
}

func (s *unsavableStore) Save(_ context.Context, r store.Record) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]store.Record{}
	}
	tok := "tok-" + r.ID
	s.m[tok] = r
	return tok, nil
}

func (s *unsavableStore) Load(_ context.Context, token string) (store.Record, error) {
	s.mu.Lock()
	r, ok := s.m[token]
	s.mu.Unlock()
	if !ok {
		return store.Record{}, fmt.Errorf("%w: no such session", store.ErrNotFound)
	}
	return r, nil
}

func (s *unsavableStore) Renew(ctx context.Context, _ string, r store.Record) (string, error) {
	return s.Save(ctx, r)
}

func (s *unsavableStore) Delete(context.Context, string) error { return nil }

func (s *unsavableStore) Update(context.Context, string, store.Record) error {
	return fmt.Errorf("%w: down", store.ErrUnavailable)
}

// keepAlive is a client connection that sends requests one after the
// other, as a browser on a keep-alive connection does: fasthttp serves
// them all with the same request buffers.
type keepAlive struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
}

func dialKeepAlive(t *testing.T, addr string) *keepAlive {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return &keepAlive{t: t, conn: conn, r: bufio.NewReader(conn)}
}

func (k *keepAlive) send(req *http.Request) (int, string, []string) {
	k.t.Helper()
	if err := req.Write(k.conn); err != nil {
		k.t.Fatal(err)
	}
	res, err := http.ReadResponse(k.r, req)
	if err != nil {
		k.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header.Values("Set-Cookie")
}

// An AuthKit refresh whose save fails keeps the outcome, and caches the
// session, under the cookie the request carried. That cookie is read from
// fasthttp's buffers, which the next request on the connection overwrites:
// core must keep its own copy, or the old cookie, sent on another
// connection, finds no session in the cache and is handed the other
// request's cookie value.
func TestRefreshOutcomeSurvivesBufferReuse(t *testing.T) {
	var off atomic.Int64
	now := func() time.Time { return time.Now().Add(time.Duration(off.Load())) }
	emu := workostest.NewServer(t, workostest.Options{RedirectURIs: []string{origin + "/auth/callback"}, Now: now})
	auth := testAuth(t, func(c *core.Config) {
		c.AuthKit.Enabled, c.WorkOS.BaseURL, c.ClientID, c.APIKey = true, emu.URL, emu.ClientID, core.NewSecret(emu.APIKey)
		c.Sessions.Store, c.Now = &unsavableStore{}, now
		c.Sessions.CacheSize = -1 // each request opens its session: the refresh's outcome is what it finds
	})
	t.Cleanup(func() { auth.Close() })
	app := newApp()
	app.Get("/x", workosfiber.RequireWorkOS(auth), func(c *fiber.Ctx) error {
		p, _ := workosfiber.Profile(c)
		return c.SendString(p.Email)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Listener(ln)
	t.Cleanup(func() { app.Shutdown() })
	req := emu.AuthKitSignIn(auth, get("/x", "Accept", "application/json"), "alice@acme.test", "org_01DEMOACME")
	cookie := req.Header.Get("Cookie")
	name, _, _ := strings.Cut(cookie, "=")
	garbage := get("/x", "Cookie", name+"="+strings.Repeat("A", len(cookie)-len(name)-1), "Accept", "application/json")
	off.Store(int64(6 * time.Minute)) // the access token has expired
	first := dialKeepAlive(t, ln.Addr().String())
	if st, body, _ := first.send(req.Clone(context.Background())); st != 200 || body != "alice@acme.test" {
		t.Fatalf("the refresh: %d %q", st, body)
	}
	// The next request on that connection overwrites its buffers.
	first.send(garbage.Clone(context.Background()))
	for round := range 3 {
		st, body, setCookies := dialKeepAlive(t, ln.Addr().String()).send(req.Clone(context.Background()))
		if st != 200 || body != "alice@acme.test" {
			t.Fatalf("round %d, the old cookie on another connection: %d %q", round, st, body)
		}
		for _, sc := range setCookies {
			if !strings.Contains(cookie, strings.SplitN(sc, ";", 2)[0]) {
				t.Fatalf("round %d: the old cookie was answered with another cookie: %s (sent %s)", round, sc, cookie)
			}
		}
	}
	if n := emu.RefreshCount(); n != 1 {
		t.Fatalf("%d refreshes, want 1", n)
	}
}
