package telemetry

import (
	"context"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// Flow is one of workosauth's flows, each traced as a span.
type Flow uint8

// The flows.
const (
	FlowSignIn             Flow = iota // the start of a sign-in
	FlowCallback                       // the callback that finishes it
	FlowSignOut                        // a sign-out
	FlowRefresh                        // an AuthKit session's refresh
	FlowOrganizationSwitch             // an AuthKit organization switch
	FlowWebhook                        // a webhook delivery
	FlowEventsPoll                     // one poll of the Events API
	numFlows
)

// FlowNames are the spans' names, by Flow.
var FlowNames = [numFlows]string{
	"workosauth.sign_in", "workosauth.callback", "workosauth.sign_out", "workosauth.refresh",
	"workosauth.organization_switch", "workosauth.webhook", "workosauth.events.poll",
}

// signInMethods are how a sign-in may be asked for (AuditEvent.Method).
var signInMethods = setOf("email", "domain", "connection", "organization", "provider", "default", "authkit")

// Span is the span of a flow. Its setters take only what may be recorded,
// checked: a zero Span records nothing.
type Span struct {
	span trace.Span
	t    *Telemetry
}

// Start starts the span of flow f, a child of the context's span (the
// server span of otelhttp or the like, for a request), and returns the
// context that carries it.
func (t *Telemetry) Start(ctx context.Context, f Flow) (context.Context, Span) {
	if t == nil || f >= numFlows {
		return ctx, Span{}
	}
	ctx, s := t.tracer.Start(ctx, FlowNames[f], trace.WithSpanKind(trace.SpanKindInternal))
	return ctx, Span{span: s, t: t}
}

func (s Span) recording() bool { return s.span != nil && s.span.IsRecording() }

// User records the user signed in, out or refreshed (user.id): a WorkOS
// user or profile ID (user_..., prof_...); anything else is left out.
func (s Span) User(id string) {
	if s.recording() && isID(id, "user", "prof") {
		s.span.SetAttributes(keyUserID.String(id))
	}
}

// Organization records the organization (workosauth.organization.id):
// an org_... ID; anything else is left out.
func (s Span) Organization(id string) {
	if s.recording() && isID(id, "org") {
		s.span.SetAttributes(keyOrganizationID.String(id))
	}
}

// Connection records the SSO connection (workosauth.connection.id): a
// conn_... ID; anything else is left out.
func (s Span) Connection(id string) {
	if s.recording() && isID(id, "conn") {
		s.span.SetAttributes(keyConnectionID.String(id))
	}
}

// SignInMethod records how a sign-in was asked for
// (workosauth.sign_in.method): "email", "domain", "connection",
// "organization", "provider", "default" or "authkit"; anything else is
// left out. (The email or domain itself never is recorded.)
func (s Span) SignInMethod(m string) {
	if s.recording() && signInMethods[m] {
		s.span.SetAttributes(keySignInMethod.String(m))
	}
}

// EventType records a verified WorkOS event's type
// (workosauth.webhook.event_type), as [Telemetry.WebhookDelivery] does.
func (s Span) EventType(typ string) {
	if s.recording() {
		s.span.SetAttributes(keyEventType.String(s.t.eventType(typ)))
	}
}

// Events records how many events a poll handled (workosauth.events.count).
func (s Span) Events(n int) {
	if s.recording() {
		s.span.SetAttributes(keyEventCount.Int(n))
	}
}

// Refresh records how a refresh or switch ended, as [Telemetry.Refresh]
// counts it.
func (s Span) Refresh(k RefreshKind, o RefreshOutcome) {
	if s.recording() && k < numRefreshKinds && o < numRefreshOutcomes {
		s.span.SetAttributes(keyRefreshKind.String(refreshKinds[k]), keyRefreshOutcome.String(refreshOutcomes[o]))
	}
}

// Webhook records how a delivery was answered.
func (s Span) Webhook(o WebhookOutcome) {
	if s.recording() && o < numWebhookOutcomes {
		s.span.SetAttributes(keyWebhookOutcome.String(webhookOutcomes[o]))
	}
}

// Fail records that the flow ended without doing what it was asked,
// with core's code as error.type ("_OTHER" for a code core does not
// know); with a status of 500 or more (WorkOS or the store failed) the
// span's status is Error too. The error's text is never recorded: it may
// quote what a client or WorkOS sent.
func (s Span) Fail(errCode string, status int) {
	if !s.recording() {
		return
	}
	s.span.SetAttributes(keyErrorType.String(code(errCode)))
	if status >= 500 {
		s.span.SetStatus(codes.Error, "")
	}
}

// FailByApp is Fail for a refusal by the app's OnSignIn: its code is kept
// as [Telemetry.SignInFailed] keeps it with byApp.
func (s Span) FailByApp(errCode string, status int) {
	if !s.recording() {
		return
	}
	s.span.SetAttributes(keyErrorType.String(s.t.refusalCode(errCode, true)))
	if status >= 500 {
		s.span.SetStatus(codes.Error, "")
	}
}

// End ends the span.
func (s Span) End() {
	if s.span != nil {
		s.span.End()
	}
}
