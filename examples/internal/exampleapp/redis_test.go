package exampleapp

import (
	"strings"
	"testing"

	"github.com/ssokit/workosauth/core"
)

func TestUseRedis(t *testing.T) {
	t.Setenv("REDIS_URL", "")
	var cfg core.Config
	if c, err := useRedis(&cfg); c != nil || err != nil || cfg.Store != nil {
		t.Fatalf("without REDIS_URL: %v, %v, store %v", c, err, cfg.Store)
	}
	t.Setenv("REDIS_URL", "redis://user:hunter2-secret@localhost:6379/0")
	c, err := useRedis(&cfg)
	if err != nil || c == nil || cfg.Store == nil {
		t.Fatalf("with REDIS_URL: %v, %v, store %v", c, err, cfg.Store)
	}
	c.Close()
	for _, bad := range []string{"redis://user:hunter2-secret@local host:6379/0", "http://user:hunter2-secret@localhost/0", "redis://user:hunter2-secret@localhost/x"} {
		t.Setenv("REDIS_URL", bad)
		cfg = core.Config{}
		_, err := useRedis(&cfg)
		if err == nil || cfg.Store != nil {
			t.Fatalf("REDIS_URL %q: %v", bad, err)
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Fatalf("the error repeats the password: %v", err)
		}
	}
}
