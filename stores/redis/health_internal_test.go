package redisstore

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/internal/redistest"
)

// healthy follows a real redis-server: nil while it answers, an error
// wrapping core.ErrStoreUnavailable once it is gone (at once on the
// next probes), and nil again once it is back.
func TestHealthyFollowsRedis(t *testing.T) {
	srv := redistest.Start(t)
	client := redis.NewClient(&redis.Options{Addr: srv.Addr, ContextTimeoutEnabled: true, MaxRetries: -1})
	t.Cleanup(func() { client.Close() })
	s := New(client, Options{}) // the default timeout: generous on a loaded machine
	ctx := context.Background()
	if err := s.Healthy(ctx); err != nil {
		t.Fatalf("redis answers: %v", err)
	}
	srv.Kill()
	if err := s.Healthy(ctx); !errors.Is(err, core.ErrStoreUnavailable) {
		t.Fatalf("redis gone: %v", err)
	}
	if !s.health.down.Load() {
		t.Error("the failed probe did not mark Redis down")
	}
	if err := s.Healthy(ctx); !errors.Is(err, errDown) {
		t.Errorf("known down: %v, want the fast errDown", err)
	}
	srv.Restart()
	deadline := time.Now().Add(10 * time.Second)
	for s.Healthy(ctx) != nil {
		if time.Now().After(deadline) {
			t.Fatal("redis back, but still unhealthy after 10s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
