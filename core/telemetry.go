package core

import (
	"context"
	"net/http"

	"github.com/ssokit/workosauth/core/internal/telemetry"
)

// This file wires core/internal/telemetry in: the spans of the flows, and
// the metrics recorded at their call sites. The helpers record only what
// may be recorded (telemetry's doc.go); nothing here hands them a secret.

// newTelemetry builds the Auth's telemetry from Config.Telemetry (the
// global providers by default). An instrument a provider refuses is
// logged and left out: telemetry never stops an app from starting.
func newTelemetry(cfg Config) *telemetry.Telemetry {
	t, err := telemetry.New(telemetry.Config{
		TracerProvider: cfg.Telemetry.TracerProvider,
		MeterProvider:  cfg.Telemetry.MeterProvider,
		WorkOSBaseURL:  cfg.WorkOS.BaseURL,
	})
	if err != nil {
		cfg.Logger.Warn("workosauth: some OpenTelemetry instruments could not be made; they record nothing", "error", err)
	}
	return t
}

// observeFeed reports whether the revocation feed is in sync
// (workosauth.revocation_feed.synced) until Close.
func (a *Auth) observeFeed() {
	if a.feed == nil {
		return
	}
	stop, err := a.tel.ObserveFeed(a.synced.Load)
	if err != nil {
		a.log.Warn("workosauth: the revocation feed's gauge could not be registered", "error", err)
	}
	a.stopGauge = stop
}

// flowObs is what a traced flow learns while it runs, for its span and
// its metrics. It lives in the flow's context; one goroutine writes it.
type flowObs struct {
	flow      telemetry.Flow
	span      telemetry.Span
	status    int    // the answer's status, once written
	code      string // the answer's error code (webhooks)
	eventType string // a webhook delivery's verified event type
	byApp     bool   // OnSignIn refused the sign-in
	adopted   bool   // a refresh took the session another instance refreshed
}

type flowKey struct{}

// obsFrom is the flow observed in ctx, or nil.
func obsFrom(ctx context.Context) *flowObs {
	if ctx == nil {
		return nil
	}
	o, _ := ctx.Value(flowKey{}).(*flowObs)
	return o
}

// spanOf is o's span; a zero Span (recording nothing) for a nil o.
func (o *flowObs) spanOf() telemetry.Span {
	if o == nil {
		return telemetry.Span{}
	}
	return o.span
}

// startFlow starts flow f's span, a child of ctx's (the incoming
// request's server span, with otelhttp or the like), and returns the
// context that carries both.
func (a *Auth) startSpan(ctx context.Context, f telemetry.Flow) (context.Context, *flowObs) {
	ctx, span := a.tel.Start(ctxOrBackground(ctx), f)
	o := &flowObs{flow: f, span: span}
	return context.WithValue(ctx, flowKey{}, o), o
}

// tracedExchange is an exchange whose context carries its flow's span
// (so that the WorkOS calls made for it are its children) and whose
// answer's status is noted.
type tracedExchange struct {
	exchange
	ctx context.Context
	obs *flowObs
}

func (x *tracedExchange) Context() context.Context { return x.ctx }

func (x *tracedExchange) Write(status int, contentType string, body []byte) {
	x.obs.status = status
	x.exchange.Write(status, contentType, body)
}

// traced serves a route as flow f: in its span, ended with what the
// answer said.
func (a *Auth) traced(f telemetry.Flow, serve func(exchange)) func(exchange) {
	return func(x exchange) {
		ctx, o := a.startSpan(x.Context(), f)
		serve(&tracedExchange{exchange: x, ctx: ctx, obs: o})
		if f == telemetry.FlowWebhook {
			a.webhookDone(ctx, o)
		}
		o.span.End()
	}
}

// webhookDone counts a webhook delivery by how it was answered: 200
// handled, 503 to be delivered again, anything else rejected.
func (a *Auth) webhookDone(ctx context.Context, o *flowObs) {
	out := telemetry.WebhookRejected
	switch o.status {
	case http.StatusOK:
		out = telemetry.WebhookHandled
	case http.StatusServiceUnavailable:
		out = telemetry.WebhookRetry
	}
	if o.eventType != "" {
		o.span.EventType(o.eventType)
	}
	o.span.Webhook(out)
	if out != telemetry.WebhookHandled {
		o.span.Fail(o.code, o.status)
	}
	a.tel.WebhookDelivery(ctx, o.eventType, out, o.code)
}

// noteWebhook notes, for a webhook delivery's flow, the verified event's
// type or the answer's error code.
func noteWebhook(ctx context.Context, eventType, code string) {
	if o := obsFrom(ctx); o != nil {
		if eventType != "" {
			o.eventType = eventType
		}
		if code != "" {
			o.code = code
		}
	}
}

// refusedByApp notes that OnSignIn refused the sign-in of ctx's flow: its
// refusal code is the app's own.
func refusedByApp(ctx context.Context) {
	if o := obsFrom(ctx); o != nil {
		o.byApp = true
	}
}

// observe records an audit event's metrics, and what it says on the
// flow's span: sign-ins by outcome and code, sign-outs.
func (a *Auth) observe(ctx context.Context, e *AuditEvent) {
	o := obsFrom(ctx)
	span := o.spanOf()
	switch e.Type {
	case AuditSignIn:
		a.tel.SignInSucceeded(ctx)
		span.User(e.UserID)
		span.Organization(e.OrganizationID)
		span.Connection(e.ConnectionID)
		span.SignInMethod(e.Method)
	case AuditSignInRefused:
		if e.Method == "refresh" || e.Method == "organization_switch" {
			return // counted as a refresh's outcome
		}
		byApp := o != nil && o.byApp
		a.tel.SignInFailed(ctx, e.Code, e.Status, byApp)
		span.SignInMethod(e.Method)
		if byApp {
			span.FailByApp(e.Code, e.Status)
		} else {
			span.Fail(e.Code, e.Status)
		}
	case AuditSignOut:
		a.tel.SignedOut(ctx)
		span.User(e.UserID)
		span.Organization(e.OrganizationID)
	}
}
