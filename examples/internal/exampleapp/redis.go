package exampleapp

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/ssokit/workosauth/core"
	redisstore "github.com/ssokit/workosauth/stores/redis"
)

// useRedis makes cfg keep sessions, revocations and the event log in
// Redis when REDIS_URL is set, so that every instance started with the
// same REDIS_URL shares them, a sign-out on one ends the session on all,
// and OnEvent runs once per event across them. REDIS_URL takes every form
// redisstore.NewClientFromURL does: redis://host:6379/0 (rediss:// for
// TLS), a Cluster (redis://node1:6379?addr=node2:6379&addr=node3:6379),
// Sentinel (redis://sentinel:26379/0?master_name=mymaster). It returns the
// client, for Close; nil without REDIS_URL.
func useRedis(cfg *core.Config) (io.Closer, error) {
	raw := strings.TrimSpace(os.Getenv("REDIS_URL"))
	if raw == "" {
		return nil, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	client, err := redisstore.NewClientFromURL(ctx, raw)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	rs := redisstore.New(client, redisstore.Options{}) // it logs through cfg.Logger
	cfg.Sessions.Store, cfg.Sessions.Revocations, cfg.Events.Log = rs, rs, rs
	return client, nil
}
