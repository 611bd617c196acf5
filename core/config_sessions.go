package core

import (
	"context"
	"time"

	"github.com/ssokit/workosauth/core/store"
)

// SessionConfig is the Sessions group of [Config]: how long sessions
// last, where they are kept, how revocations reach every instance, and
// what sign-out does. New uses each part for what its field names and
// nothing more; it logs at start what it uses, and warns when a Store
// offers a capability the Config leaves unused.
type SessionConfig struct {
	// Lifetime is the idle lifetime of a session: it ends this long after
	// it was last renewed. A session in use is renewed (saved again with a
	// fresh expiry) once half of it has passed. Default: 7 days.
	Lifetime time.Duration
	// AbsoluteLifetime is how long a session may last from sign-in,
	// renewals included; then the user signs in again. Default: 30 days.
	AbsoluteLifetime time.Duration
	// CacheSize bounds the in-memory cache of opened sessions, in
	// entries. Default: 10000. Negative: no cache.
	CacheSize int
	// CacheBytes bounds the memory the cache of opened sessions holds, in
	// bytes, estimated from each entry's cookie value and profile. A
	// session too large for its share (1/32 of the bound, more when
	// CacheSize is below 512) is not cached: it is opened on every request
	// instead. Default: 32 MiB. Negative: no cache.
	CacheBytes int64
	// Recheck bounds how long a session opened from a server-side Store
	// (any but the default sealed cookies) is served from the cache of
	// opened sessions without asking the store again, so that an instance
	// never keeps serving a session its store no longer holds (a lost
	// revocation message, a Redis that lost its data) for longer than
	// this. A request in the last quarter of it still gets the cached
	// session and has the store asked in the background; past it, the
	// request waits for the store's answer. A store that cannot answer
	// ([ErrStoreUnavailable]) leaves the session as cached: sessions an
	// instance holds keep working through an outage. Default: 30 seconds.
	// Negative: never asked again (until revoked or expired).
	Recheck time.Duration
	// Store keeps sessions (see package store for what a store
	// implements). Core uses it for sessions only, and for nothing else
	// it may implement: set Revocations and Events.Log to it as well to
	// share those through it. Default: nil, sessions sealed whole into the
	// cookie (AES-256-GCM under Config.CookiePassword, bound to the
	// cookie's name and Config.ClientID). A server-side store
	// (stores/redis) keeps them shared by every instance of the app; core
	// binds each record to ClientID inside its own encoding, whatever the
	// store.
	Store store.Store
	// Revocations shares sign-outs and revocations with the app's other
	// instances, so that a session ended on one ends on all within a
	// second. Default: nil, and revocations stay in the process that made
	// them. With sealed cookies, set it to a Redis store to keep
	// stateless sessions that still end everywhere.
	Revocations store.Feed
	// AfterSignOutPath is where sign-out redirects: a path on the app's
	// origin. Default: "/".
	AfterSignOutPath string
	// OnSignOut is called after a session ended by sign-out (its cookie
	// cleared, its revocation recorded); an error it returns is logged.
	// Default: nil.
	OnSignOut func(ctx context.Context, s *Session) error
}

func (c SessionConfig) check(p *problems) {
	if _, ok := safeReturnTo(c.AfterSignOutPath); c.AfterSignOutPath != "" && !ok {
		p.add("Sessions.AfterSignOutPath must be a path on the app's origin, like /; got %q", c.AfterSignOutPath)
	}
}

func (c SessionConfig) withDefaults() SessionConfig {
	if c.Lifetime <= 0 {
		c.Lifetime = 7 * 24 * time.Hour
	}
	if c.AbsoluteLifetime <= 0 {
		c.AbsoluteLifetime = 30 * 24 * time.Hour
	}
	if c.CacheSize == 0 {
		c.CacheSize = 10000
	}
	if c.CacheBytes == 0 {
		c.CacheBytes = 32 << 20
	}
	if c.Recheck == 0 {
		c.Recheck = 30 * time.Second
	}
	if c.AfterSignOutPath == "" {
		c.AfterSignOutPath = "/"
	}
	return c
}
