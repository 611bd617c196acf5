package core

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// countingResolver answers from answer and counts its calls per domain.
type countingResolver struct {
	mu     sync.Mutex
	calls  map[string]int
	total  atomic.Int32
	answer func(ctx context.Context, domain string) (Selector, error)
}

func (c *countingResolver) Resolve(ctx context.Context, domain string) (Selector, error) {
	c.mu.Lock()
	if c.calls == nil {
		c.calls = map[string]int{}
	}
	c.calls[domain]++
	c.mu.Unlock()
	c.total.Add(1)
	return c.answer(ctx, domain)
}

func (c *countingResolver) count(domain string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls[domain]
}

func testCachedResolver(next Resolver, edit func(*Config)) (*cachedResolver, *testClock) {
	clk := &testClock{t: time.Unix(1_800_000_000, 0)}
	cfg := Config{
		SignIn: SignInConfig{
			DomainCacheTTL:   10 * time.Minute,
			DomainFailureTTL: 5 * time.Second,
		},
		WorkOS: WorkOSConfig{Timeout: 2 * time.Second},
	}
	if edit != nil {
		edit(&cfg)
	}
	return newCachedResolver(next, cfg, clk.now), clk
}

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// TestSharedLookupSurvivesAbandonedCaller: the first caller of a lookup
// gives up (its request is cancelled); the lookup goes on, on a context of
// its own with the configured timeout, and the callers that joined it get
// its answer. A caller whose own context ends stops waiting at once.
// (Before, the lookup ran on the first caller's context: its cancellation
// failed every caller waiting for the same domain.)
func TestSharedLookupSurvivesAbandonedCaller(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{}, 1)
	var deadline atomic.Value
	next := &countingResolver{answer: func(ctx context.Context, domain string) (Selector, error) {
		if d, ok := ctx.Deadline(); ok {
			deadline.Store(d)
		}
		select {
		case started <- struct{}{}:
		default: // a second lookup: counted, and the test fails below
		}
		select {
		case <-release:
			return Selector{Organization: "org_01ACME"}, nil
		case <-ctx.Done():
			return Selector{}, ctx.Err()
		}
	}}
	c, _ := testCachedResolver(next, nil)

	first, abandon := context.WithCancel(context.Background())
	firstErr := make(chan error, 1)
	go func() { _, err := c.Resolve(first, "acme.test"); firstErr <- err }()
	<-started

	type result struct {
		sel Selector
		err error
	}
	waiters := make(chan result, 3)
	for range 3 {
		go func() {
			sel, err := c.Resolve(context.Background(), "acme.test")
			waiters <- result{sel, err}
		}()
	}
	impatient, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	began := time.Now()
	if _, err := c.Resolve(impatient, "acme.test"); !errors.Is(err, context.DeadlineExceeded) || time.Since(began) > time.Second {
		t.Fatalf("an impatient waiter got %v after %v; want its own deadline, at once", err, time.Since(began))
	}

	abandon()
	select {
	case err := <-firstErr:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("the abandoned caller got %v, want context.Canceled", err)
		}
	case <-time.After(time.Second):
		t.Fatal("the abandoned caller is still waiting")
	}
	time.Sleep(20 * time.Millisecond) // the lookup must not have been cancelled with it
	close(release)
	for range 3 {
		r := <-waiters
		if r.err != nil || r.sel.Organization != "org_01ACME" {
			t.Fatalf("a waiter got %+v, %v; want the shared answer", r.sel, r.err)
		}
	}
	if n := next.count("acme.test"); n != 1 {
		t.Fatalf("%d lookups of acme.test, want 1", n)
	}
	if d, ok := deadline.Load().(time.Time); !ok || time.Until(d) > 2*time.Second {
		t.Fatalf("the shared lookup ran without the configured timeout (deadline %v)", d)
	}
	// And the answer is cached.
	if sel, err := c.Resolve(context.Background(), "acme.test"); err != nil || sel.Organization != "org_01ACME" || next.count("acme.test") != 1 {
		t.Fatalf("after the lookup: %+v %v, %d lookups", sel, err, next.count("acme.test"))
	}
}

