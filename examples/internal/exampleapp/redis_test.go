package exampleapp

import (
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/internal/redistest"
)

func TestUseRedis(t *testing.T) {
	t.Setenv("REDIS_URL", "")
	var cfg core.Config
	if c, err := useRedis(&cfg); c != nil || err != nil || cfg.Sessions.Store != nil {
		t.Fatalf("without REDIS_URL: %v, %v, store %v", c, err, cfg.Sessions.Store)
	}
	down := redistest.Start(t)
	down.Kill() // a Redis not answering yet: the store waits for it
	t.Setenv("REDIS_URL", "redis://user:hunter2-secret@"+down.Addr+"/0")
	c, err := useRedis(&cfg)
	if err != nil || c == nil || cfg.Sessions.Store == nil {
		t.Fatalf("with REDIS_URL: %v, %v, store %v", c, err, cfg.Sessions.Store)
	}
	c.Close()
	for _, bad := range []string{"redis://user:hunter2-secret@local host:6379/0", "http://user:hunter2-secret@localhost/0", "redis://user:hunter2-secret@localhost/x"} {
		t.Setenv("REDIS_URL", bad)
		cfg = core.Config{}
		_, err := useRedis(&cfg)
		if err == nil || cfg.Sessions.Store != nil {
			t.Fatalf("REDIS_URL %q: %v", bad, err)
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Fatalf("the error repeats the password: %v", err)
		}
	}
}

// TestUseRedisTopologies: REDIS_URL reaches a real Cluster and a real
// Sentinel setup with the client each needs; a one-server URL that
// reaches a Cluster node refuses to start, saying what to write.
func TestUseRedisTopologies(t *testing.T) {
	cl := redistest.StartCluster(t)
	sen := redistest.StartSentinel(t)
	for _, tt := range []struct {
		name, url string
		cluster   bool
	}{
		{"cluster", "redis://" + cl.Nodes[0].Addr + "?addr=" + cl.Nodes[1].Addr + "&addr=" + cl.Nodes[2].Addr, true},
		{"sentinel", sen.URL(), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("REDIS_URL", tt.url)
			var cfg core.Config
			c, err := useRedis(&cfg)
			if err != nil || cfg.Sessions.Store == nil {
				t.Fatalf("REDIS_URL %s: %v", tt.url, err)
			}
			defer c.Close()
			if _, ok := c.(*redis.ClusterClient); ok != tt.cluster {
				t.Fatalf("client %T", c)
			}
			if err := c.(redis.UniversalClient).Set(t.Context(), "workosauth-example-check", "1", 0).Err(); err != nil {
				t.Fatalf("a write through the client: %v", err)
			}
		})
	}
	t.Setenv("REDIS_URL", "redis://"+cl.Nodes[0].Addr)
	var cfg core.Config
	if _, err := useRedis(&cfg); err == nil || !strings.Contains(err.Error(), "addr=") || cfg.Sessions.Store != nil {
		t.Fatalf("a one-server REDIS_URL to a Cluster node: %v; want a refusal saying to list the nodes with addr=", err)
	}
}
