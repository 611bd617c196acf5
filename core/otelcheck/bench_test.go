package otelcheck

import (
	"context"
	"testing"

	"github.com/ssokit/workosauth/core/internal/telemetry"
	"go.opentelemetry.io/otel/trace"
)

// With the SDK configured (a manual reader), counting a guard decision
// still allocates nothing: its attribute sets are built once.
func TestGuardWithSDKAllocatesNothing(t *testing.T) {
	r := newRecorded(t)
	sampled := sampledContext(t, r)
	for name, ctx := range map[string]context.Context{"no span": context.Background(), "in a sampled span": sampled} {
		for _, d := range []telemetry.GuardDecision{telemetry.GuardAllowed, telemetry.GuardUnavailable} {
			r.tel.Guard(ctx, d) // the series exists from now on
			if n := testing.AllocsPerRun(1000, func() { r.tel.Guard(ctx, d) }); n != 0 {
				t.Errorf("%s: Guard(%d) allocates %v times, want 0", name, d, n)
			}
		}
		r.tel.CacheLookup(ctx, true)
		if n := testing.AllocsPerRun(1000, func() { r.tel.CacheLookup(ctx, true) }); n != 0 {
			t.Errorf("%s: CacheLookup allocates %v times, want 0", name, n)
		}
	}
}

// sampledContext is a context in a sampled span, as a request traced by
// otelhttp is: the SDK may then keep exemplars of the measurements.
func sampledContext(t testing.TB, r *recorded) context.Context {
	ctx, span := r.tp.Tracer("server").Start(context.Background(), "GET /dashboard", trace.WithSpanKind(trace.SpanKindServer))
	t.Cleanup(func() { span.End() })
	if !span.SpanContext().IsSampled() {
		t.Fatal("the span is not sampled")
	}
	return ctx
}

// BenchmarkGuardDecisionSDK is "count a guard decision" with the SDK
// configured and a manual reader; the no-op figure is
// core/internal/telemetry's BenchmarkGuardDecision.
func BenchmarkGuardDecisionSDK(b *testing.B) {
	r := newRecorded(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		r.tel.Guard(ctx, telemetry.GuardAllowed)
	}
}

// BenchmarkGuardDecisionSDKSampled is the same inside a sampled span (the
// SDK's default exemplar filter keeps exemplars of traced requests).
func BenchmarkGuardDecisionSDKSampled(b *testing.B) {
	r := newRecorded(b)
	ctx := sampledContext(b, r)
	b.ReportAllocs()
	for b.Loop() {
		r.tel.Guard(ctx, telemetry.GuardAllowed)
	}
}

// BenchmarkGuardAndCacheHitSDK is what a guarded request with a cached
// session records, with the SDK.
func BenchmarkGuardAndCacheHitSDK(b *testing.B) {
	r := newRecorded(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		r.tel.CacheLookup(ctx, true)
		r.tel.Guard(ctx, telemetry.GuardAllowed)
	}
}

// BenchmarkGuardDecisionSDKParallel is the same from every core at once,
// as a busy server counts.
func BenchmarkGuardDecisionSDKParallel(b *testing.B) {
	r := newRecorded(b)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			r.tel.Guard(ctx, telemetry.GuardAllowed)
		}
	})
}
