package telemetry

import (
	"context"
	"net/http"
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
	// the last attempt's: status (0: no answer), error.type ("": none),
	// X-Request-ID ("": none or not recordable)
	status    int
	errorType string
	requestID string
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

// Answered records an attempt WorkOS answered with resp, after d: its
// status, and its X-Request-ID header when it looks like a request ID.
// It takes the response itself, so that nothing but WorkOS's header can
// become the request ID.
func (c *WorkOSCall) Answered(ctx context.Context, d time.Duration, resp *http.Response) {
	if c == nil || resp == nil {
		return
	}
	c.attempts++
	status, requestID := resp.StatusCode, resp.Header.Get("X-Request-ID")
	c.status, c.errorType, c.requestID = status, "", ""
	if status >= 400 {
		c.errorType = strconv.Itoa(status)
	}
	if isRequestID(requestID) {
		c.requestID = requestID
	}
	kvs := append(c.base[:len(c.base):len(c.base)], keyStatus.Int(status))
	if c.errorType != "" {
		kvs = append(kvs, keyErrorType.String(c.errorType))
	}
	c.t.workos.Record(ctx, d.Seconds(), metric.WithAttributes(kvs...))
}

// NoAnswer records an attempt WorkOS did not answer, after d: it timed
// out, or the connection failed (error.type "timeout" or "_OTHER").
func (c *WorkOSCall) NoAnswer(ctx context.Context, d time.Duration, timedOut bool) {
	if c == nil {
		return
	}
	c.attempts++
	c.status, c.errorType, c.requestID = 0, other, ""
	if timedOut {
		c.errorType = "timeout"
	}
	c.t.workos.Record(ctx, d.Seconds(), metric.WithAttributes(append(c.base[:len(c.base):len(c.base)], keyErrorType.String(c.errorType))...))
}

// End ends the span with the last attempt's status, error.type and
// request ID, and http.request.resend_count when the call was retried;
// its status is Error when the last attempt failed (no answer, or a
// status of 400 or more).
func (c *WorkOSCall) End() {
	if c == nil {
		return
	}
	if c.span.IsRecording() {
		if c.status != 0 {
			c.span.SetAttributes(keyStatus.Int(c.status))
		}
		if c.requestID != "" {
			c.span.SetAttributes(keyRequestID.StringSlice([]string{c.requestID}))
		}
		if c.attempts > 1 {
			c.span.SetAttributes(keyResendCount.Int(c.attempts - 1))
		}
		if c.errorType != "" {
			c.span.SetAttributes(keyErrorType.String(c.errorType))
			c.span.SetStatus(codes.Error, "")
		}
	}
	c.span.End()
}
