package redisstore_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/internal/redistest"
	redisstore "github.com/ssokit/workosauth/stores/redis"
)

func newSession(id string, lifetime time.Duration) *core.Session {
	now := time.Now()
	return &core.Session{ID: id, Profile: profile("prof_" + id), SignedInAt: now.Truncate(time.Millisecond), IssuedAt: now, ExpiresAt: now.Add(lifetime)}
}

// TestSessions runs the SessionStore's contract on a standalone server and
// on a cluster.
func TestSessions(t *testing.T) {
	ctx := context.Background()
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			client := b.client(t)
			st := redisstore.New(client, redisstore.Options{Prefix: "t:" + b.name + ":"})
			s := newSession("sess-"+b.name, time.Hour)
			token, err := st.Save(ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			if len(token) > 100 || strings.Contains(token, "prof_") {
				t.Fatalf("token %d bytes, or it holds the profile: the cookie must only refer to the session", len(token))
			}
			got, err := st.Load(ctx, token)
			if err != nil || got.ID != s.ID || got.Profile.ID != s.Profile.ID || !got.SignedInAt.Equal(s.SignedInAt) {
				t.Fatalf("Load = %+v, %v; want the saved session", got, err)
			}
			if ttl := client.PTTL(ctx, "t:"+b.name+":s:"+s.ID).Val(); ttl < 59*time.Minute || ttl > time.Hour+time.Second {
				t.Fatalf("TTL %v, want the session's lifetime (1h)", ttl)
			}
			raw := client.Get(ctx, "t:"+b.name+":s:"+s.ID).Val()
			if secret := token[strings.LastIndexByte(token, '.')+1:]; strings.Contains(raw, secret) {
				t.Fatal("Redis holds the cookie's secret; it must hold only its hash")
			}

			// Renewal: same token, fresh expiry, the old copy keeps working.
			renewed := newSession(s.ID, 2*time.Hour)
			renewed.SignedInAt = s.SignedInAt
			tok2, err := st.Renew(ctx, token, renewed)
			if err != nil || tok2 != token {
				t.Fatalf("Renew = %q, %v; want the same token", tok2, err)
			}
			if ttl := client.PTTL(ctx, "t:"+b.name+":s:"+s.ID).Val(); ttl < 119*time.Minute {
				t.Fatalf("TTL after renewal %v, want about 2h", ttl)
			}

			// Tokens that must not open it: each is a plain error (signed
			// out), never ErrStoreUnavailable.
			id, secret, _ := strings.Cut(token, ".")
			flipped := []byte(secret)
			flipped[0] ^= 1
			if flipped[0] == '.' {
				flipped[0] = 'A'
			}
			for name, tok := range map[string]string{
				"empty": "", "no dot": id, "no secret": id + ".", "short secret": id + ".abc",
				"wrong secret": id + "." + string(flipped), "other id": "other." + secret,
				"long": strings.Repeat("a", 200) + "." + secret, "control byte": "a\x00b." + secret,
				"padding": id + "." + secret[:42] + "=",
			} {
				if _, err := st.Load(ctx, tok); err == nil || errors.Is(err, core.ErrStoreUnavailable) {
					t.Errorf("Load(%s) = %v; want a plain error (signed out)", name, err)
				}
			}

			// Delete ends it; a renewal afterwards does not bring it back.
			if err := st.Delete(ctx, s.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := st.Load(ctx, token); err == nil || errors.Is(err, core.ErrStoreUnavailable) {
				t.Fatalf("Load after Delete = %v; want signed out", err)
			}
			if _, err := st.Renew(ctx, token, renewed); err == nil {
				t.Fatal("Renew after Delete succeeded; it would bring an ended session back")
			}
			if n := client.Exists(ctx, "t:"+b.name+":s:"+s.ID).Val(); n != 0 {
				t.Fatal("the record is back after a Renew that followed Delete")
			}
		})
	}
}

// TestSessionExpiresInRedis: the record goes when the session ends, and a
// session past its expiry does not open even if the record is still there.
func TestSessionExpiresInRedis(t *testing.T) {
	ctx := context.Background()
	srv := redistest.Start(t)
	client := srv.Client()
	st := redisstore.New(client, redisstore.Options{})
	s := newSession("short", 1500*time.Millisecond)
	token, err := st.Save(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Load(ctx, token); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1600 * time.Millisecond)
	if _, err := st.Load(ctx, token); err == nil {
		t.Fatal("an expired session opened")
	}
	if n := client.Exists(ctx, "workosauth:s:short").Val(); n != 0 {
		t.Fatal("the record of an expired session is still in Redis")
	}
	if _, err := st.Save(ctx, newSession("past", -time.Second)); err == nil {
		t.Fatal("saving an expired session succeeded")
	}
}

