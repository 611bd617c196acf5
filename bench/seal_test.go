package bench

import (
	"context"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core"
)

// benchSession is alice's session as a sign-in leaves it.
func benchSession(tb testing.TB) *core.Session {
	now := time.Now()
	return &core.Session{ID: "sess_bench_0123456789", Profile: alice(tb), IssuedAt: now, ExpiresAt: now.Add(core.DefaultSessionLifetime)}
}

// newStore is the default session store, without the cache in front.
func newStore(tb testing.TB) *core.CookieStore {
	tb.Helper()
	store, err := core.NewCookieStore(benchPassword)
	if err != nil {
		tb.Fatal(err)
	}
	return store
}

// BenchmarkSeal seals a session into its cookie value (JSON, then
// AES-256-GCM and base64url), as a sign-in or a renewal does.
func BenchmarkSeal(b *testing.B) {
	store, s, ctx := newStore(b), benchSession(b), context.Background()
	token, err := store.Save(ctx, s)
	if err != nil {
		b.Fatal(err)
	}
	if got, err := store.Load(ctx, token); err != nil || got.Profile.Email != aliceEmail {
		b.Fatalf("sealed session does not open: %v", err)
	}
	measure(b, func() { _, _ = store.Save(ctx, s) })
	b.ReportMetric(float64(len(token)), "cookie-B") // after measure: b.Loop resets metrics
}

// BenchmarkOpen opens a session cookie value, bypassing the cache: what a
// request pays the first time a process sees a cookie.
func BenchmarkOpen(b *testing.B) {
	store, ctx := newStore(b), context.Background()
	token, err := store.Save(ctx, benchSession(b))
	if err != nil {
		b.Fatal(err)
	}
	if got, err := store.Load(ctx, token); err != nil || got.Profile.Email != aliceEmail {
		b.Fatalf("sealed session does not open: %v", err)
	}
	measure(b, func() { _, _ = store.Load(ctx, token) })
	b.ReportMetric(float64(len(token)), "cookie-B") // after measure: b.Loop resets metrics
}
