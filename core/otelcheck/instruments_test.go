package otelcheck

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core/internal/telemetry"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

// Each instrument, fed what core will feed it, holds the documented name,
// kind, unit and data points.
func TestInstruments(t *testing.T) {
	r := newRecorded(t)
	ctx := context.Background()
	tel := r.tel
	now := time.Now()

	tel.SignInSucceeded(ctx)
	tel.SignInSucceeded(ctx)
	tel.SignInFailed(ctx, "no_sso", 404, false)
	tel.SignInFailed(ctx, "workos_unavailable", 502, false)
	tel.SignInFailed(ctx, "not_acme", 403, true)
	tel.SignInFailed(ctx, "made_up_by_a_client", 400, false)
	tel.SignedOut(ctx)

	for _, d := range []telemetry.GuardDecision{telemetry.GuardAllowed, telemetry.GuardAllowed, telemetry.GuardUnauthenticated,
		telemetry.GuardReauthenticate, telemetry.GuardInvalidToken, telemetry.GuardForbidden, telemetry.GuardUnavailable} {
		tel.Guard(ctx, d)
	}
	tel.CacheLookup(ctx, true)
	tel.CacheLookup(ctx, true)
	tel.CacheLookup(ctx, false)

	_, call := tel.StartWorkOSCall(ctx, telemetry.EndpointOrganizations)
	call.Answered(ctx, 30*time.Millisecond, answer(503, "req_1"))
	call.NoAnswer(ctx, time.Second, true)
	call.Answered(ctx, 20*time.Millisecond, answer(200, "req_2"))
	call.End()
	_, call = tel.StartWorkOSCall(ctx, telemetry.EndpointUserSessions)
	call.NoAnswer(ctx, time.Millisecond, false)
	call.End()

	tel.Refresh(ctx, telemetry.RefreshPlain, telemetry.Refreshed)
	tel.Refresh(ctx, telemetry.RefreshPlain, telemetry.RefreshEnded)
	tel.Refresh(ctx, telemetry.RefreshSwitch, telemetry.RefreshRefused)

	tel.RevocationPublished(ctx, telemetry.RevokeSession, telemetry.Published)
	tel.RevocationPublished(ctx, telemetry.RevokeMatch, telemetry.PublishUnavailable)
	tel.RevocationPublished(ctx, telemetry.RevokeSession, telemetry.PublishFailed)
	tel.RevocationApplied(ctx, telemetry.RevokeSession, telemetry.FromHere, now, now)
	tel.RevocationApplied(ctx, telemetry.RevokeSession, telemetry.FromFeed, now.Add(-40*time.Millisecond), now)
	tel.RevocationApplied(ctx, telemetry.RevokeMatch, telemetry.FromFeed, now.Add(time.Second), now) // a clock ahead: no delay
	tel.RevocationApplied(ctx, telemetry.RevokeMatch, telemetry.FromFeed, time.Time{}, now)          // from an older instance: no time

	tel.WebhookDelivery(ctx, "dsync.user.deleted", telemetry.WebhookHandled, "")
	tel.WebhookDelivery(ctx, "", telemetry.WebhookRejected, "bad_signature")
	tel.WebhookDelivery(ctx, "dsync.user.deleted", telemetry.WebhookRetry, "try_again")
	tel.WebhookDelivery(ctx, "user.created", telemetry.WebhookHandled, "")

	synced := true
	stop, err := tel.ObserveFeed(func() bool { return synced })
	if err != nil {
		t.Fatal(err)
	}

	server := "server.address=api.workos.test,server.port=8443"
	want := map[string]struct {
		kind, unit string
		points     []string
	}{
		"workosauth.sign_ins": {"counter", "{sign_in}", []string{
			"{error.type=_OTHER,workosauth.sign_in.outcome=refused}=1",
			"{error.type=no_sso,workosauth.sign_in.outcome=refused}=1",
			"{error.type=not_acme,workosauth.sign_in.outcome=refused}=1",
			"{error.type=workos_unavailable,workosauth.sign_in.outcome=error}=1",
			"{workosauth.sign_in.outcome=success}=2",
		}},
		"workosauth.sign_outs": {"counter", "{sign_out}", []string{"{}=1"}},
		"workosauth.guard.decisions": {"counter", "{decision}", []string{
			"{error.type=forbidden,workosauth.guard.decision=forbidden}=1",
			"{error.type=invalid_token,workosauth.guard.decision=unauthenticated}=1",
			"{error.type=reauthentication_required,workosauth.guard.decision=unauthenticated}=1",
			"{error.type=session_unavailable,workosauth.guard.decision=unavailable}=1",
			"{error.type=unauthenticated,workosauth.guard.decision=unauthenticated}=1",
			"{workosauth.guard.decision=allowed}=2",
		}},
		"workosauth.session_cache.lookups": {"counter", "{lookup}", []string{
			"{workosauth.session_cache.result=hit}=2",
			"{workosauth.session_cache.result=miss}=1",
		}},
		"http.client.request.duration": {"histogram", "s", []string{
			"{error.type=503,http.request.method=GET,http.response.status_code=503," + server + ",url.template=/organizations}=1",
			"{error.type=_OTHER,http.request.method=GET," + server + ",url.template=/user_management/users/{user_id}/sessions}=1",
			"{error.type=timeout,http.request.method=GET," + server + ",url.template=/organizations}=1",
			"{http.request.method=GET,http.response.status_code=200," + server + ",url.template=/organizations}=1",
		}},
		"workosauth.refreshes": {"counter", "{refresh}", []string{
			"{workosauth.refresh.kind=organization_switch,workosauth.refresh.outcome=refused}=1",
			"{workosauth.refresh.kind=refresh,workosauth.refresh.outcome=ended}=1",
			"{workosauth.refresh.kind=refresh,workosauth.refresh.outcome=refreshed}=1",
		}},
		"workosauth.revocations.published": {"counter", "{revocation}", []string{
			"{error.type=_OTHER,workosauth.revocation.kind=session}=1",
			"{error.type=unavailable,workosauth.revocation.kind=match}=1",
			"{workosauth.revocation.kind=session}=1",
		}},
		"workosauth.revocations.applied": {"counter", "{revocation}", []string{
			"{workosauth.revocation.kind=match,workosauth.revocation.source=feed}=2",
			"{workosauth.revocation.kind=session,workosauth.revocation.source=feed}=1",
			"{workosauth.revocation.kind=session,workosauth.revocation.source=local}=1",
		}},
		"workosauth.revocation.delay": {"histogram", "s", []string{
			"{workosauth.revocation.kind=match}=1",
			"{workosauth.revocation.kind=session}=1",
		}},
		"workosauth.webhook.deliveries": {"counter", "{delivery}", []string{
			"{error.type=bad_signature,workosauth.webhook.outcome=rejected}=1",
			"{error.type=try_again,workosauth.webhook.event_type=dsync.user.deleted,workosauth.webhook.outcome=retry}=1",
			"{workosauth.webhook.event_type=dsync.user.deleted,workosauth.webhook.outcome=handled}=1",
			"{workosauth.webhook.event_type=user.created,workosauth.webhook.outcome=handled}=1",
		}},
		"workosauth.revocation_feed.synced": {"gauge", "", []string{"{}=1"}},
	}
	check := func() {
		t.Helper()
		ms := r.metrics(t)
		for name, w := range want {
			m, ok := ms[name]
			if !ok {
				t.Errorf("%s: not recorded", name)
				continue
			}
			kind, ps := points(t, m)
			if kind != w.kind || m.Unit != w.unit || m.Description == "" {
				t.Errorf("%s: %s in %q (%q), want %s in %q with a description", name, kind, m.Unit, m.Description, w.kind, w.unit)
			}
			var got []string
			for _, p := range ps {
				got = append(got, p.String())
			}
			slices.Sort(w.points)
			if fmt.Sprint(got) != fmt.Sprint(w.points) {
				t.Errorf("%s:\n got %v\nwant %v", name, got, w.points)
			}
		}
		if len(ms) != len(want) {
			t.Errorf("%d instruments recorded, want %d", len(ms), len(want))
		}
	}
	check()

	// The feed out of sync reads 0; once the gauge is stopped, nothing.
	synced = false
	w := want["workosauth.revocation_feed.synced"]
	w.points = []string{"{}=0"}
	want["workosauth.revocation_feed.synced"] = w
	check()
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if _, ok := r.metrics(t)["workosauth.revocation_feed.synced"]; ok {
		t.Error("the feed's gauge still reports after stop")
	}
}

