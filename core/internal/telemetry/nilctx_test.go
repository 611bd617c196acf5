package telemetry

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
)

// ctxProvider is a MeterProvider whose counters record the contexts they
// are given.
type ctxProvider struct {
	noop.MeterProvider
	got *[]context.Context
}

// Meter returns a ctxMeter.
func (p ctxProvider) Meter(string, ...metric.MeterOption) metric.Meter { return ctxMeter{got: p.got} }

// ctxMeter makes ctxCounters.
type ctxMeter struct {
	noop.Meter
	got *[]context.Context
}

// Int64Counter returns a ctxCounter.
func (m ctxMeter) Int64Counter(string, ...metric.Int64CounterOption) (metric.Int64Counter, error) {
	return ctxCounter{got: m.got}, nil
}

// ctxCounter records the contexts of Add.
type ctxCounter struct {
	noop.Int64Counter
	got *[]context.Context
}

// Add records ctx.
func (c ctxCounter) Add(ctx context.Context, _ int64, _ ...metric.AddOption) {
	*c.got = append(*c.got, ctx)
}

// The guard's path passes the request's context as the adapter gives it,
// which may be nil: the counters get context.Background() then, never nil
// (an SDK's exemplar filter reads the context).
func TestGuardPathNilContext(t *testing.T) {
	var got []context.Context
	tel, err := New(Config{MeterProvider: ctxProvider{got: &got}})
	if err != nil {
		t.Fatal(err)
	}
	var none context.Context // what an adapter may hand on
	tel.Guard(none, GuardAllowed)
	tel.CacheLookup(none, true)
	tel.Guard(context.TODO(), GuardForbidden)
	if len(got) != 3 {
		t.Fatalf("%d counts, want 3", len(got))
	}
	for i, ctx := range got {
		if ctx == nil {
			t.Errorf("count %d was given a nil context", i)
		}
	}
}
