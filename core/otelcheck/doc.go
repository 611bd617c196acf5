// Package otelcheck tests workosauth's OpenTelemetry instrumentation
// with the real OpenTelemetry SDK: an in-memory span recorder and a
// manual metric reader. Its unit tests feed core/internal/telemetry's
// helpers directly; its wired tests (wired_test.go) run an app on each
// adapter (net/http, Chi, Gin, Fiber) against the WorkOS emulator, with
// the SDK given through core.Config.Telemetry, and assert every span and
// metric, their parents (the request's server span, the flow's span for
// each WorkOS call) and that no secret of the run reaches an attribute.
//
// It is a module of its own so that the SDK, which only tests need, never
// becomes a requirement of github.com/ssokit/workosauth: in Go modules a
// main module's go.mod lists what its tests import too. Its path is under
// core/, so that it may import core's internal packages.
package otelcheck