// TestSharedLookupTimesOut: a lookup that hangs is given up after the
// configured timeout, for every caller, and remembered as a failure.
func TestSharedLookupTimesOut(t *testing.T) {
	next := &countingResolver{answer: func(ctx context.Context, domain string) (Selector, error) {
		<-ctx.Done()
		return Selector{}, ctx.Err()
	}}
	c, _ := testCachedResolver(next, func(cfg *Config) { cfg.WorkOS.Timeout = 100 * time.Millisecond })
	began := time.Now()
	if _, err := c.Resolve(context.Background(), "slow.test"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want a timeout", err)
	}
	if d := time.Since(began); d > time.Second {
		t.Fatalf("took %v", d)
	}
	if _, err := c.Resolve(context.Background(), "slow.test"); err == nil || next.count("slow.test") != 1 {
		t.Fatalf("the failure was not remembered: %v, %d lookups", err, next.count("slow.test"))
	}
}

// TestDomainFloodKeepsResolvedDomains: domains that resolved are kept
// apart from misses, so that sign-ins for many random domains cannot
// evict them. (Before, one cache of 10,000 held both, and the flood
// evicted the real domain first: the next sign-in for it went to WorkOS.)
func TestDomainFloodKeepsResolvedDomains(t *testing.T) {
	next := &countingResolver{answer: func(_ context.Context, domain string) (Selector, error) {
		if domain == "acme.test" {
			return Selector{Organization: "org_01ACME"}, nil
		}
		return Selector{}, &noSSOError{domain}
	}}
	c, clk := testCachedResolver(next, nil)
	ctx := context.Background()
	if _, err := c.Resolve(ctx, "acme.test"); err != nil {
		t.Fatal(err)
	}
	for i := range 3 * domainCacheSize {
		if i%1000 == 0 {
			clk.advance(time.Second) // later misses expire later than the real domain
		}
		c.Resolve(ctx, fmt.Sprintf("random-%d.test", i))
	}
	if sel, err := c.Resolve(ctx, "acme.test"); err != nil || sel.Organization != "org_01ACME" {
		t.Fatalf("acme.test: %+v %v", sel, err)
	}
	if n := next.count("acme.test"); n != 1 {
		t.Fatalf("acme.test was looked up %d times; the flood of misses evicted it", n)
	}
	if n := c.missed.Len(); n > domainCacheSize {
		t.Fatalf("the cache of misses holds %d entries, over its bound %d", n, domainCacheSize)
	}
}

// TestDomainFailuresRememberedBriefly: a failed lookup is remembered for
// DomainFailureTTL, a miss for DomainCacheTTL.
func TestDomainFailuresRememberedBriefly(t *testing.T) {
	fail := errors.New("WorkOS down")
	next := &countingResolver{answer: func(_ context.Context, domain string) (Selector, error) {
		if domain == "down.test" {
			return Selector{}, fail
		}
		return Selector{}, &noSSOError{domain}
	}}
	c, clk := testCachedResolver(next, nil)
	ctx := context.Background()
	for range 5 {
		c.Resolve(ctx, "down.test")
		c.Resolve(ctx, "nosso.test")
	}
	if next.count("down.test") != 1 || next.count("nosso.test") != 1 {
		t.Fatalf("lookups: %v", next.calls)
	}
	clk.advance(6 * time.Second)
	c.Resolve(ctx, "down.test")
	c.Resolve(ctx, "nosso.test")
	if next.count("down.test") != 2 || next.count("nosso.test") != 1 {
		t.Fatalf("after 6 s: %v; want the failure looked up again and the miss still remembered", next.calls)
	}
}

