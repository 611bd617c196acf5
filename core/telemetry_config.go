package core

import (
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
)

// TelemetryConfig says where workosauth's OpenTelemetry spans and metrics
// go (Config.Telemetry). The README's "Observability" lists them: a span
// per sign-in, callback, sign-out, refresh, organization switch, webhook
// delivery and events poll, a client span per WorkOS call, and the
// workosauth.* metrics. No secret, token, code, cookie value or email
// address is ever recorded.
type TelemetryConfig struct {
	// TracerProvider makes workosauth's tracer. Default (nil): the global
	// one, otel.GetTracerProvider(), which records nothing until the app
	// installs an SDK with otel.SetTracerProvider (before or after New).
	TracerProvider trace.TracerProvider
	// MeterProvider makes workosauth's instruments. Default (nil): the
	// global one, otel.GetMeterProvider(), which records nothing until the
	// app installs an SDK with otel.SetMeterProvider (before or after New).
	MeterProvider metric.MeterProvider
}
