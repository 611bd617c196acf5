package bench

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/store"
	"github.com/ssokit/workosauth/internal/redistest"
	redisstore "github.com/ssokit/workosauth/stores/redis"
	"github.com/ssokit/workosauth/workostest"
)

// The Redis store's costs, on a real redis-server on loopback that the
// benchmark starts (they skip without redis-server on PATH, and fail
// without it when CI is set).

// redisAuth returns an Auth whose sessions are kept in srv (or, with
// cookies, sealed in the cookie with srv sharing revocations), and its
// store.
func redisAuth(tb testing.TB, srv *redistest.Server, cookies bool, edit func(*core.Config)) (*core.Auth, *redisstore.Store) {
	tb.Helper()
	st := redisstore.New(srv.Client(), redisstore.Options{})
	auth := newAuth(tb, func(c *core.Config) {
		c.Sessions.Revocations, c.Events.Log = st, st
		if !cookies {
			c.Sessions.Store = st
		}
		if edit != nil {
			edit(c)
		}
	})
	tb.Cleanup(func() { auth.Close() })
	return auth, st
}

// BenchmarkRedisGuard is the guarded net/http request on a cache hit, the
// session kept three ways in one run: sealed in the cookie (the default),
// in Redis, and sealed in the cookie with revocations shared through
// Redis. A hit makes no Redis call: the three should cost the same.
func BenchmarkRedisGuard(b *testing.B) {
	srv := redistest.Start(b)
	for _, c := range []struct {
		name string
		auth func() *core.Auth
	}{
		{"cookie", func() *core.Auth { return newAuth(b, nil) }},
		{"redis", func() *core.Auth { a, _ := redisAuth(b, srv, false, nil); return a }},
		{"cookie+revocations", func() *core.Auth { a, _ := redisAuth(b, srv, true, nil); return a }},
	} {
		b.Run(c.name, func(b *testing.B) {
			auth := c.auth()
			pr := &probe{}
			serve, inspect := nethttpRouter.guard(auth, pr).prepare(signedIn(auth, alice(b)))
			pr.arm()
			serve()
			expectAnswer(b, inspect, http.StatusOK, "")
			pr.expect(b, aliceEmail)
			measure(b, serve)
		})
	}
}

// BenchmarkRedisMiss is the guarded request that misses the cache of
// opened sessions (the cache is off), so the session is loaded from Redis
// every time: one GET, the secret's hash compared, the record decoded;
// with a default client (the call runs in a goroutine the store can stop
// waiting for) and with one built with ContextTimeoutEnabled (inline).
// "GET" is a bare go-redis GET of a record on the same server: the round
// trip alone; "GET+decode" the floor of a miss: a GET (with
// ContextTimeoutEnabled) of a record the store wrote, the same bytes the
// guard reads, its hash compared in constant time, its expiry checked and
// its session decoded by a naive reader of the binary format
// (naiveDecodeBinary); "GET+decode-json" the floor measured before core
// wrote binary records: a naive record of its own, JSON, decoded with
// encoding/json; "GET+decode-guard" the floor served as a net/http guard
// (naiveRedisGuard), with the plumbing the guard has.
func BenchmarkRedisMiss(b *testing.B) {
	srv := redistest.Start(b)
	for _, c := range []struct {
		name        string
		ctxTimeouts bool
	}{{"guard", false}, {"guard-ContextTimeoutEnabled", true}} {
		b.Run(c.name, func(b *testing.B) {
			client := redis.NewClient(&redis.Options{Addr: srv.Addr, ContextTimeoutEnabled: c.ctxTimeouts})
			defer client.Close()
			auth, _, serve := missGuard(b, client)
			defer auth.Close()
			measure(b, serve)
		})
	}
	b.Run("GET", func(b *testing.B) {
		auth, _ := redisAuth(b, srv, false, nil)
		client := srv.Client()
		id, _, _ := strings.Cut(sessionCookie(b, auth, signedIn(auth, alice(b))), ".")
		key := "workosauth:client_bench:s:" + id
		ctx := context.Background()
		if n, err := client.Get(ctx, key).Bytes(); err != nil || len(n) == 0 {
			b.Fatalf("GET %v", err)
		}
		measure(b, func() { client.Get(ctx, key).Bytes() })
	})
	b.Run("GET+decode", func(b *testing.B) {
		client := redis.NewClient(&redis.Options{Addr: srv.Addr, ContextTimeoutEnabled: true})
		defer client.Close()
		auth, _ := redisAuth(b, srv, false, nil)
		id, secret, _ := strings.Cut(sessionCookie(b, auth, signedIn(auth, alice(b))), ".")
		key, ctx := "workosauth:client_bench:s:"+id, context.Background()
		get := func() (*naiveSession, bool) { return naiveBinaryLoad(ctx, client, key, secret) }
		if s, ok := get(); !ok || s.P.Email != aliceEmail {
			b.Fatal("the record does not decode")
		}
		measure(b, func() { get() })
	})
	b.Run("GET+decode-guard", func(b *testing.B) {
		client := redis.NewClient(&redis.Options{Addr: srv.Addr, ContextTimeoutEnabled: true})
		defer client.Close()
		auth, _ := redisAuth(b, srv, false, nil)
		r := httptest.NewRequest(http.MethodGet, guardedPath, nil)
		r.AddCookie(&http.Cookie{Name: "naive", Value: sessionCookie(b, auth, signedIn(auth, alice(b)))})
		pr := &probe{}
		serve, inspect := httpServer{naiveRedisGuard(client, "workosauth:client_bench:s:")(peerHandler(pr))}.prepare(r)
		pr.arm()
		serve()
		expectAnswer(b, inspect, http.StatusOK, "")
		pr.expect(b, aliceEmail)
		measure(b, serve)
	})
	b.Run("GET+decode-json", func(b *testing.B) {
		client := redis.NewClient(&redis.Options{Addr: srv.Addr, ContextTimeoutEnabled: true})
		defer client.Close()
		s, ctx := benchSession(b), context.Background()
		key, secret := "naive:s:"+s.ID, naiveRedisSave(b, ctx, client, "naive:s:"+s.ID, s)
		get := func() (*naiveSession, bool) { return naiveRedisLoad(ctx, client, key, secret) }
		if s, ok := get(); !ok || s.P.Email != aliceEmail {
			b.Fatal("the record does not decode")
		}
		measure(b, func() { get() })
	})
}

