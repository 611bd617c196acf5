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
	cs, err := newCookieStore(bindingAAD("session", defaultSessionCookie, "client_bench"), time.Now, testPassword)
	if err != nil {
		b.Fatal(err)
	}
	return &sessionStore{st: cs, sealed: true}
}

// benchSession is alice's session as a sign-in leaves it.
func benchSession() *Session {
	now := time.Now()
	return &Session{ID: "sess_bench_0123456789", Profile: alice(), IssuedAt: now, ExpiresAt: now.Add((7 * 24 * time.Hour))}
}

// sealedBench is the cookie store and alice's session sealed by it,
// checked to open.
func sealedBench(b *testing.B) (*sessionStore, *Session, string) {
	st, s := benchCookieStore(b), benchSession()
	token, err := st.save(context.Background(), s)
	if err != nil {
		b.Fatal(err)
	}
	if got, err := st.load(context.Background(), token); err != nil || got.Profile.Email != alice().Email {
		b.Fatalf("sealed session does not open: %v", err)
	}
	b.ReportAllocs()
	return st, s, token
}

// BenchmarkSeal seals a session into its cookie value (the binary
// format, then AES-256-GCM and base64url), as a sign-in or a renewal
// does.
func BenchmarkSeal(b *testing.B) {
	st, s, token := sealedBench(b)
	for b.Loop() {
		_, _ = st.save(context.Background(), s)
	}
	b.ReportMetric(float64(len(token)), "cookie-B")
}

// BenchmarkOpen opens a session cookie value, bypassing the cache: what a
// request pays the first time a process sees a cookie.
func BenchmarkOpen(b *testing.B) {
	st, _, token := sealedBench(b)
	for b.Loop() {
		_, _ = st.load(context.Background(), token)
	}
	b.ReportMetric(float64(len(token)), "cookie-B")
}
