package redisstore_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ssokit/workosauth/core/store"
	"github.com/ssokit/workosauth/internal/redistest"
	redisstore "github.com/ssokit/workosauth/stores/redis"
)

// follower records what a feed tells it.
type follower struct {
	mu      sync.Mutex
	revoked []store.Revocation
	synced  []bool
	resets  int
	known   []store.Revocation // what Reset hands back
}

func (f *follower) Reset() []store.Revocation {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.resets++
	return f.known
}

func (f *follower) Revoked(r store.Revocation) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.revoked = append(f.revoked, r)
}

func (f *follower) Synced(ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.synced = append(f.synced, ok)
}

// waitFor polls cond until it holds, failing after 5 s.
func (f *follower) waitFor(t *testing.T, what string, cond func(revoked []store.Revocation, synced []bool) bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		f.mu.Lock()
		ok := cond(f.revoked, f.synced)
		f.mu.Unlock()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			f.mu.Lock()
			defer f.mu.Unlock()
			t.Fatalf("%s: not within 5 s; revoked %d, synced %v", what, len(f.revoked), f.synced)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func has(rs []store.Revocation, sid string) bool {
	for _, r := range rs {
		if r.SessionID == sid {
			return true
		}
	}
	return false
}

func last(s []bool) (bool, bool) {
	if len(s) == 0 {
		return false, false
	}
	return s[len(s)-1], true
}

// TestFollow: the feed syncs from the sorted set (skipping what has
// expired and what is malformed), then applies what is published; it
// reports out of sync when Redis dies and syncs again, by itself, when it
// is back; Follow returns when its context ends.
func TestFollow(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			client := b.client(t)
			lg := &logRec{}
			pub := redisstore.New(b.client(t), redisstore.Options{})
			sub := redisstore.New(client, redisstore.Options{Timeout: 300 * time.Millisecond})
			sub.Bind(store.Binding{Logger: lg.slog()}) // its log, under no client ID (as pub)
			if err := pub.Publish(ctx, store.Revocation{SessionID: "before", Until: time.Now().Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
			if err := pub.Publish(ctx, store.Revocation{SessionID: "expired", Until: time.Now().Add(-time.Second)}); err != nil {
				t.Fatal(err)
			}
			past := time.Now().Add(time.Hour)
			client.ZAdd(ctx, "workosauth:revoked", redis.Z{Score: float64(past.UnixMilli()), Member: `{"sid":"x"}`})
			client.ZAdd(ctx, "workosauth:revoked", redis.Z{Score: float64(time.Now().Add(-time.Minute).UnixMilli()), Member: `{"sid":"old","until":"2001-01-01T00:00:00Z"}`})

			f := &follower{}
			fctx, cancel := context.WithCancel(ctx)
			done := make(chan error, 1)
			go func() { done <- sub.Follow(fctx, f) }()
			f.waitFor(t, "first sync", func(r []store.Revocation, s []bool) bool { v, ok := last(s); return ok && v })
			f.mu.Lock()
			if !has(f.revoked, "before") || has(f.revoked, "expired") || has(f.revoked, "old") || has(f.revoked, "x") {
				t.Errorf("first sync applied %+v; want only \"before\"", f.revoked)
			}
			f.mu.Unlock()

			if err := pub.Publish(ctx, store.Revocation{SessionID: "after", Until: time.Now().Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
			client.Publish(ctx, "workosauth:revocations", `{"sid":1}`)
			f.waitFor(t, "a published revocation", func(r []store.Revocation, _ []bool) bool { return has(r, "after") })

			if b.server != nil {
				b.server.Kill()
				f.waitFor(t, "out of sync after Redis died", func(_ []store.Revocation, s []bool) bool { v, ok := last(s); return ok && !v })
				b.server.Restart()
				f.waitFor(t, "in sync again after Redis is back", func(_ []store.Revocation, s []bool) bool { v, _ := last(s); return v })
				if err := pub.Publish(ctx, store.Revocation{SessionID: "later", Until: time.Now().Add(time.Hour)}); err != nil {
					t.Fatal(err)
				}
				f.waitFor(t, "a revocation published after the restart", func(r []store.Revocation, _ []bool) bool { return has(r, "later") })
			}
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("Follow returned %v", err)
				}
			case <-time.After(2 * time.Second):
				t.Fatal("Follow did not return when its context ended")
			}
			f.mu.Lock()
			for _, r := range f.revoked {
				if r.SessionID == "" && r.Match == "" {
					t.Errorf("applied an empty revocation: %+v", r)
				}
			}
			f.mu.Unlock()
		})
	}
}

// TestCloseStopsOpeningSessions: after Auth.Close the instance no longer
// follows revocations, so it opens no session it does not hold (503),
// and Close logs no "out of sync" warning: the app asked for it.
func TestCloseStopsOpeningSessions(t *testing.T) {
	srv := redistest.Start(t)
	a := newInstance(t, srv.Client(), instanceOpts{})
	b := newInstance(t, srv.Client(), instanceOpts{})
	cold := b.signIn(t, "prof_cold") // never opened on a
	if err := a.auth.Close(); err != nil {
		t.Fatal(err)
	}
	a.want(t, "a session it does not hold, after Close", cold, 503)
	b.want(t, "on another instance", cold, 200)
	if l := a.log.String(); strings.Contains(l, "out of sync") {
		t.Fatalf("Close logged a warning: %s", l)
	}
}