// naiveRedisSave writes the record a naive store would keep for s at key
// ("wa1", the SHA-256 of a random secret, the session's JSON, as the
// store did before sessions were kept in core's binary format), and
// returns the secret, base64url.
func naiveRedisSave(tb testing.TB, ctx context.Context, client *redis.Client, key string, s *core.Session) string {
	tb.Helper()
	secret := make([]byte, 32)
	rand.Read(secret)
	js, err := json.Marshal(naiveWire(s))
	if err != nil {
		tb.Fatal(err)
	}
	sum := sha256.Sum256(secret)
	if err := client.Set(ctx, key, append(append([]byte("wa1"), sum[:]...), js...), time.Hour).Err(); err != nil {
		tb.Fatal(err)
	}
	return base64.RawURLEncoding.EncodeToString(secret)
}

// naiveRedisLoad is the Redis miss's floor: one GET of a naive record
// (naiveRedisSave), the hash compared in constant time, the JSON decoded
// with encoding/json.
func naiveRedisLoad(ctx context.Context, client *redis.Client, key, secret string) (*naiveSession, bool) {
	rec, err := client.Get(ctx, key).Bytes()
	if err != nil || len(rec) < 3+sha256.Size || string(rec[:3]) != "wa1" {
		return nil, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(secret)
	sum := sha256.Sum256(raw)
	if err != nil || subtle.ConstantTimeCompare(sum[:], rec[3:3+sha256.Size]) != 1 {
		return nil, false
	}
	var s naiveSession
	if json.Unmarshal(rec[3+sha256.Size:], &s) != nil || s.ID == "" {
		return nil, false
	}
	return &s, true
}

// naiveBinaryLoad is the Redis miss's floor: one GET of the record the
// store keeps ("wa2", the SHA-256 of the token's secret, the expiry in
// unix ms, the session in core's binary format), the hash compared in
// constant time, the expiry checked, the session decoded naively
// (naiveDecodeBinary).
func naiveBinaryLoad(ctx context.Context, client *redis.Client, key, secret string) (*naiveSession, bool) {
	rec, err := client.Get(ctx, key).Bytes()
	if err != nil || len(rec) < 3+sha256.Size+8 || string(rec[:3]) != "wa2" {
		return nil, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(secret)
	sum := sha256.Sum256(raw)
	if err != nil || subtle.ConstantTimeCompare(sum[:], rec[3:3+sha256.Size]) != 1 {
		return nil, false
	}
	body := rec[3+sha256.Size:]
	if exp := int64(binary.BigEndian.Uint64(body)); time.Now().UnixMilli() >= exp {
		return nil, false
	}
	s, err := naiveDecodeBinary(body[8:], "client_bench")
	return s, err == nil
}

// naiveRedisGuard is the Redis miss's floor served as a net/http guard,
// as naiveGuard is the cold guard's: the cookie by r.Cookie,
// naiveBinaryLoad of its record, the profile in the request's context.
func naiveRedisGuard(client *redis.Client, prefix string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c, err := r.Cookie("naive")
			if err != nil {
				deny(w)
				return
			}
			id, secret, _ := strings.Cut(c.Value, ".")
			s, ok := naiveBinaryLoad(r.Context(), client, prefix+id, secret)
			if !ok {
				deny(w)
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), peerKey{}, &s.P)))
		})
	}
}

// timedFeed is a Redis store as a revocation feed that says when the
// revocation of a session someone waits for has been applied.
type timedFeed struct {
	*redisstore.Store
	mu      sync.Mutex
	waiters map[string]chan struct{}
}

