package core

import (
	"context"
	"testing"
	"time"
)

// benchCookieStore is the default cookie store, without the cache in
// front, as New builds it.
func benchCookieStore(b *testing.B) *sessionStore {
	b.Helper()
	cs, err := newCookieStore(bindingAAD("session", DefaultSessionCookie, "client_bench"), time.Now, testPassword)
	if err != nil {
		b.Fatal(err)
	}
	return &sessionStore{st: cs, sealed: true}
}

// benchSession is alice's session as a sign-in leaves it.
func benchSession() *Session {
	now := time.Now()
	return &Session{ID: "sess_bench_0123456789", Profile: alice(), IssuedAt: now, ExpiresAt: now.Add(DefaultSessionLifetime)}
}

// BenchmarkSeal seals a session into its cookie value (the binary
// format, then AES-256-GCM and base64url), as a sign-in or a renewal
// does.
func BenchmarkSeal(b *testing.B) {
	st, s, ctx := benchCookieStore(b), benchSession(), context.Background()
	token, err := st.save(ctx, s)
	if err != nil {
		b.Fatal(err)
	}
	if got, err := st.load(ctx, token); err != nil || got.Profile.Email != alice().Email {
		b.Fatalf("sealed session does not open: %v", err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = st.save(ctx, s)
	}
	b.ReportMetric(float64(len(token)), "cookie-B")
}

// BenchmarkOpen opens a session cookie value, bypassing the cache: what a
// request pays the first time a process sees a cookie.
func BenchmarkOpen(b *testing.B) {
	st, ctx := benchCookieStore(b), context.Background()
	token, err := st.save(ctx, benchSession())
	if err != nil {
		b.Fatal(err)
	}
	if got, err := st.load(ctx, token); err != nil || got.Profile.Email != alice().Email {
		b.Fatalf("sealed session does not open: %v", err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = st.load(ctx, token)
	}
	b.ReportMetric(float64(len(token)), "cookie-B")
}
