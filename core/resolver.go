package core

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/ssokit/workosauth/core/internal/cache"
	"github.com/ssokit/workosauth/core/internal/workosapi"
)

// Selector names what a sign-in goes through: exactly one of a WorkOS
// connection, an organization or an OAuth provider.
type Selector struct {
	Connection   string // conn_...
	Organization string // org_...
	Provider     string // GoogleOAuth, MicrosoftOAuth, GitHubOAuth, ...
}

func (s Selector) count() int {
	n := 0
	for _, v := range []string{s.Connection, s.Organization, s.Provider} {
		if v != "" {
			n++
		}
	}
	return n
}

// Resolver finds the selector of an email domain. The domain comes
// normalised (lower case, IDNA to ASCII). A domain with no single sign-on
// returns [ErrNoSSO], wrapped; any other error is a failure to look it up.
type Resolver interface {
	Resolve(ctx context.Context, domain string) (Selector, error)
}

// ResolverFunc adapts a function to [Resolver].
type ResolverFunc func(ctx context.Context, domain string) (Selector, error)

// Resolve calls f.
func (f ResolverFunc) Resolve(ctx context.Context, domain string) (Selector, error) {
	return f(ctx, domain)
}

// staticResolver resolves domains from Config.SignIn.Domains: normalised
// domain to organization (org_...) or connection (conn_...) ID.
type staticResolver map[string]string

func (m staticResolver) Resolve(_ context.Context, domain string) (Selector, error) {
	id, ok := m[domain]
	if !ok {
		return Selector{}, &noSSOError{domain}
	}
	return selectorOf(id)
}

// defaultResolver is the built-in chain: domains (Config.SignIn.Domains),
// then the Organizations API.
func defaultResolver(domains map[string]string, client *workosapi.Client, now func() time.Time) Resolver {
	chain := chainResolver{}
	if len(domains) > 0 {
		static := staticResolver{}
		for d, id := range domains {
			n, _ := normalizeDomain(d)
			static[n] = id
		}
		chain = append(chain, static)
	}
	return append(chain, newOrganizationsResolver(client, now))
}

func selectorOf(id string) (Selector, error) {
	switch {
	case strings.HasPrefix(id, "org_"):
		return Selector{Organization: id}, nil
	case strings.HasPrefix(id, "conn_"):
		return Selector{Connection: id}, nil
	}
	return Selector{}, fmt.Errorf("%w: %q is neither an organization (org_...) nor a connection (conn_...)", ErrConfig, id)
}

// chainResolver tries each resolver in turn while they answer NoSSO.
type chainResolver []Resolver

func (c chainResolver) Resolve(ctx context.Context, domain string) (Selector, error) {
	for _, r := range c {
		sel, err := r.Resolve(ctx, domain)
		if err == nil || !errors.Is(err, ErrNoSSO) {
			return sel, err
		}
	}
	return Selector{}, &noSSOError{domain}
}

// organizationsResolver asks the WorkOS Organizations API for the
// organization that has verified the domain (see routingOrganizations). When WorkOS answers 429 it
// asks no more until the Retry-After (at least a second, at most a
// minute) has passed: every lookup meanwhile fails at once, without
// spending quota.
type organizationsResolver struct {
	client       *workosapi.Client
	now          func() time.Time
	blockedUntil atomic.Int64 // unix nanoseconds
}

// Bounds on how long a 429 from WorkOS stops lookups.
const (
	minQuotaPause = time.Second
	maxQuotaPause = time.Minute
)

// errQuotaPaused is the failure of a lookup not made because WorkOS
// answered 429 a moment ago.
var errQuotaPaused = errors.New("workosauth: WorkOS rate limit reached; lookups paused")

func newOrganizationsResolver(client *workosapi.Client, now func() time.Time) *organizationsResolver {
	return &organizationsResolver{client: client, now: now}
}

func (o *organizationsResolver) Resolve(ctx context.Context, domain string) (Selector, error) {
	if o.now().UnixNano() < o.blockedUntil.Load() {
		return Selector{}, errQuotaPaused
	}
	orgs, err := o.client.OrganizationsByDomain(ctx, domain)
	if err != nil {
		var api *APIError
		if errors.As(err, &api) && api.StatusCode == http.StatusTooManyRequests {
			pause := min(max(api.RetryAfter, minQuotaPause), maxQuotaPause)
			o.blockedUntil.Store(o.now().Add(pause).UnixNano())
		}
		return Selector{}, err
	}
	ids := routingOrganizations(orgs, domain) // verified domains, else legacy verified ones
	switch len(ids) {
	case 0:
		return Selector{}, &noSSOError{domain}
	case 1:
		return Selector{Organization: ids[0]}, nil
	}
	sort.Strings(ids)
	return Selector{}, &Error{Status: http.StatusConflict, Code: "ambiguous_domain",
		Message: "More than one organization claims " + domain + "; ask your administrator.", Err: fmt.Errorf("organizations %v", ids)}
}

// cachedResolver remembers answers, misses and failures, lets one lookup
// per domain run at a time (on a context of its own: lookup_flight.go),
// and bounds the lookups each client may cause (lookup_limit.go).
//
// Domains that resolved and domains that did not (no SSO, or a failure)
// are kept in two caches of their own: a flood of sign-ins for random
// domains fills and evicts only the second, and the domains of real
// customers stay answered without a trip to WorkOS.
type cachedResolver struct {
	next      Resolver
	ttl, fail time.Duration
	now       func() time.Time
	found     *cache.Cache[resolved] // domains that resolved
	missed    *cache.Cache[resolved] // misses and failures
	flights   flightGroup
	limit     *clientLimiter // nil: no per-client limit
}

type resolved struct {
	sel Selector
	err error
}

// Entries of each of the two domain caches.
const domainCacheSize = 10000

func newCachedResolver(next Resolver, cfg Config, now func() time.Time) *cachedResolver {
	return &cachedResolver{
		next: next, ttl: cfg.SignIn.DomainCacheTTL, fail: cfg.SignIn.DomainFailureTTL, now: now,
		found:   cache.New[resolved](domainCacheSize),
		missed:  cache.New[resolved](domainCacheSize),
		flights: flightGroup{timeout: cfg.WorkOS.Timeout},
		limit:   newClientLimiter(cfg.SignIn.LookupsPerMinute, cfg.SignIn.LookupBurst),
	}
}

func (c *cachedResolver) Resolve(ctx context.Context, domain string) (Selector, error) {
	now := c.now()
	if r, ok := c.found.Get(domain, now); ok {
		return r.sel, r.err
	}
	if r, ok := c.missed.Get(domain, now); ok {
		return r.sel, r.err
	}
	var admit func() error
	if c.limit != nil {
		client := lookupClientFrom(ctx)
		admit = func() error {
			if !c.limit.allow(client, c.now()) {
				return tooManyLookups(c.limit.retryAfter())
			}
			return nil
		}
	}
	return c.flights.do(ctx, domain, admit, func(ctx context.Context) (Selector, error) {
		sel, err := c.next.Resolve(ctx, domain)
		store, ttl := c.found, c.ttl
		switch {
		case err == nil:
		case errors.Is(err, ErrNoSSO):
			store = c.missed
		default:
			store, ttl = c.missed, c.fail
		}
		if ttl > 0 {
			store.Set(strings.Clone(domain), resolved{sel, err}, c.now().Add(ttl))
		}
		return sel, err
	})
}
