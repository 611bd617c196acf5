package core

import (
	"net/http"
	"net/url"
	"time"
)

// WorkOSConfig is the WorkOS group of [Config]: the client of the WorkOS
// API.
type WorkOSConfig struct {
	// BaseURL is the WorkOS API (WORKOS_BASE_URL); workostest's emulator
	// in tests. Default: https://api.workos.com.
	BaseURL string
	// HTTPClient makes the calls to WorkOS. Default: a client of its own.
	HTTPClient *http.Client
	// Timeout bounds each call to WorkOS, retries included. Default: 10 s.
	Timeout time.Duration
	// MaxRetries is how often a lookup that is safe to repeat is retried on
	// 5xx. A 429 is never retried: it pauses lookups for its Retry-After
	// (1 s to 1 min). The code exchange is never retried. Default: 2.
	// Negative: never retried.
	MaxRetries int
}

func (c WorkOSConfig) check(p *problems) {
	if c.BaseURL != "" {
		if u, err := url.Parse(c.BaseURL); err != nil || !u.IsAbs() || u.Host == "" {
			p.add("WorkOS.BaseURL (WORKOS_BASE_URL) must be an absolute URL; got %q", c.BaseURL)
		}
	}
}

func (c WorkOSConfig) withDefaults() WorkOSConfig {
	if c.BaseURL == "" {
		c.BaseURL = "https://api.workos.com"
	}
	if c.Timeout <= 0 {
		c.Timeout = 10 * time.Second
	}
	if c.MaxRetries == 0 {
		c.MaxRetries = 2
	}
	return c
}
