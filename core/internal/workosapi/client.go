package workosapi

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ssokit/workosauth/core/internal/telemetry"
	"golang.org/x/oauth2"
)

// Defaults applied by New when the corresponding Config field is zero.
const (
	// DefaultBaseURL is the production WorkOS API origin.
	DefaultBaseURL = "https://api.workos.com"
	// DefaultTimeout bounds one client call, retries included.
	DefaultTimeout = 10 * time.Second
	// DefaultMaxRetries is the number of retries (after the first attempt)
	// for safe lookups.
	DefaultMaxRetries = 2
)

const (
	// maxBodyBytes bounds every response body read.
	maxBodyBytes = 1 << 20
	// initialBackoff is the first retry delay before jitter.
	initialBackoff = 200 * time.Millisecond
	// maxBackoff caps the exponential retry delay (Retry-After may exceed it).
	maxBackoff = 2 * time.Second
	// listPageLimit is the page size asked of list endpoints (WorkOS max).
	listPageLimit = 100
	// maxListPages bounds how many pages one list call follows.
	maxListPages = 10
	// userAgent identifies this client to WorkOS.
	userAgent = "ssokit-workosauth"
)

// Config configures a Client. ClientID, APIKey and RedirectURI are required.
type Config struct {
	// BaseURL is the WorkOS API origin, default DefaultBaseURL. Trailing
	// slashes are ignored. It must be https, except for loopback hosts
	// (local test servers), and must not carry user info, a query or a
	// fragment.
	BaseURL string
	// ClientID is the WorkOS client ID (client_...).
	ClientID string
	// APIKey is the WorkOS secret key (sk_...). It is the client_secret of
	// the code exchange and the Bearer key of API calls. It never appears in
	// error strings or in the output of String.
	APIKey string
	// RedirectURI is the absolute callback URL registered with WorkOS.
	RedirectURI string
	// HTTPClient performs the requests. Default: a dedicated client with
	// dial, TLS and header timeouts that does not follow redirects. It is
	// used as given, never modified.
	HTTPClient *http.Client
	// Timeout bounds each client call as a whole, retries and backoff
	// included. Default DefaultTimeout; negative is rejected.
	Timeout time.Duration
	// MaxRetries is the number of retries after the first attempt for the
	// safe lookups (organizations, connections); the code exchange is never
	// retried. 0 means DefaultMaxRetries; a negative value disables retries.
	MaxRetries int
	// Telemetry records each call: a client span and the duration of each
	// attempt. Nil: nothing is recorded.
	Telemetry *telemetry.Telemetry
}

// String describes the Config without revealing the API key.
func (c Config) String() string {
	return fmt.Sprintf("workosapi.Config{BaseURL:%q ClientID:%q APIKey:%s RedirectURI:%q Timeout:%s MaxRetries:%d}",
		c.BaseURL, c.ClientID, redactedMarker(c.APIKey), c.RedirectURI, c.Timeout, c.MaxRetries)
}

// GoString is String, so that %#v does not reveal the API key either.
func (c Config) GoString() string { return c.String() }

// Client talks to the WorkOS API. Create it with New; it is safe for
// concurrent use.
type Client struct {
	base        string
	clientID    string
	apiKey      string
	tokenURL    string
	oauth       oauth2.Config
	http        *http.Client
	timeout     time.Duration
	maxRetries  int
	backoffBase time.Duration
	tel         *telemetry.Telemetry // nil: nothing recorded
}

// String describes the Client without revealing the API key.
func (c *Client) String() string {
	return fmt.Sprintf("workosapi.Client{BaseURL:%q ClientID:%q}", c.base, c.clientID)
}

// GoString is String, so that %#v does not reveal the API key either.
func (c *Client) GoString() string { return c.String() }

// New validates cfg, applies defaults and returns a Client. Errors wrap
// ErrInvalidArgument.
func New(cfg Config) (*Client, error) {
	if strings.TrimSpace(cfg.ClientID) == "" {
		return nil, invalidArgument("Config.ClientID is required")
	}
	if cfg.APIKey == "" {
		return nil, invalidArgument("Config.APIKey is required")
	}
	if err := checkRedirectURI(cfg.RedirectURI); err != nil {
		return nil, err
	}
	base, err := normalizeBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if cfg.Timeout < 0 {
		return nil, invalidArgument("Config.WorkOS.Timeout must not be negative")
	}
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	retries := cfg.MaxRetries
	switch {
	case retries == 0:
		retries = DefaultMaxRetries
	case retries < 0:
		retries = 0
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = newDefaultHTTPClient()
	}
	tokenURL := base + "/sso/token"
	return &Client{
		base:     base,
		clientID: cfg.ClientID,
		apiKey:   cfg.APIKey,
		tokenURL: tokenURL,
		oauth: oauth2.Config{
			ClientID: cfg.ClientID,
			Endpoint: oauth2.Endpoint{
				AuthURL:   base + "/sso/authorize",
				TokenURL:  tokenURL,
				AuthStyle: oauth2.AuthStyleInParams,
			},
			RedirectURL: cfg.RedirectURI,
			// No Scopes: WorkOS SSO takes none.
		},
		http:        hc,
		timeout:     timeout,
		maxRetries:  retries,
		backoffBase: initialBackoff,
		tel:         cfg.Telemetry,
	}, nil
}

// normalizeBaseURL applies the default and checks the origin is safe to send
// the API key to.
func normalizeBaseURL(raw string) (string, error) {
	if raw == "" {
		raw = DefaultBaseURL
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", invalidArgument("Config.WorkOS.BaseURL is not a URL")
	}
	if u.Host == "" || u.Opaque != "" {
		return "", invalidArgument("Config.WorkOS.BaseURL must be an absolute URL")
	}
	if u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "", invalidArgument("Config.WorkOS.BaseURL must not carry user info, a query or a fragment")
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopbackHost(u.Hostname()) {
			return "", invalidArgument("Config.WorkOS.BaseURL must use https (plain http only for loopback hosts)")
		}
	default:
		return "", invalidArgument("Config.WorkOS.BaseURL must use https")
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u.String(), nil
}

// checkRedirectURI requires an absolute http(s) URL.
func checkRedirectURI(raw string) error {
	if raw == "" {
		return invalidArgument("Config.RedirectURI is required")
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return invalidArgument("Config.RedirectURI must be an absolute http(s) URL")
	}
	if u.Fragment != "" {
		return invalidArgument("Config.RedirectURI must not carry a fragment")
	}
	return nil
}

// isLoopbackHost reports whether host names the local machine.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// newDefaultHTTPClient returns a dedicated client with bounded dial, TLS and
// header waits. Overall call time is bounded by the per-call context, so
// http.Client.Timeout is left unset. Redirects are not followed: WorkOS API
// endpoints do not redirect, and following one could resend credentials.
func newDefaultHTTPClient() *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   16,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: 30 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	return &http.Client{
		Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}