// The revocation delay is measured from when the revocation was made to
// when it was applied here, in seconds, with buckets from a millisecond
// to a minute; the WorkOS calls' durations in seconds with the semantic
// conventions' buckets.
func TestHistogramValues(t *testing.T) {
	r := newRecorded(t)
	ctx := context.Background()
	now := time.Now()
	r.tel.RevocationApplied(ctx, telemetry.RevokeSession, telemetry.FromFeed, now.Add(-250*time.Millisecond), now)
	_, call := r.tel.StartWorkOSCall(ctx, telemetry.EndpointSSOToken)
	call.Answered(ctx, 1500*time.Millisecond, answer(200, ""))
	call.End()
	ms := r.metrics(t)
	for name, w := range map[string]struct {
		sum    float64
		bounds []float64
	}{
		"workosauth.revocation.delay":  {0.25, []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}},
		"http.client.request.duration": {1.5, []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}},
	} {
		h, ok := ms[name].Data.(metricdata.Histogram[float64])
		if !ok || len(h.DataPoints) != 1 {
			t.Fatalf("%s: %#v", name, ms[name].Data)
		}
		p := h.DataPoints[0]
		if p.Count != 1 || p.Sum != w.sum || !slices.Equal(p.Bounds, w.bounds) {
			t.Errorf("%s: count %d sum %v bounds %v, want 1, %v, %v", name, p.Count, p.Sum, p.Bounds, w.sum, w.bounds)
		}
	}
}
