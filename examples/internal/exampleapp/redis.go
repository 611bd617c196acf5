package exampleapp

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/ssokit/workosauth/core"
	redisstore "github.com/ssokit/workosauth/stores/redis"
)

// useRedis makes cfg keep sessions in Redis when REDIS_URL is set (for
// example redis://localhost:6379/0), so that every instance started with
// the same REDIS_URL shares them and a sign-out on one ends the session
// on all. It returns the client, for Close; nil without REDIS_URL.
func useRedis(cfg *core.Config) (io.Closer, error) {
	raw := strings.TrimSpace(os.Getenv("REDIS_URL"))
	if raw == "" {
		return nil, nil
	}
	opts, err := redis.ParseURL(raw)
	var badURL *url.Error
	if errors.As(err, &badURL) {
		// url.Error repeats the URL, password included: say less.
		return nil, errors.New("REDIS_URL is not a URL; want redis://[user:password@]host:port/db")
	}
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	opts.ContextTimeoutEnabled = true // calls bounded by the store's timeout, inline
	client := redis.NewClient(opts)
	cfg.Store = redisstore.New(client, redisstore.Options{Logger: cfg.Logger})
	return client, nil
}
