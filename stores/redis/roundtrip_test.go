package redisstore_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ssokit/workosauth/internal/redistest"
	"github.com/ssokit/workosauth/workostest"
)

// roundTrips is a go-redis hook that records each round trip (a command,
// or a pipeline of commands) made with a context that countKey marks: the
// store's own background work (the revocation channel, identity checks,
// retries) is not counted, nor the handshake of a new connection (HELLO,
// CLIENT SETINFO), which any call may meet when the client's pool has no
// idle connection.
type roundTrips struct {
	mu    sync.Mutex
	trips [][]string // the commands of each round trip
}

type countKey struct{}

func (c *roundTrips) record(ctx context.Context, cmds []redis.Cmder) {
	if ctx.Value(countKey{}) == nil || len(cmds) > 0 && (cmds[0].Name() == "hello" || cmds[0].Name() == "client") {
		return
	}
	names := make([]string, len(cmds))
	for i, cmd := range cmds {
		names[i] = cmd.Name()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.trips = append(c.trips, names)
}

func (c *roundTrips) DialHook(next redis.DialHook) redis.DialHook { return next }

func (c *roundTrips) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		c.record(ctx, []redis.Cmder{cmd})
		return next(ctx, cmd)
	}
}

func (c *roundTrips) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		c.record(ctx, cmds)
		return next(ctx, cmds)
	}
}

// take returns the round trips recorded since the last take.
func (c *roundTrips) take() [][]string {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.trips
	c.trips = nil
	return t
}

func TestRevocationsWaitOnOneRoundTrip(t *testing.T) {
	// Sign-out, RevokeSession and RevokeUser each wait on one round trip
	// to Redis (the record deleted, the revocation recorded and published,
	// together), and still end the session on every instance: the one
	// that revoked it, another that held it open, and one started after.
	srv := redistest.Start(t)
	counter := &roundTrips{}
	client := srv.Client()
	client.AddHook(counter)
	a := newInstance(t, client, instanceOpts{})
	b := newInstance(t, srv.Client(), instanceOpts{})
	marked := context.WithValue(context.Background(), countKey{}, true)

	for _, c := range []struct {
		name   string
		revoke func(t *testing.T, id string, cookies []*http.Cookie)
	}{
		{"sign-out", func(t *testing.T, _ string, cookies []*http.Cookie) {
			r := httptest.NewRequestWithContext(marked, "POST", "http://app.test/auth/signout", strings.NewReader(""))
			r.Header.Set("Origin", "http://app.test")
			for _, ck := range cookies {
				r.AddCookie(ck)
			}
			w := httptest.NewRecorder()
			a.h.ServeHTTP(w, r)
			if w.Code != http.StatusSeeOther {
				t.Fatalf("sign-out answered %d: %s", w.Code, w.Body)
			}
		}},
		{"RevokeSession", func(t *testing.T, id string, _ []*http.Cookie) {
			if err := a.auth.RevokeSession(marked, id); err != nil {
				t.Fatal(err)
			}
		}},
		{"RevokeUser", func(t *testing.T, _ string, _ []*http.Cookie) {
			if err := a.auth.RevokeUser(marked, "prof_revokeuser"); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, cookies, err := workostest.SessionCookies(context.Background(), a.auth, profile("prof_"+strings.ToLower(c.name)))
			if err != nil {
				t.Fatal(err)
			}
			a.want(t, "before, on A", cookies, http.StatusOK) // cached on A
			b.want(t, "before, on B", cookies, http.StatusOK) // and on B
			counter.take()
			c.revoke(t, s.ID, cookies)
			trips := counter.take()
			if len(trips) != 1 {
				t.Errorf("%s made %d round trips to Redis, want 1: %q", c.name, len(trips), trips)
			}
			refusedWithin(t, b, cookies, time.Now(), time.Second)
			a.want(t, "after, on A", cookies, http.StatusUnauthorized)
			newInstance(t, srv.Client(), instanceOpts{}).want(t, "after, on a new instance", cookies, http.StatusUnauthorized)
		})
	}
}

func TestCacheMissWaitsOnOneRoundTrip(t *testing.T) {
	// A request for a session the instance has not opened waits on one
	// round trip, the GET of its record; the next one on none.
	srv := redistest.Start(t)
	counter := &roundTrips{}
	client := srv.Client()
	client.AddHook(counter)
	a := newInstance(t, srv.Client(), instanceOpts{})
	b := newInstance(t, client, instanceOpts{})
	cookies := a.signIn(t, "prof_miss")
	marked := context.WithValue(context.Background(), countKey{}, true)
	for i, want := range []int{1, 0} {
		r := httptest.NewRequestWithContext(marked, "GET", "http://app.test/api/me", nil)
		for _, ck := range cookies {
			r.AddCookie(ck)
		}
		w := httptest.NewRecorder()
		b.h.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			t.Fatalf("request %d answered %d", i, w.Code)
		}
		if trips := counter.take(); len(trips) != want {
			t.Errorf("request %d made %d round trips to Redis, want %d: %q", i, len(trips), want, trips)
		}
	}
}