// TestEventLog: Claim takes a lease, first-wins, for ttl; Done records the
// event handled; Release gives a lease back, only its own; the cursor is
// shared.
func TestEventLog(t *testing.T) {
	ctx := context.Background()
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			a := redisstore.New(b.client(t), redisstore.Options{})
			c := redisstore.New(b.client(t), redisstore.Options{})
			if ok, err := a.Claim(ctx, "event_1", 300*time.Millisecond); !ok || err != nil {
				t.Fatalf("first Claim = %v, %v; want true", ok, err)
			}
			if ok, err := c.Claim(ctx, "event_1", time.Second); ok || !errors.Is(err, core.ErrEventInProgress) {
				t.Fatalf("second Claim = %v, %v; want false, in progress", ok, err)
			}
			if err := c.Release(ctx, "event_1"); err != nil { // not c's lease: left alone
				t.Fatal(err)
			}
			if ok, err := c.Claim(ctx, "event_1", time.Second); ok || !errors.Is(err, core.ErrEventInProgress) {
				t.Fatalf("Claim after another store's Release = %v, %v; want false, in progress", ok, err)
			}
			if ok, err := c.Claim(ctx, "event_2", time.Second); !ok || err != nil {
				t.Fatalf("Claim of another event = %v, %v; want true", ok, err)
			}
			time.Sleep(400 * time.Millisecond)
			if ok, err := c.Claim(ctx, "event_1", time.Second); !ok || err != nil {
				t.Fatalf("Claim after the ttl = %v, %v; want true", ok, err)
			}
			if err := c.Release(ctx, "event_1"); err != nil {
				t.Fatal(err)
			}
			if ok, err := a.Claim(ctx, "event_1", time.Second); !ok || err != nil {
				t.Fatalf("Claim after Release = %v, %v; want true", ok, err)
			}
			if err := a.Done(ctx, "event_1", time.Hour); err != nil {
				t.Fatal(err)
			}
			if ok, err := c.Claim(ctx, "event_1", time.Second); ok || err != nil {
				t.Fatalf("Claim of a done event = %v, %v; want false, nil", ok, err)
			}
			if err := c.Release(ctx, "event_1"); err != nil {
				t.Fatal(err)
			}
			if ok, err := c.Claim(ctx, "event_1", time.Second); ok || err != nil {
				t.Fatalf("Claim of a done event after a Release = %v, %v; want false, nil (Release drops leases only)", ok, err)
			}
			if cur, err := c.Cursor(ctx); cur != "" || err != nil {
				t.Fatalf("Cursor before any = %q, %v", cur, err)
			}
			if err := a.SetCursor(ctx, "event_01ABC"); err != nil {
				t.Fatal(err)
			}
			if cur, err := c.Cursor(ctx); cur != "event_01ABC" || err != nil {
				t.Fatalf("Cursor = %q, %v; want what the other instance set", cur, err)
			}
		})
	}
}

// TestUnavailableIsBoundedAndTyped: with Redis gone or stalled, every call
// answers within the timeout with an error wrapping ErrStoreUnavailable.
func TestUnavailableIsBoundedAndTyped(t *testing.T) {
	for _, ctxTimeouts := range []bool{false, true} {
		t.Run(fmt.Sprintf("ContextTimeoutEnabled=%v", ctxTimeouts), func(t *testing.T) {
			ctx := context.Background()
			srv := redistest.Start(t)
			const timeout = 200 * time.Millisecond
			client := redis.NewClient(&redis.Options{Addr: srv.Addr, ContextTimeoutEnabled: ctxTimeouts})
			t.Cleanup(func() { client.Close() })
			st := redisstore.New(client, redisstore.Options{Timeout: timeout})
			token, err := st.Save(ctx, newSession("s1", time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			check := func(what string) {
				t.Helper()
				calls := map[string]func() error{
					"Load":      func() error { _, err := st.Load(ctx, token); return err },
					"Save":      func() error { _, err := st.Save(ctx, newSession("s2", time.Hour)); return err },
					"Renew":     func() error { _, err := st.Renew(ctx, token, newSession("s1", time.Hour)); return err },
					"Claim":     func() error { _, err := st.Claim(ctx, "e", time.Minute); return err },
					"Done":      func() error { return st.Done(ctx, "e", time.Minute) },
					"Release":   func() error { return st.Release(ctx, "e") },
					"Cursor":    func() error { _, err := st.Cursor(ctx); return err },
					"SetCursor": func() error { return st.SetCursor(ctx, "c") },
				}
				for name, call := range calls {
					start := time.Now()
					err := call()
					took := time.Since(start)
					if !errors.Is(err, core.ErrStoreUnavailable) {
						t.Errorf("%s, %s: %v; want ErrStoreUnavailable", what, name, err)
					}
					if took > timeout+150*time.Millisecond {
						t.Errorf("%s, %s took %v; want at most the timeout (%v)", what, name, took, timeout)
					}
				}
			}
			srv.Pause(3 * time.Second)
			check("paused")
			srv.Kill()
			check("killed")
		})
	}
}
