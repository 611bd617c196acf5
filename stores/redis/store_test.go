package redisstore_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ssokit/workosauth/core/store"
	"github.com/ssokit/workosauth/core/store/storetest"
	"github.com/ssokit/workosauth/internal/redistest"
	redisstore "github.com/ssokit/workosauth/stores/redis"
)

// record is a record of this ID, expiring lifetime from now.
func record(id string, lifetime time.Duration) store.Record {
	return store.Record{ID: id, Data: []byte("session data of " + id), ExpiresAt: time.Now().Add(lifetime).Truncate(time.Millisecond)}
}

// TestContract runs the store contract (package storetest) on a
// standalone server and on a cluster: sessions, updates, the revocation
// feed, the event log and the binding.
func TestContract(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			client := b.client(t)
			var n atomic.Int64
			storetest.Run(t, func(t *testing.T) store.Store {
				return redisstore.New(client, redisstore.Options{Prefix: fmt.Sprintf("contract:%d:", n.Add(1))})
			})
		})
	}
}

// TestSessionsInRedis: what Redis holds of a session: a record under
// the namespace, expiring with the session, holding the hash of the
// cookie's secret and not the secret; a token that refers to the
// session and holds none of it; a renewal that keeps the token and moves
// the expiry; a deletion no renewal undoes.
func TestSessionsInRedis(t *testing.T) {
	ctx := context.Background()
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			client := b.client(t)
			st := redisstore.New(client, redisstore.Options{Prefix: "t:" + b.name + ":"})
			r := record("sess-"+b.name, time.Hour)
			token, err := st.Save(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			if len(token) > 100 || strings.Contains(token, "session data") {
				t.Fatalf("token %d bytes, or it holds the data: the cookie must only refer to the session", len(token))
			}
			key := "t:" + b.name + ":s:" + r.ID
			if ttl := client.PTTL(ctx, key).Val(); ttl < 59*time.Minute || ttl > time.Hour+time.Second {
				t.Fatalf("TTL %v, want the session's lifetime (1h)", ttl)
			}
			raw := client.Get(ctx, key).Val()
			if secret := token[strings.LastIndexByte(token, '.')+1:]; strings.Contains(raw, secret) {
				t.Fatal("Redis holds the cookie's secret; it must hold only its hash")
			}

			renewed := record(r.ID, 2*time.Hour)
			tok2, err := st.Renew(ctx, token, renewed)
			if err != nil || tok2 != token {
				t.Fatalf("Renew = %q, %v; want the same token", tok2, err)
			}
			if ttl := client.PTTL(ctx, key).Val(); ttl < 119*time.Minute {
				t.Fatalf("TTL after renewal %v, want about 2h", ttl)
			}
			id, secret, _ := strings.Cut(token, ".")
			for name, tok := range map[string]string{
				"other id": "other." + secret, "long": strings.Repeat("a", 200) + "." + secret,
				"control byte": "a\x00b." + secret, "padding": id + "." + secret[:42] + "=",
			} {
				if _, err := st.Load(ctx, tok); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("Load(%s) = %v; want store.ErrNotFound (signed out)", name, err)
				}
			}

			if err := st.Delete(ctx, r.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := st.Renew(ctx, token, renewed); err == nil {
				t.Fatal("Renew after Delete succeeded; it would bring an ended session back")
			}
			if n := client.Exists(ctx, key).Val(); n != 0 {
				t.Fatal("the record is back after a Renew that followed Delete")
			}
		})
	}
}

// TestSessionExpiresInRedis: the record goes from Redis when the session
// ends, and one saved already expired is refused.
func TestSessionExpiresInRedis(t *testing.T) {
	ctx := context.Background()
	srv := redistest.Start(t)
	client := srv.Client()
	st := redisstore.New(client, redisstore.Options{})
	token, err := st.Save(ctx, record("short", 1500*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Load(ctx, token); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1600 * time.Millisecond)
	if _, err := st.Load(ctx, token); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("an expired session: %v; want store.ErrNotFound", err)
	}
	if n := client.Exists(ctx, "workosauth:s:short").Val(); n != 0 {
		t.Fatal("the record of an expired session is still in Redis")
	}
	if _, err := st.Save(ctx, record("past", -time.Second)); err == nil {
		t.Fatal("saving an expired session succeeded")
	}
}