// TestLookupLimitPerClient: a client over LookupsPerMinute gets a 429
// without a lookup; joining a lookup under way costs nothing; other
// clients have budgets of their own; the budget refills with time.
func TestLookupLimitPerClient(t *testing.T) {
	next := &countingResolver{answer: func(_ context.Context, domain string) (Selector, error) {
		return Selector{}, &noSSOError{domain}
	}}
	c, clk := testCachedResolver(next, func(cfg *Config) { cfg.SignIn.LookupsPerMinute = 6; cfg.SignIn.LookupBurst = 3 })
	attacker := withLookupClient(context.Background(), "198.51.100.7")
	refused := 0
	for i := range 100 {
		_, err := c.Resolve(attacker, fmt.Sprintf("r%d.test", i))
		var e *Error
		if errors.As(err, &e) && e.Status == 429 && e.Code == "too_many_lookups" {
			refused++
		}
	}
	if n := next.total.Load(); n != 3 || refused != 97 {
		t.Fatalf("%d lookups and %d refusals for 100 attempts, want 3 and 97", n, refused)
	}
	// Cached answers are free.
	if _, err := c.Resolve(attacker, "r0.test"); errors.As(err, new(*Error)) {
		t.Fatalf("a cached domain was refused: %v", err)
	}
	other := withLookupClient(context.Background(), "203.0.113.9")
	if _, err := c.Resolve(other, "x.test"); errors.As(err, new(*Error)) {
		t.Fatalf("another client was refused: %v", err)
	}
	clk.advance(10 * time.Second) // one lookup a 10 s
	if _, err := c.Resolve(attacker, "late.test"); errors.As(err, new(*Error)) {
		t.Fatalf("the budget did not refill: %v", err)
	}
}

// TestLookupLimiterMemoryIsBounded: however many clients come, the
// limiter remembers at most maxLookupClients of them.
func TestLookupLimiterMemoryIsBounded(t *testing.T) {
	l := newClientLimiter(10, 0)
	now := time.Unix(1_800_000_000, 0)
	for i := range 3 * maxLookupClients {
		l.allow(fmt.Sprintf("client-%d", i), now)
		if len(l.clients) > maxLookupClients {
			t.Fatalf("%d clients remembered, over %d", len(l.clients), maxLookupClients)
		}
	}
}

// TestClientKey: the client of a lookup is its peer's address (an IPv6
// one by its /64); behind a trusted proxy, the rightmost forwarded
// address that is not a trusted proxy, never one the client wrote itself
// to the left of it.
func TestClientKey(t *testing.T) {
	a := newTestAuth(t, func(c *Config) { c.Cookies.TrustedProxies = []string{"10.0.0.0/8"} })
	for _, tt := range []struct{ remote, xff, want string }{
		{"192.0.2.1:1234", "", "192.0.2.1"},
		{"192.0.2.1:1234", "198.51.100.1", "192.0.2.1"}, // not a trusted proxy: its header proves nothing
		{"[2001:db8:1:2:3:4:5:6]:443", "", "2001:db8:1:2::/64"},
		{"[::ffff:192.0.2.7]:1", "", "192.0.2.7"},
		{"10.0.0.1:1", "198.51.100.1", "198.51.100.1"},
		{"10.0.0.1:1", "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"},
		{"10.0.0.1:1", "garbage, 198.51.100.1", "198.51.100.1"},
		{"10.0.0.1:1", "198.51.100.1, garbage", "10.0.0.1"},
		{"10.0.0.1:1", "", "10.0.0.1"},
	} {
		x := newFake("GET", "/auth/signin")
		x.remote = tt.remote
		if tt.xff != "" {
			x.header.Set("X-Forwarded-For", tt.xff)
		}
		if got := a.clientKey(x); got != tt.want {
			t.Errorf("clientKey(%s, X-Forwarded-For %q) = %q, want %q", tt.remote, tt.xff, got, tt.want)
		}
	}
}

func FuzzClientKey(f *testing.F) {
	a := newTestAuth(f, func(c *Config) { c.Cookies.TrustedProxies = []string{"10.0.0.0/8", "::1"} })
	f.Add("10.0.0.1:1", "198.51.100.1, 10.0.0.2")
	f.Add("[::1]:80", "[2001:db8::1]:5")
	f.Add("x", strings.Repeat("1.2.3.4,", 100))
	f.Fuzz(func(t *testing.T, remote, xff string) {
		x := newFake("GET", "/auth/signin")
		x.remote = remote
		x.header["X-Forwarded-For"] = []string{xff}
		if k := a.clientKey(x); len(k) > 64 {
			t.Fatalf("clientKey(%q, %q) = %q: longer than any address", remote, xff, k)
		}
	})
}
