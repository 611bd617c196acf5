package bench

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/internal/redistest"
	redisstore "github.com/ssokit/workosauth/stores/redis"
)

// BenchmarkRedisMissInterleaved is BenchmarkRedisMiss's guard (cache off,
// ContextTimeoutEnabled client) beside its floors in turn, round after
// round in one process, against one redis-server, with one Auth running
// for all (its background work, the revocation channel, charged to every
// row alike): "guard", then "GET+decode-guard" (the floor served as a
// net/http guard), "GET+decode" (the bare GET of the same record and its
// naive decode) and "GET", each round; -benchtime sets each turn's
// iterations. Separate sub-benchmarks, as in BenchmarkRedisMiss, compare
// rows measured seconds apart, in a fixed order, on a machine whose load
// changes meanwhile; these compare each row with its neighbours.
func BenchmarkRedisMissInterleaved(b *testing.B) {
	srv := redistest.Start(b)
	client := redis.NewClient(&redis.Options{Addr: srv.Addr, ContextTimeoutEnabled: true})
	defer client.Close()
	auth, pr, guard := missGuard(b, client)
	defer auth.Close()

	floorClient := redis.NewClient(&redis.Options{Addr: srv.Addr, ContextTimeoutEnabled: true})
	defer floorClient.Close()
	const prefix = "workosauth:client_bench:s:"
	token := sessionCookie(b, auth, signedIn(auth, alice(b)))
	r := httptest.NewRequest(http.MethodGet, guardedPath, nil)
	r.AddCookie(&http.Cookie{Name: "naive", Value: token})
	floorGuard, inspectFloor := httpServer{naiveRedisGuard(floorClient, prefix)(peerHandler(pr))}.prepare(r)
	pr.arm()
	floorGuard()
	expectAnswer(b, inspectFloor, http.StatusOK, "")
	pr.expect(b, aliceEmail)
	id, secret, _ := strings.Cut(token, ".")
	ctx := context.Background()
	bare := func() { naiveBinaryLoad(ctx, floorClient, prefix+id, secret) }
	if s, ok := naiveBinaryLoad(ctx, floorClient, prefix+id, secret); !ok || s.P.Email != aliceEmail {
		b.Fatal("the record does not decode")
	}
	get := func() { floorClient.Get(ctx, prefix+id).Bytes() }

	for range 8 {
		b.Run("guard", func(b *testing.B) { measure(b, guard) })
		b.Run("GET+decode-guard", func(b *testing.B) { measure(b, floorGuard) })
		b.Run("GET+decode", func(b *testing.B) { measure(b, bare) })
		b.Run("GET", func(b *testing.B) { measure(b, get) })
	}
}

// missGuard is the net/http guard on a Redis store through client with
// the session cache off (every request a miss), checked once: 200 with
// alice's profile in the handler's context.
func missGuard(b *testing.B, client *redis.Client) (*core.Auth, *probe, func()) {
	auth := newAuth(b, func(cfg *core.Config) {
		rs := redisstore.New(client, redisstore.Options{})
		cfg.Sessions.Store, cfg.Sessions.Revocations, cfg.Events.Log = rs, rs, rs
		cfg.Sessions.CacheSize = -1
	})
	pr := &probe{}
	serve, inspect := nethttpRouter.guard(auth, pr).prepare(signedIn(auth, alice(b)))
	pr.arm()
	serve()
	expectAnswer(b, inspect, http.StatusOK, "")
	pr.expect(b, aliceEmail)
	return auth, pr, serve
}
