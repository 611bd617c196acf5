package bench

import (
	"context"
	"net/http"
	"testing"

	"github.com/ssokit/workosauth/core"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// BenchmarkGuardTelemetry is BenchmarkGuard (a cached session through
// each adapter's guard) with no provider configured (none: the global
// no-op ones) and with the OpenTelemetry SDK configured in
// Config.Telemetry (sdk: a MeterProvider with a manual reader and a
// TracerProvider sampling a tenth of new traces). A guarded request
// records two counters (the guard's decision, the cache lookup) and
// starts no span.
func BenchmarkGuardTelemetry(b *testing.B) {
	for _, rt := range routers {
		for _, mode := range []string{"none", "sdk"} {
			b.Run(rt.name+"/"+mode, func(b *testing.B) {
				var reader *sdkmetric.ManualReader
				auth := newAuth(b, func(c *core.Config) {
					if mode == "sdk" {
						reader = sdkmetric.NewManualReader()
						mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
						tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.ParentBased(sdktrace.TraceIDRatioBased(0.1))))
						b.Cleanup(func() { mp.Shutdown(context.Background()); tp.Shutdown(context.Background()) })
						c.Telemetry = core.TelemetryConfig{TracerProvider: tp, MeterProvider: mp}
					}
				})
				pr := &probe{}
				serve, inspect := rt.guard(auth, pr).prepare(signedIn(auth, alice(b)))
				pr.arm()
				serve()
				expectAnswer(b, inspect, http.StatusOK, "")
				pr.expect(b, aliceEmail)
				measure(b, serve)
				if reader != nil {
					wantGuardCounted(b, reader)
				}
			})
		}
	}
}

// wantGuardCounted fails unless the SDK counted the guard's decisions:
// the rows measure recording, not a no-op.
func wantGuardCounted(b *testing.B, reader *sdkmetric.ManualReader) {
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		b.Fatal(err)
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if s, ok := m.Data.(metricdata.Sum[int64]); ok && m.Name == "workosauth.guard.decisions" && len(s.DataPoints) > 0 && s.DataPoints[0].Value > 0 {
				return
			}
		}
	}
	b.Fatal("the SDK counted no guard decision")
}
