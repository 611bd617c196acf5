package core

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Every sign-in by email for a domain not in the cache costs a call to
// WorkOS's Organizations API, out of the app's rate limit. A
// clientLimiter bounds how many of those calls one client may cause:
// Config.SignIn.LookupsPerMinute, with bursts of Config.LookupBurst.

// maxLookupClients bounds the clients a clientLimiter remembers at once.
const maxLookupClients = 10000

// clientLimiter is a token bucket per client, in bounded memory.
type clientLimiter struct {
	every rate.Limit
	burst int
	idle  time.Duration // after this long unused, a bucket is full again

	mu      sync.Mutex
	clients map[string]*clientBucket
}

type clientBucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// newClientLimiter returns a limiter of perMinute lookups per client, in
// bursts of burst (perMinute when burst <= 0); nil when perMinute <= 0.
func newClientLimiter(perMinute, burst int) *clientLimiter {
	if perMinute <= 0 {
		return nil
	}
	if burst <= 0 {
		burst = perMinute
	}
	every := rate.Limit(float64(perMinute) / 60)
	return &clientLimiter{
		every:   every,
		burst:   burst,
		idle:    time.Duration(float64(burst)/float64(every)*float64(time.Second)) + time.Second,
		clients: map[string]*clientBucket{},
	}
}

// allow spends one lookup of client's, reporting whether it had one.
func (l *clientLimiter) allow(client string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.clients[client]
	if b == nil {
		if len(l.clients) >= maxLookupClients {
			l.sweep(now)
		}
		b = &clientBucket{lim: rate.NewLimiter(l.every, l.burst)}
		l.clients[strings.Clone(client)] = b
	}
	b.seen = now
	return b.lim.AllowN(now, 1)
}

// sweep forgets buckets unused long enough to be full again (forgetting
// them changes nothing), then, if that was not enough, any others: a
// client forgotten early gets a full bucket back, which only ever lets
// more through, never fewer. l.mu is held.
func (l *clientLimiter) sweep(now time.Time) {
	for k, b := range l.clients {
		if now.Sub(b.seen) > l.idle {
			delete(l.clients, k)
		}
	}
	for k := range l.clients {
		if len(l.clients) < maxLookupClients*3/4 {
			break
		}
		delete(l.clients, k)
	}
}

// retryAfter is how long a refused client waits for its next lookup.
func (l *clientLimiter) retryAfter() time.Duration {
	return time.Duration(float64(time.Second)/float64(l.every)) + time.Second
}

type lookupClientKey struct{}

// withLookupClient returns ctx carrying the client a lookup is made for.
func withLookupClient(ctx context.Context, client string) context.Context {
	return context.WithValue(ctx, lookupClientKey{}, client)
}

func lookupClientFrom(ctx context.Context) string {
	c, _ := ctx.Value(lookupClientKey{}).(string)
	return c
}

// tooManyLookups is the answer to a client over its limit.
func tooManyLookups(wait time.Duration) *Error {
	secs := strconv.Itoa(int(wait.Round(time.Second) / time.Second))
	return &Error{Status: http.StatusTooManyRequests, Code: "too_many_lookups",
		Message: "Too many sign-ins by email from your network just now. Please wait " + secs + " seconds and try again.",
		Err:     retryAfterError(secs)}
}

// retryAfterError carries the Retry-After of a 429, in seconds.
type retryAfterError string

func (r retryAfterError) Error() string { return "retry after " + string(r) + "s" }

// clientKey names the client of a request for rate limiting: its IP
// address, an IPv6 address by its /64 (one subscriber's usual share). A
// trusted proxy is not the client: the rightmost address of
// X-Forwarded-For that is not a trusted proxy is (the ones to its left
// were written by the client and prove nothing).
func (a *Auth) clientKey(x exchange) string {
	peer := hostOf(x.RemoteAddr())
	if a.proxies.trusts(x.RemoteAddr()) {
		if fwd := x.Header("X-Forwarded-For"); fwd != "" {
			hops := strings.Split(fwd, ",")
			for i := len(hops) - 1; i >= 0 && i >= len(hops)-32; i-- {
				hop := strings.TrimSpace(hops[i])
				if _, err := netip.ParseAddr(hostOf(hop)); err != nil {
					break // garbage: stop at the last address we can name
				}
				peer = hostOf(hop)
				if !a.proxies.trusts(hop) {
					break
				}
			}
		}
	}
	return addrKey(peer)
}

// hostOf strips the port from ip:port or [ip]:port.
func hostOf(addr string) string {
	if h, _, err := net.SplitHostPort(addr); err == nil {
		return h
	}
	return strings.Trim(addr, "[]")
}

// addrKey is an IPv4 address, or the /64 of an IPv6 one; anything that is
// not an address is kept as it is, bounded.
func addrKey(host string) string {
	addr, err := netip.ParseAddr(host)
	if err != nil {
		if len(host) > 64 {
			host = host[:64]
		}
		return host
	}
	addr = addr.Unmap()
	if addr.Is6() {
		p, _ := addr.Prefix(64)
		return p.String()
	}
	return addr.String()
}