func (f *timedFeed) Follow(ctx context.Context, fl store.Follower) error {
	return f.Store.Follow(ctx, timedFollower{fl, f})
}

// wait returns a channel closed once the revocation of id is applied.
func (f *timedFeed) wait(id string) <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := make(chan struct{})
	f.waiters[id] = c
	return c
}

type timedFollower struct {
	store.Follower
	f *timedFeed
}

func (t timedFollower) Revoked(r store.Revocation) {
	t.Follower.Revoked(r) // once it returns, the instance refuses the session
	t.f.mu.Lock()
	defer t.f.mu.Unlock()
	if c, ok := t.f.waiters[r.SessionID]; ok {
		close(c)
		delete(t.f.waiters, r.SessionID)
	}
}

// propagation measures, n times, the time from RevokeSession on instance A
// until instance B has applied the revocation; it returns the latencies,
// sorted.
func propagation(tb testing.TB, srv *redistest.Server, n int) []time.Duration {
	tb.Helper()
	a, _ := redisAuth(tb, srv, false, nil)
	fb := &timedFeed{Store: redisstore.New(srv.Client(), redisstore.Options{}), waiters: map[string]chan struct{}{}}
	bAuth := newAuth(tb, func(c *core.Config) { c.Sessions.Store, c.Sessions.Revocations, c.Events.Log = fb.Store, fb, fb.Store })
	defer bAuth.Close()
	defer a.Close()
	ctx := context.Background()
	lat := make([]time.Duration, 0, n)
	for i := range n {
		id := fmt.Sprintf("sess-%d-%d", time.Now().UnixNano(), i)
		applied := fb.wait(id)
		start := time.Now()
		if err := a.RevokeSession(ctx, id); err != nil {
			tb.Fatal(err)
		}
		select {
		case <-applied:
		case <-time.After(5 * time.Second):
			tb.Fatalf("revocation %d not applied on the other instance after 5 s", i)
		}
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	return lat
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	return sorted[min(len(sorted)-1, int(float64(len(sorted))*p))]
}

// BenchmarkRedisPropagation is a revocation's way from RevokeSession on
// one instance to another instance that has applied it (pub/sub), 1000
// revocations per op: median and p99 in µs.
func BenchmarkRedisPropagation(b *testing.B) {
	srv := redistest.Start(b)
	var all []time.Duration
	for b.Loop() {
		all = append(all, propagation(b, srv, 1000)...)
	}
	slices.Sort(all)
	b.ReportMetric(float64(percentile(all, 0.5).Microseconds()), "p50-µs")
	b.ReportMetric(float64(percentile(all, 0.99).Microseconds()), "p99-µs")
}

// TestRedisPropagation: over 1000 revocations, every one reaches the other
// instance well within the second the contract allows.
func TestRedisPropagation(t *testing.T) {
	srv := redistest.Start(t)
	lat := propagation(t, srv, 1000)
	p50, p99, worst := percentile(lat, 0.5), percentile(lat, 0.99), lat[len(lat)-1]
	t.Logf("revocation propagation over %d: median %v, p99 %v, max %v", len(lat), p50, p99, worst)
	if worst > time.Second {
		t.Errorf("slowest revocation took %v to reach the other instance; want < 1 s", worst)
	}
}

// BenchmarkRedisSignOut is POST /auth/signout with a valid session kept in
// Redis: the record deleted and the revocation recorded and published
// (one round trip: a pipeline). "parallel" runs from GOMAXPROCS goroutines.
func BenchmarkRedisSignOut(b *testing.B) {
	srv := redistest.Start(b)
	auth, _ := redisAuth(b, srv, false, nil)
	h := workoshttp.Handler(auth)
	p := alice(b)
	var mu sync.Mutex
	var pool [][]*http.Cookie
	more := func(n int) {
		mu.Lock()
		defer mu.Unlock()
		for range n {
			_, c, err := workostest.SessionCookies(context.Background(), auth, p)
			if err != nil {
				b.Fatal(err)
			}
			pool = append(pool, c)
		}
	}
	take := func() []*http.Cookie {
		mu.Lock()
		defer mu.Unlock()
		c := pool[len(pool)-1]
		pool = pool[:len(pool)-1]
		return c
	}
	signOut := func(c []*http.Cookie) {
		r := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:8080/auth/signout", nil)
		r.Header.Set("Origin", "http://127.0.0.1:8080")
		for _, ck := range c {
			r.AddCookie(ck)
		}
		w := newSink()
		h.ServeHTTP(w, r)
		if w.status() != http.StatusSeeOther {
			b.Errorf("sign-out answered %d", w.status()) // not Fatal: RunParallel's goroutines call it
		}
	}
	b.Run("sequential", func(b *testing.B) {
		more(b.N)
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			signOut(take())
		}
	})
	b.Run("parallel", func(b *testing.B) {
		more(b.N)
		b.ReportAllocs()
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				signOut(take())
			}
		})
	})
}
