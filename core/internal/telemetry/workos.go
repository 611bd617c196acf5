package telemetry

import (
	"context"
	"strconv"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
)

// Endpoint is a WorkOS API route workosauth calls.
type Endpoint uint8

// The WorkOS endpoints, each a method and a route template (never a
// path with an ID, nor a query).
const (
	EndpointSSOToken      Endpoint = iota // POST /sso/token
	EndpointAuthenticate                  // POST /user_management/authenticate (code, refresh, organization selection)
	EndpointOrganizations                 // GET /organizations
	EndpointConnections                   // GET /connections
	EndpointUserSessions                  // GET /user_management/users/{user_id}/sessions
	EndpointRevokeSession                 // POST /user_management/sessions/revoke
	EndpointEvents                        // GET /events
	EndpointJWKS                          // GET /sso/jwks/{client_id}
	numEndpoints
)

var endpoints = [numEndpoints]struct{ method, template string }{
	EndpointSSOToken:      {"POST", "/sso/token"},
	EndpointAuthenticate:  {"POST", "/user_management/authenticate"},
	EndpointOrganizations: {"GET", "/organizations"},
	EndpointConnections:   {"GET", "/connections"},
	EndpointUserSessions:  {"GET", "/user_management/users/{user_id}/sessions"},
	EndpointRevokeSession: {"POST", "/user_management/sessions/revoke"},
	EndpointEvents:        {"GET", "/events"},
	EndpointJWKS:          {"GET", "/sso/jwks/{client_id}"},
}

// WorkOSCall is one call to WorkOS, retries included: a client span, a
// child of the context's span, and a measurement of
// http.client.request.duration per attempt. Build it with
// [Telemetry.StartWorkOSCall]; a nil *WorkOSCall records nothing.
type WorkOSCall struct {
	t        *Telemetry
	span     trace.Span
	base     []attribute.KeyValue // method, template, server
	attempts int
}

// StartWorkOSCall starts the span of a call to endpoint e, named
// "{method} {url.template}" as the semantic conventions name HTTP client
// spans; the returned context carries it, for the requests to WorkOS.
func (t *Telemetry) StartWorkOSCall(ctx context.Context, e Endpoint) (context.Context, *WorkOSCall) {
	if t == nil || e >= numEndpoints {
		return ctx, nil
	}
	ep := endpoints[e]
	base := []attribute.KeyValue{keyMethod.String(ep.method), keyURLTemplate.String(ep.template)}
	if t.server != "" {
		base = append(base, keyServerAddress.String(t.server), keyServerPort.Int(t.serverPort))
	}
	ctx, span := t.tracer.Start(ctx, ep.method+" "+ep.template, trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(base...))
	return ctx, &WorkOSCall{t: t, span: span, base: base}
}

// Answered records an attempt WorkOS answered, after d, with the status
// and its X-Request-ID header (kept when it looks like a request ID).
func (c *WorkOSCall) Answered(ctx context.Context, d time.Duration, status int, requestID string) {
	if c == nil {
		return
	}
	c.attempts++
	kvs := append(c.base[:len(c.base):len(c.base)], keyStatus.Int(status))
	if status >= 400 {
		kvs = append(kvs, keyErrorType.String(strconv.Itoa(status)))
	}
	c.t.workos.Record(ctx, d.Seconds(), metric.WithAttributes(kvs...))
	if c.span.IsRecording() {
		c.span.SetAttributes(keyStatus.Int(status))
		if isRequestID(requestID) {
			c.span.SetAttributes(keyRequestID.StringSlice([]string{requestID}))
		}
		c.setError(status >= 400, strconv.Itoa(status))
	}
}

// NoAnswer records an attempt WorkOS did not answer, after d: it timed
// out, or the connection failed (error.type "timeout" or "_OTHER").
func (c *WorkOSCall) NoAnswer(ctx context.Context, d time.Duration, timedOut bool) {
	if c == nil {
		return
	}
	c.attempts++
	class := other
	if timedOut {
		class = "timeout"
	}
	c.t.workos.Record(ctx, d.Seconds(), metric.WithAttributes(append(c.base[:len(c.base):len(c.base)], keyErrorType.String(class))...))
	if c.span.IsRecording() {
		c.setError(true, class)
	}
}

// setError marks the span failed with error.type class, or clears a
// failure an earlier attempt set.
func (c *WorkOSCall) setError(failed bool, class string) {
	if failed {
		c.span.SetAttributes(keyErrorType.String(class))
		c.span.SetStatus(codes.Error, "")
		return
	}
	c.span.SetStatus(codes.Unset, "")
}

// End ends the span, with http.request.resend_count when the call was
// retried.
func (c *WorkOSCall) End() {
	if c == nil {
		return
	}
	if c.attempts > 1 {
		c.span.SetAttributes(keyResendCount.Int(c.attempts - 1))
	}
	c.span.End()
}
