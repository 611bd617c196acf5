package core

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
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

// IsZero reports whether the selector names nothing.
func (s Selector) IsZero() bool { return s == Selector{} }

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
// normalised ([NormalizeDomain]). A domain with no single sign-on returns a
// *[NoSSOError]; any other error is a failure to look it up.
type Resolver interface {
	Resolve(ctx context.Context, domain string) (Selector, error)
}

// ResolverFunc adapts a function to [Resolver].
type ResolverFunc func(ctx context.Context, domain string) (Selector, error)

// Resolve calls f.
func (f ResolverFunc) Resolve(ctx context.Context, domain string) (Selector, error) {
	return f(ctx, domain)
}

// StaticResolver resolves domains from a map of domain to organization
// (org_...) or connection (conn_...) IDs. Unknown domains get a
// *NoSSOError.
type StaticResolver map[string]string

// Resolve looks the domain up.
func (m StaticResolver) Resolve(_ context.Context, domain string) (Selector, error) {
	id, ok := m[domain]
	if !ok {
		return Selector{}, &NoSSOError{Domain: domain}
	}
	return selectorOf(id)
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
	var nosso *NoSSOError
	for _, r := range c {
		sel, err := r.Resolve(ctx, domain)
		if err == nil || !errors.As(err, &nosso) {
			return sel, err
		}
	}
	return Selector{}, &NoSSOError{Domain: domain}
}

// organizationsResolver asks the WorkOS Organizations API for the
// organization that has verified the domain (see routingOrganizations).
type organizationsResolver struct{ client *workosapi.Client }

func (o organizationsResolver) Resolve(ctx context.Context, domain string) (Selector, error) {
	orgs, err := o.client.OrganizationsByDomain(ctx, domain)
	if err != nil {
		return Selector{}, err
	}
	ids := routingOrganizations(orgs, domain) // verified domains, else legacy verified ones
	switch len(ids) {
	case 0:
		return Selector{}, &NoSSOError{Domain: domain}
	case 1:
		return Selector{Organization: ids[0]}, nil
	}
	sort.Strings(ids)
	return Selector{}, &Error{Status: http.StatusConflict, Code: "ambiguous_domain",
		Message: "More than one organization claims " + domain + "; ask your administrator.", Err: fmt.Errorf("organizations %v", ids)}
}

// cachedResolver remembers answers, misses and failures, and lets one
// lookup per domain run at a time.
type cachedResolver struct {
	next      Resolver
	ttl, fail time.Duration
	now       func() time.Time
	cache     *cache.Cache[resolved]
	group     cache.Group[Selector]
}

type resolved struct {
	sel Selector
	err error
}

const domainCacheSize = 10000

func newCachedResolver(next Resolver, ttl, fail time.Duration, now func() time.Time) *cachedResolver {
	return &cachedResolver{next: next, ttl: ttl, fail: fail, now: now, cache: cache.New[resolved](domainCacheSize)}
}

func (c *cachedResolver) Resolve(ctx context.Context, domain string) (Selector, error) {
	if r, ok := c.cache.Get(domain, c.now()); ok {
		return r.sel, r.err
	}
	return c.group.Do(domain, func() (Selector, error) {
		sel, err := c.next.Resolve(ctx, domain)
		ttl := c.ttl
		var nosso *NoSSOError
		if err != nil && !errors.As(err, &nosso) {
			ttl = c.fail
		}
		if ttl > 0 && !errors.Is(err, context.Canceled) {
			c.cache.Set(strings.Clone(domain), resolved{sel, err}, c.now().Add(ttl))
		}
		return sel, err
	})
}
