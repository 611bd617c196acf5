package telemetry

import (
	"context"
	"net/http"
	"testing"
	"time"
)

// A nil *Telemetry, and a zero Span and nil *WorkOSCall, record nothing
// and never panic: core may hold none.
func TestNilRecordsNothing(t *testing.T) {
	var tel *Telemetry
	ctx := context.Background()
	tel.Guard(ctx, GuardAllowed)
	tel.CacheLookup(ctx, true)
	tel.SignInSucceeded(ctx)
	tel.SignedOut(ctx)
	tel.SignInFailed(ctx, "no_sso", 404, false)
	tel.Refresh(ctx, RefreshPlain, Refreshed)
	tel.RevocationPublished(ctx, RevokeSession, Published)
	tel.RevocationApplied(ctx, RevokeMatch, FromFeed, time.Now(), time.Now())
	tel.WebhookDelivery(ctx, "dsync.user.deleted", WebhookHandled, "")
	stop, err := tel.ObserveFeed(func() bool { return true })
	if err != nil || stop() != nil {
		t.Fatalf("ObserveFeed on nil: %v", err)
	}
	got, s := tel.Start(ctx, FlowCallback)
	if got != ctx {
		t.Error("Start on nil changed the context")
	}
	s.User("user_01")
	s.Fail("state_mismatch", 400)
	s.End()
	got, c := tel.StartWorkOSCall(ctx, EndpointAuthenticate)
	if got != ctx || c != nil {
		t.Error("StartWorkOSCall on nil started a call")
	}
	c.Answered(ctx, time.Millisecond, &http.Response{StatusCode: 200})
	c.NoAnswer(ctx, time.Millisecond, true)
	c.End()
}

// Values out of range are ignored, never an index out of range.
func TestOutOfRangeIgnored(t *testing.T) {
	tel, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tel.Guard(ctx, numGuardDecisions)
	tel.Refresh(ctx, numRefreshKinds, Refreshed)
	tel.Refresh(ctx, RefreshPlain, numRefreshOutcomes)
	tel.RevocationPublished(ctx, numRevocationKinds, Published)
	tel.RevocationPublished(ctx, RevokeSession, numPublishResults)
	tel.RevocationApplied(ctx, RevokeSession, numRevocationSources, time.Time{}, time.Now())
	tel.WebhookDelivery(ctx, "", numWebhookOutcomes, "")
	if _, s := tel.Start(ctx, numFlows); s.span != nil {
		t.Error("a span for an unknown flow")
	}
	if _, c := tel.StartWorkOSCall(ctx, numEndpoints); c != nil {
		t.Error("a call to an unknown endpoint")
	}
}

// With no SDK installed (the global no-op providers), what the guard's
// path records allocates nothing.
func TestHotPathAllocatesNothing(t *testing.T) {
	tel, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for name, f := range map[string]func(){
		"Guard":            func() { tel.Guard(ctx, GuardAllowed) },
		"Guard (denied)":   func() { tel.Guard(ctx, GuardUnavailable) },
		"CacheLookup hit":  func() { tel.CacheLookup(ctx, true) },
		"CacheLookup miss": func() { tel.CacheLookup(ctx, false) },
	} {
		if n := testing.AllocsPerRun(1000, f); n != 0 {
			t.Errorf("%s allocates %v times, want 0", name, n)
		}
	}
}

// benchSetup is a Telemetry on the global providers (no SDK installed),
// with allocations reported; the loops stay in the benchmarks, so that
// no call through a func value is measured.
func benchSetup(b *testing.B) (*Telemetry, context.Context) {
	tel, err := New(Config{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	return tel, context.Background()
}

// BenchmarkGuardDecision is "count a guard decision" with no SDK
// installed: the global no-op providers. (The same with the SDK is in the
// nested module core/otelcheck, which keeps the SDK out of this module's
// requirements.)
func BenchmarkGuardDecision(b *testing.B) {
	tel, ctx := benchSetup(b)
	for b.Loop() {
		tel.Guard(ctx, GuardAllowed)
	}
}

// BenchmarkGuardAndCacheHit is what a guarded request with a cached
// session records: a cache hit and an allowed decision, no SDK.
func BenchmarkGuardAndCacheHit(b *testing.B) {
	tel, ctx := benchSetup(b)
	for b.Loop() {
		tel.CacheLookup(ctx, true)
		tel.Guard(ctx, GuardAllowed)
	}
}

// BenchmarkGuardDecisionParallel is BenchmarkGuardDecision from every
// core at once: with no SDK, nothing is shared, so nothing contends.
func BenchmarkGuardDecisionParallel(b *testing.B) {
	tel, _ := benchSetup(b)
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			tel.Guard(ctx, GuardAllowed)
		}
	})
}
