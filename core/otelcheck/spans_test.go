package otelcheck

import (
	"context"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core/internal/telemetry"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// spanAttrs are a span's attributes as "k=v,k=v" (sorted).
func spanAttrs(s sdktrace.ReadOnlySpan) string {
	m := map[string]string{}
	for _, kv := range s.Attributes() {
		m[string(kv.Key)] = kv.Value.String()
	}
	return mapString(m)
}

// Each flow's span is named as documented, internal, and a child of the
// incoming request's span (otelhttp's server span); its setters record
// what they are given only when it is of the allowed shape.
func TestFlowSpans(t *testing.T) {
	for _, c := range []struct {
		flow  telemetry.Flow
		name  string
		set   func(s telemetry.Span)
		attrs string
		error bool
	}{
		{telemetry.FlowSignIn, "workosauth.sign_in", func(s telemetry.Span) {
			s.SignInMethod("email")
			s.Organization("org_01ACME")
			s.Connection("conn_01OKTA")
		}, "workosauth.connection.id=conn_01OKTA,workosauth.organization.id=org_01ACME,workosauth.sign_in.method=email", false},
		{telemetry.FlowSignIn, "workosauth.sign_in", func(s telemetry.Span) {
			s.SignInMethod("alice@acme.test") // not a method: left out
			s.Organization("alice@acme.test")
			s.Connection("conn_01 OKTA")
			s.Fail("no_sso", 404)
		}, "error.type=no_sso", false},
		{telemetry.FlowCallback, "workosauth.callback", func(s telemetry.Span) {
			s.User("user_01ALICE")
			s.Organization("org_01ACME")
		}, "user.id=user_01ALICE,workosauth.organization.id=org_01ACME", false},
		{telemetry.FlowCallback, "workosauth.callback", func(s telemetry.Span) {
			s.Fail("workos_unavailable", 502)
		}, "error.type=workos_unavailable", true},
		{telemetry.FlowCallback, "workosauth.callback", func(s telemetry.Span) {
			s.FailByApp("not_acme", 403)
			s.User("alice@acme.test")
		}, "error.type=not_acme", false},
		{telemetry.FlowCallback, "workosauth.callback", func(s telemetry.Span) {
			s.Fail("a_code_a_client_made_up", 400)
		}, "error.type=_OTHER", false},
		{telemetry.FlowSignOut, "workosauth.sign_out", func(s telemetry.Span) { s.User("prof_01BOB") }, "user.id=prof_01BOB", false},
		{telemetry.FlowRefresh, "workosauth.refresh", func(s telemetry.Span) {
			s.Refresh(telemetry.RefreshPlain, telemetry.RefreshEnded)
		}, "workosauth.refresh.kind=refresh,workosauth.refresh.outcome=ended", false},
		{telemetry.FlowOrganizationSwitch, "workosauth.organization_switch", func(s telemetry.Span) {
			s.Organization("org_01GLOBEX")
			s.Refresh(telemetry.RefreshSwitch, telemetry.Refreshed)
		}, "workosauth.organization.id=org_01GLOBEX,workosauth.refresh.kind=organization_switch,workosauth.refresh.outcome=refreshed", false},
		{telemetry.FlowWebhook, "workosauth.webhook", func(s telemetry.Span) {
			s.EventType("dsync.user.deleted")
			s.Webhook(telemetry.WebhookHandled)
		}, "workosauth.webhook.event_type=dsync.user.deleted,workosauth.webhook.outcome=handled", false},
		{telemetry.FlowWebhook, "workosauth.webhook", func(s telemetry.Span) {
			s.Webhook(telemetry.WebhookRejected)
			s.Fail("bad_signature", 401)
		}, "error.type=bad_signature,workosauth.webhook.outcome=rejected", false},
		{telemetry.FlowEventsPoll, "workosauth.events.poll", func(s telemetry.Span) { s.Events(3) }, "workosauth.events.count=3", false},
	} {
		r := newRecorded(t)
		ctx, server := r.tp.Tracer("otelhttp").Start(context.Background(), "GET /auth/callback", trace.WithSpanKind(trace.SpanKindServer))
		_, s := r.tel.Start(ctx, c.flow)
		c.set(s)
		s.End()
		server.End()
		ended := r.spans.Ended()
		if len(ended) != 2 {
			t.Fatalf("%s: %d spans ended, want 2", c.name, len(ended))
		}
		got := ended[0]
		if got.Name() != c.name || got.SpanKind() != trace.SpanKindInternal {
			t.Errorf("span %q (%s), want %q (internal)", got.Name(), got.SpanKind(), c.name)
		}
		if got.Parent().SpanID() != server.SpanContext().SpanID() || got.SpanContext().TraceID() != server.SpanContext().TraceID() {
			t.Errorf("%s: not a child of the request's span", c.name)
		}
		if a := spanAttrs(got); a != c.attrs {
			t.Errorf("%s: attributes\n got %s\nwant %s", c.name, a, c.attrs)
		}
		if (got.Status().Code == codes.Error) != c.error {
			t.Errorf("%s: status %v, want error %v", c.name, got.Status(), c.error)
		}
		if got.Status().Description != "" || len(got.Events()) != 0 {
			t.Errorf("%s: a status description or events: %v %v", c.name, got.Status(), got.Events())
		}
	}
}

// A WorkOS call is a client span, child of the flow's span, named
// "{method} {url.template}", with the last attempt's status, error.type
// and request ID, and the count of resends.
func TestWorkOSCallSpans(t *testing.T) {
	for _, c := range []struct {
		endpoint telemetry.Endpoint
		name     string
		attempts func(ctx context.Context, call *telemetry.WorkOSCall)
		attrs    string
		error    bool
	}{
		{telemetry.EndpointAuthenticate, "POST /user_management/authenticate", func(ctx context.Context, call *telemetry.WorkOSCall) {
			call.Answered(ctx, time.Millisecond, answer(200, "req_01ABC"))
		}, "http.request.method=POST,http.response.header.x-request-id=[\"req_01ABC\"],http.response.status_code=200,server.address=api.workos.test,server.port=8443,url.template=/user_management/authenticate", false},
		{telemetry.EndpointOrganizations, "GET /organizations", func(ctx context.Context, call *telemetry.WorkOSCall) {
			call.Answered(ctx, time.Millisecond, answer(503, "req_1"))
			call.NoAnswer(ctx, time.Millisecond, true)
			call.Answered(ctx, time.Millisecond, answer(200, "req_3"))
		}, "http.request.method=GET,http.request.resend_count=2,http.response.header.x-request-id=[\"req_3\"],http.response.status_code=200,server.address=api.workos.test,server.port=8443,url.template=/organizations", false},
		{telemetry.EndpointSSOToken, "POST /sso/token", func(ctx context.Context, call *telemetry.WorkOSCall) {
			call.Answered(ctx, time.Millisecond, answer(400, "not a request id; secret=sk_test_x"))
		}, "error.type=400,http.request.method=POST,http.response.status_code=400,server.address=api.workos.test,server.port=8443,url.template=/sso/token", true},
		{telemetry.EndpointEvents, "GET /events", func(ctx context.Context, call *telemetry.WorkOSCall) {
			call.Answered(ctx, time.Millisecond, answer(500, "req_1"))
			call.NoAnswer(ctx, time.Millisecond, true)
		}, "error.type=timeout,http.request.method=GET,http.request.resend_count=1,server.address=api.workos.test,server.port=8443,url.template=/events", true},
		{telemetry.EndpointJWKS, "GET /sso/jwks/{client_id}", func(ctx context.Context, call *telemetry.WorkOSCall) {
			call.NoAnswer(ctx, time.Millisecond, false)
		}, "error.type=_OTHER,http.request.method=GET,server.address=api.workos.test,server.port=8443,url.template=/sso/jwks/{client_id}", true},
	} {
		r := newRecorded(t)
		ctx, flow := r.tel.Start(context.Background(), telemetry.FlowCallback)
		callCtx, call := r.tel.StartWorkOSCall(ctx, c.endpoint)
		if trace.SpanFromContext(callCtx).SpanContext().SpanID() == trace.SpanFromContext(ctx).SpanContext().SpanID() {
			t.Errorf("%s: the call's context does not carry its span", c.name)
		}
		c.attempts(callCtx, call)
		call.End()
		flow.End()
		ended := r.spans.Ended()
		if len(ended) != 2 {
			t.Fatalf("%s: %d spans ended, want 2", c.name, len(ended))
		}
		got, parent := ended[0], ended[1]
		if got.Name() != c.name || got.SpanKind() != trace.SpanKindClient {
			t.Errorf("span %q (%s), want %q (client)", got.Name(), got.SpanKind(), c.name)
		}
		if got.Parent().SpanID() != parent.SpanContext().SpanID() {
			t.Errorf("%s: not a child of the flow's span", c.name)
		}
		if a := spanAttrs(got); a != c.attrs {
			t.Errorf("%s: attributes\n got %s\nwant %s", c.name, a, c.attrs)
		}
		if (got.Status().Code == codes.Error) != c.error {
			t.Errorf("%s: status %v, want error %v", c.name, got.Status(), c.error)
		}
	}
}
