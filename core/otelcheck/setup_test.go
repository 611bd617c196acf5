package otelcheck

import (
	"context"
	"net/http"
	"testing"

	"github.com/ssokit/workosauth/core/internal/telemetry"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// recorded is a Telemetry on the real SDK, with what it recorded at hand.
type recorded struct {
	tel    *telemetry.Telemetry
	spans  *tracetest.SpanRecorder
	reader *sdkmetric.ManualReader
	tp     *sdktrace.TracerProvider
	mp     *sdkmetric.MeterProvider
}

const workosURL = "https://api.workos.test:8443"

func newRecorded(t testing.TB) *recorded {
	t.Helper()
	r := &recorded{spans: tracetest.NewSpanRecorder(), reader: sdkmetric.NewManualReader()}
	r.tp = sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(r.spans))
	r.mp = sdkmetric.NewMeterProvider(sdkmetric.WithReader(r.reader))
	t.Cleanup(func() {
		r.tp.Shutdown(context.Background())
		r.mp.Shutdown(context.Background())
	})
	tel, err := telemetry.New(telemetry.Config{TracerProvider: r.tp, MeterProvider: r.mp, WorkOSBaseURL: workosURL})
	if err != nil {
		t.Fatal(err)
	}
	r.tel = tel
	return r
}

// metrics collects what the reader holds now, by instrument name.
func (r *recorded) metrics(t testing.TB) map[string]metricdata.Metrics {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := r.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	out := map[string]metricdata.Metrics{}
	for _, sm := range rm.ScopeMetrics {
		if sm.Scope.Name != telemetry.ScopeName {
			t.Errorf("scope %q, want %q", sm.Scope.Name, telemetry.ScopeName)
		}
		for _, m := range sm.Metrics {
			out[m.Name] = m
		}
	}
	return out
}

// answer is a WorkOS answer with this status and X-Request-ID.
func answer(status int, requestID string) *http.Response {
	h := http.Header{}
	if requestID != "" {
		h.Set("X-Request-ID", requestID)
	}
	return &http.Response{StatusCode: status, Header: h}
}

// collect is what the run's reader holds now.
func collect(t testing.TB, r *appRun) metricdata.ResourceMetrics {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := r.rec.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	return rm
}
