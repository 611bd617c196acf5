package otelcheck

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core/internal/telemetry"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// recordedTexts is every text a run's telemetry holds: span names,
// statuses, attributes (of spans, events and links) and the attributes
// of every metric data point, exemplars included.
func recordedTexts(spans []sdktrace.ReadOnlySpan, rm metricdata.ResourceMetrics) []string {
	var out []string
	kvs := func(list []attribute.KeyValue) {
		for _, kv := range list {
			out = append(out, string(kv.Key), kv.Value.String())
		}
	}
	for _, s := range spans {
		out = append(out, s.Name(), s.Status().Description)
		kvs(s.Attributes())
		for _, e := range s.Events() {
			out = append(out, e.Name)
			kvs(e.Attributes)
		}
		for _, l := range s.Links() {
			kvs(l.Attributes)
		}
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			out = append(out, m.Name, m.Description, m.Unit)
			switch d := m.Data.(type) {
			case metricdata.Sum[int64]:
				for _, p := range d.DataPoints {
					kvs(p.Attributes.ToSlice())
					for _, e := range p.Exemplars {
						kvs(e.FilteredAttributes)
					}
				}
			case metricdata.Histogram[float64]:
				for _, p := range d.DataPoints {
					kvs(p.Attributes.ToSlice())
					for _, e := range p.Exemplars {
						kvs(e.FilteredAttributes)
					}
				}
			case metricdata.Gauge[int64]:
				for _, p := range d.DataPoints {
					kvs(p.Attributes.ToSlice())
				}
			}
		}
	}
	return out
}

// Over a whole run of every flow, with the secrets of a sign-in (the
// email, the code, the state, the cookie value, the tokens, the API key,
// the webhook secret) handed to every helper that takes a string, as a
// careless caller might, no attribute holds any of them, nor an "@";
// while the run's IDs, codes and event types are there.
func TestNoSecretInAnyAttribute(t *testing.T) {
	r := newRecorded(t)
	secrets := []string{
		"alice@acme.test",                                // an email
		"01HZCODE0123456789abcdef",                       // an authorization code
		"state_9f8e7d6c5b4a39281706",                     // a state
		"Fe26.2**0123456789abcdef**sealedcookie",         // a cookie value
		"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzAxIn0.s", // an access token
		"refresh_0123456789abcdefghij",                   // a refresh token
		"sk_test_0123456789abcdef",                       // the API key
		"whsec_0123456789abcdef",                         // a webhook secret
		"wos-session=Fe26.2**abc",                        // a Cookie header
	}
	ctx, server := r.tp.Tracer("otelhttp").Start(context.Background(), "GET /auth/callback")
	run := func(s string) {
		tel := r.tel
		_, span := tel.Start(ctx, telemetry.FlowSignIn)
		span.SignInMethod(s)
		span.Organization(s)
		span.Connection(s)
		span.User(s)
		span.Fail(s, 400)
		span.End()
		cctx, cb := tel.Start(ctx, telemetry.FlowCallback)
		callCtx, call := tel.StartWorkOSCall(cctx, telemetry.EndpointSSOToken)
		call.Answered(callCtx, time.Millisecond, answer(400, "req_01WORKOS"))
		call.End()
		cb.FailByApp(s, 403)
		cb.User("user_01ALICE")
		cb.Organization("org_01ACME")
		cb.End()
		tel.SignInFailed(ctx, s, 400, false)
		tel.SignInFailed(ctx, s, 403, true)
		tel.SignInSucceeded(ctx)
		tel.Guard(ctx, telemetry.GuardAllowed)
		tel.CacheLookup(ctx, true)
		for _, f := range []telemetry.Flow{telemetry.FlowSignOut, telemetry.FlowRefresh, telemetry.FlowOrganizationSwitch, telemetry.FlowWebhook, telemetry.FlowEventsPoll} {
			_, sp := tel.Start(ctx, f)
			sp.User(s)
			sp.Organization(s)
			sp.EventType(s)
			sp.Fail(s, 503)
			sp.End()
		}
		tel.Refresh(ctx, telemetry.RefreshPlain, telemetry.Refreshed)
		tel.RevocationPublished(ctx, telemetry.RevokeSession, telemetry.Published)
		tel.RevocationApplied(ctx, telemetry.RevokeMatch, telemetry.FromFeed, time.Now(), time.Now())
		tel.WebhookDelivery(ctx, s, telemetry.WebhookRetry, s)
		tel.WebhookDelivery(ctx, "dsync.user.deleted", telemetry.WebhookHandled, "")
	}
	for _, s := range secrets {
		run(s)
	}
	server.End()
	var rm metricdata.ResourceMetrics
	if err := r.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	texts := recordedTexts(r.spans.Ended(), rm)
	all := strings.Join(texts, "\n")
	for _, s := range secrets {
		for _, part := range []string{s, s[:12]} {
			if strings.Contains(all, part) {
				t.Errorf("an attribute holds %.12q…", part)
			}
		}
	}
	if strings.Contains(all, "@") {
		t.Error("an attribute holds an @")
	}
	// The run happened: its spans, IDs, codes and event types are there.
	for _, want := range []string{"workosauth.callback", "req_01WORKOS", "POST /sso/token", "user_01ALICE", "org_01ACME", "dsync.user.deleted", "_OTHER", "workosauth.revocations.applied"} {
		if !strings.Contains(all, want) {
			t.Errorf("the run's telemetry lacks %q", want)
		}
	}
	if n := len(r.spans.Ended()); n != len(secrets)*8+1 {
		t.Errorf("%d spans, want %d", n, len(secrets)*8+1)
	}
}
