package redisstore_test

import (
	"context"
	"log"
	"net/http"
	"os"

	"github.com/redis/go-redis/v9"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	redisstore "github.com/ssokit/workosauth/stores/redis"
)

// Sessions kept in Redis, shared by every instance of the app; a sign-out
// on one ends the session on all of them, and each WorkOS event is handled
// once across them. Each part is named: core uses the store for what the
// Config says, nothing more.
func Example() {
	// redis://localhost:6379/0, a Cluster (redis://node1:6379?addr=node2:6379),
	// Sentinel (redis://sentinel:26379/0?master_name=mymaster), rediss:// for TLS.
	client, err := redisstore.NewClientFromURL(context.Background(), os.Getenv("REDIS_URL"))
	if err != nil {
		log.Fatal(err) // it says what to write instead
	}
	defer client.Close()

	cfg := core.ConfigFromEnv()
	rs := redisstore.New(client, redisstore.Options{}) // it logs through cfg.Logger
	cfg.Sessions.Store, cfg.Sessions.Revocations, cfg.Events.Log = rs, rs, rs
	auth, err := core.New(cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer auth.Close() // stops following revocations, before the client closes

	mux := http.NewServeMux()
	mux.Handle("/auth/", workoshttp.Handler(auth))
	mux.Handle("/dashboard", workoshttp.RequireWorkOS(auth)(http.NotFoundHandler()))
	log.Fatal(http.ListenAndServe(":8080", mux))
}

// Stateless sessions in sealed cookies (the default store), whose
// sign-outs and revocations still reach every instance through Redis.
func Example_cookieSessions() {
	client := redis.NewClusterClient(&redis.ClusterOptions{
		Addrs:                 []string{"redis-1:6379", "redis-2:6379", "redis-3:6379"},
		ContextTimeoutEnabled: true,
	})
	defer client.Close()

	cfg := core.ConfigFromEnv()
	rs := redisstore.New(client, redisstore.Options{Prefix: "myapp:"})
	cfg.Sessions.Revocations, cfg.Events.Log = rs, rs
	auth, err := core.New(cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer auth.Close()
	_ = auth
}