// TestRenewNeedsItsSecret: a renewal or an update through a token whose
// secret is not the record's is refused and leaves the record as it was:
// the record's hash is checked in the same script that writes it, so
// that whoever knows a session's ID (it is no secret) cannot take the
// session over by renewing it under a secret of their own.
func TestRenewNeedsItsSecret(t *testing.T) {
	ctx := context.Background()
	srv := redistest.Start(t)
	st := redisstore.New(srv.Client(), redisstore.Options{})
	r := record("victim", time.Hour)
	token, err := st.Save(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	other, err := st.Save(ctx, record("attacker", time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	forged := r.ID + other[strings.LastIndexByte(other, '.'):] // the victim's ID, the attacker's secret
	taken := record(r.ID, 2*time.Hour)
	taken.Data = []byte("the attacker's session")
	if _, err := st.Renew(ctx, forged, taken); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Renew with another secret: %v; want store.ErrNotFound", err)
	}
	if err := st.Update(ctx, forged, taken); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Update with another secret: %v; want store.ErrNotFound", err)
	}
	if got, err := st.Load(ctx, token); err != nil || string(got.Data) != string(r.Data) {
		t.Fatalf("the victim's record after forged renewals: %q, %v", got.Data, err)
	}
	if _, err := st.Load(ctx, forged); err == nil {
		t.Fatal("the forged token opens the victim's session")
	}
}

// TestEventLog: Claim takes a lease, first-wins, for ttl; Done records the
// event handled; Release gives a lease back, only its own; the cursor is
// shared. The in-progress checks hold a lease of a minute, so that a slow
// first call of a cluster client on a loaded machine cannot outlast it;
// the ttl's end is checked on a lease of its own.
func TestEventLog(t *testing.T) {
	ctx := context.Background()
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			a := redisstore.New(b.client(t), redisstore.Options{})
			c := redisstore.New(b.client(t), redisstore.Options{})
			if ok, err := a.Claim(ctx, "event_1", time.Minute); !ok || err != nil {
				t.Fatalf("first Claim = %v, %v; want true", ok, err)
			}
			if ok, err := c.Claim(ctx, "event_1", time.Second); ok || !errors.Is(err, store.ErrEventInProgress) {
				t.Fatalf("second Claim = %v, %v; want false, in progress", ok, err)
			}
			if err := c.Release(ctx, "event_1"); err != nil { // not c's lease: left alone
				t.Fatal(err)
			}
			if ok, err := c.Claim(ctx, "event_1", time.Second); ok || !errors.Is(err, store.ErrEventInProgress) {
				t.Fatalf("Claim after another store's Release = %v, %v; want false, in progress", ok, err)
			}
			if ok, err := c.Claim(ctx, "event_2", time.Second); !ok || err != nil {
				t.Fatalf("Claim of another event = %v, %v; want true", ok, err)
			}
			if ok, err := a.Claim(ctx, "event_ttl", 300*time.Millisecond); !ok || err != nil {
				t.Fatalf("Claim with a short ttl = %v, %v; want true", ok, err)
			}
			time.Sleep(400 * time.Millisecond)
			if ok, err := c.Claim(ctx, "event_ttl", time.Second); !ok || err != nil {
				t.Fatalf("Claim after the ttl = %v, %v; want true", ok, err)
			}
			if err := a.Release(ctx, "event_1"); err != nil {
				t.Fatal(err)
			}
			if ok, err := c.Claim(ctx, "event_1", time.Minute); !ok || err != nil {
				t.Fatalf("Claim after Release = %v, %v; want true", ok, err)
			}
			if err := c.Done(ctx, "event_1", time.Hour); err != nil {
				t.Fatal(err)
			}
			if ok, err := a.Claim(ctx, "event_1", time.Second); ok || err != nil {
				t.Fatalf("Claim of a done event = %v, %v; want false, nil", ok, err)
			}
			if err := a.Release(ctx, "event_1"); err != nil {
				t.Fatal(err)
			}
			if ok, err := a.Claim(ctx, "event_1", time.Second); ok || err != nil {
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
			token, err := st.Save(ctx, record("s1", time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			check := func(what string) {
				t.Helper()
				calls := map[string]func() error{
					"Load":      func() error { _, err := st.Load(ctx, token); return err },
					"Save":      func() error { _, err := st.Save(ctx, record("s2", time.Hour)); return err },
					"Renew":     func() error { _, err := st.Renew(ctx, token, record("s1", time.Hour)); return err },
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
					if !errors.Is(err, store.ErrUnavailable) {
						t.Errorf("%s, %s: %v; want store.ErrUnavailable", what, name, err)
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
