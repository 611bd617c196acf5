package core

import (
	"context"
	"time"
)

// SignInConfig is the SignIn group of [Config]: how a sign-in picks its
// connection, how domain lookups are bounded, and the app's word on who
// signs in.
type SignInConfig struct {
	// Connection, Organization and Provider select the default connection
	// of a sign-in that names none (at most one of the three may be set).
	// With one set, the sign-in route without a selector starts the
	// sign-in at once; with none, it shows the sign-in page. Default: none.
	Connection, Organization, Provider string
	// Providers are the OAuth providers offered as buttons on the sign-in
	// page, e.g. "GoogleOAuth", "MicrosoftOAuth", "GitHubOAuth". A sign-in
	// request may only name a provider listed here. Default: none.
	Providers []string
	// Prompt is passed to WorkOS as prompt= on every sign-in; "login" makes
	// the identity provider ask for credentials even when it has a session.
	// Default: "" (not sent).
	Prompt string
	// Domains maps email domains to an organization (org_...) or a
	// connection (conn_...), consulted before the WorkOS Organizations API.
	// Keys are matched after normalisation (lower case, IDNA to ASCII).
	// Default: none.
	Domains map[string]string
	// Resolver replaces the default domain resolution (Domains, then the
	// Organizations API, cached). Default: nil, the built-in chain.
	Resolver Resolver
	// DomainCacheTTL is how long a domain lookup that found an organization
	// or found nothing is remembered. Default: 10 minutes.
	DomainCacheTTL time.Duration
	// DomainFailureTTL is how long a failed domain lookup (WorkOS erred or
	// did not answer) is remembered, so a burst of sign-ins does not spend
	// WorkOS's rate limit. Default: 5 seconds. Negative: not remembered.
	DomainFailureTTL time.Duration
	// LookupsPerMinute bounds the domain lookups at WorkOS (sign-ins by
	// email or domain not answered from the cache) one client may cause:
	// an IP address, an IPv6 /64, or behind Cookies.TrustedProxies the
	// address they forwarded. A sign-in over the limit gets 429.
	// LookupBurst is how many it may make at once. Default: 0, no limit;
	// LookupBurst defaults to LookupsPerMinute.
	LookupsPerMinute, LookupBurst int
	// MaxFlows is how many sign-ins may be under way at once in one browser
	// (one flow cookie each); starting one more drops the oldest. Default: 5.
	MaxFlows int
	// FlowLifetime bounds how long a sign-in may take from start to
	// callback. Default: 10 minutes.
	FlowLifetime time.Duration
	// MapProfile maps the profile WorkOS returned to what the session keeps.
	// Default: everything but RawAttributes.
	MapProfile func(Profile) Profile
	// OnSignIn is the app's word on who may be signed in, and with what.
	// It runs on every profile a sign-in builds, before the session is
	// set: after a successful code exchange and, with AuthKit, on each
	// profile AuthKit builds later too (every refresh of the access token,
	// an organization switch, the organization chooser), so that what it
	// decides holds for the whole session and does not come back or go
	// away at the next refresh. It may change the profile (kept in the
	// session) or refuse by returning an error (a *[Error] gives its status
	// and words; any other error is a 403 "sign-in refused"). A refusal at
	// sign-in or at the chooser signs no one in; at a refresh it ends the
	// session (audit event signin_refused, Method "refresh"); at an
	// organization switch the switch is refused with it and the session
	// stays in its organization (Method "organization_switch"). Bearer
	// access tokens ([AcceptBearer]) do not go through it: their profile
	// is the token's claims. Default: nil.
	OnSignIn func(ctx context.Context, p *Profile) error
	// AfterPath is where a sign-in without a valid return_to lands: a
	// path on the app's origin. Default: "/".
	AfterPath string
}

func (c SignInConfig) check(p *problems) {
	if n := (Selector{c.Connection, c.Organization, c.Provider}).count(); n > 1 {
		p.add("set at most one of SignIn.Connection, SignIn.Organization and SignIn.Provider as the default selector; %d are set", n)
	}
	for d, id := range c.Domains {
		if _, err := normalizeDomain(d); err != nil {
			p.add("SignIn.Domains: %q is not a domain", d)
		}
		if _, err := selectorOf(id); err != nil {
			p.add("SignIn.Domains[%q]: %q is neither an organization (org_...) nor a connection (conn_...)", d, id)
		}
	}
	if _, ok := safeReturnTo(c.AfterPath); c.AfterPath != "" && !ok {
		p.add("SignIn.AfterPath must be a path on the app's origin, like /dashboard; got %q", c.AfterPath)
	}
}

func (c SignInConfig) withDefaults() SignInConfig {
	if c.MaxFlows <= 0 {
		c.MaxFlows = 5
	}
	if c.FlowLifetime <= 0 {
		c.FlowLifetime = 10 * time.Minute
	}
	if c.DomainCacheTTL == 0 {
		c.DomainCacheTTL = 10 * time.Minute
	}
	if c.DomainFailureTTL == 0 {
		c.DomainFailureTTL = 5 * time.Second
	}
	if c.MapProfile == nil {
		c.MapProfile = defaultMapProfile
	}
	if c.AfterPath == "" {
		c.AfterPath = "/"
	}
	c.Providers = append([]string(nil), c.Providers...)
	return c
}
