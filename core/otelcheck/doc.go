// Package otelcheck tests workosauth's OpenTelemetry instrumentation
// (core/internal/telemetry) with the real OpenTelemetry SDK: an
// in-memory span recorder and a manual metric reader. It is a module of
// its own so that the SDK, which only tests need, never becomes a
// requirement of github.com/ssokit/workosauth: in Go modules a main
// module's go.mod lists what its tests import too. Its path is under
// core/, so that it may import core's internal packages.
package otelcheck
