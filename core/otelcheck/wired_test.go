package otelcheck

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// ssoRun drives an SSO app through what the operations room wants to see:
// a sign-in, two guarded requests and an anonymous one, a sign-in the
// emulator cannot serve (no SSO for the domain), one OnSignIn refuses, a
// sign-out (a revocation the other instance learns from the feed), a
// webhook delivery that deprovisions a user and one with a bad signature,
// and one poll of the Events API.
func ssoRun(t *testing.T, rt router) *appRun {
	r := newAppRun(t, rt, false)
	r.want("GET", "/auth/signin?email=alice@acme.test&return_to=/api/me", nil, true, 200, "/api/me")
	r.want("GET", "/api/me", nil, true, 200, "/api/me")
	r.want("GET", "/auth/signin?email=zoe@nosso.test", nil, true, 404, "/auth/signin")
	r.want("POST", "/auth/signout", url.Values{}, false, 303, "/auth/signout")
	r.want("GET", "/api/me", nil, true, 401, "/api/me")
	r.want("GET", "/auth/signin?email=bob@acme.test", nil, true, 403, "/auth/callback")

	ev, err := r.emu.DeleteDirectoryUser("alice@acme.test")
	if err != nil {
		t.Fatal(err)
	}
	if status, err := workostest.DeliverWebhook(t.Context(), r.app+"/auth/webhooks", webhookSecret, ev); err != nil || status != 200 {
		t.Fatalf("webhook delivery: %d %v", status, err)
	}
	if status, err := workostest.DeliverWebhook(t.Context(), r.app+"/auth/webhooks", "whsec_not_the_secret", ev); err != nil || status != 401 {
		t.Fatalf("a delivery signed with another secret: %d %v, want 401", status, err)
	}
	r.waitApplied(t)
	r.pollOnce(t)
	return r
}

// authKitRun signs alice in through AuthKit, lets her access token
// expire (a refresh at the next request), and switches her organization.
func authKitRun(t *testing.T, rt router) *appRun {
	r := newAppRun(t, rt, true)
	signed := r.emu.AuthKitSignIn(r.auth, httptest.NewRequest("GET", "/", nil), "alice@acme.test", "org_01DEMOACME")
	u, _ := url.Parse(r.app)
	r.client.Jar.SetCookies(u, signed.Cookies())
	r.want("GET", "/api/me", nil, true, 200, "/api/me")
	r.clock.advance(6 * time.Minute)
	r.want("GET", "/api/me", nil, true, 200, "/api/me") // refreshed
	r.clock.advance(-6 * time.Minute)                   // the emulator's new tokens are valid again
	if _, err := r.emu.AddMembership("alice@acme.test", "org_01DEMOGLOBEX"); err != nil {
		t.Fatal(err)
	}
	r.want("POST", "/auth/switch-organization", url.Values{"organization_id": {"org_01DEMOGLOBEX"}, "return_to": {"/api/me"}}, true, 200, "/api/me")
	return r
}

// waitApplied waits until the second instance has applied a revocation
// from the feed (the sign-out's).
func (r *appRun) waitApplied(t *testing.T) {
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m, ok := r.rec.metrics(t)["workosauth.revocations.applied"]; ok {
			_, ps := points(t, m)
			for _, p := range ps {
				if strings.Contains(p.attrs, "source=feed") {
					return
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("the other instance applied no revocation from the feed within 10s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// pollOnce runs PollEvents until its first poll has ended.
func (r *appRun) pollOnce(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); r.auth.PollEvents(ctx, core.PollOptions{Interval: time.Hour}) }()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(10 * time.Second)
	for findSpan(r.rec.spans.Ended(), "workosauth.events.poll") == nil {
		if time.Now().After(deadline) {
			t.Fatal("no events.poll span within 10s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func findSpan(spans []sdktrace.ReadOnlySpan, name string) sdktrace.ReadOnlySpan {
	for _, s := range spans {
		if s.Name() == name {
			return s
		}
	}
	return nil
}

// spansWith are the ended spans named name whose attributes include
// every one of attrs ("k=v").
func spansWith(spans []sdktrace.ReadOnlySpan, name string, attrs ...string) []sdktrace.ReadOnlySpan {
	var out []sdktrace.ReadOnlySpan
	for _, s := range spans {
		if s.Name() != name {
			continue
		}
		have := "," + spanAttrs(s) + ","
		ok := true
		for _, a := range attrs {
			ok = ok && strings.Contains(have, ","+a+",")
		}
		if ok {
			out = append(out, s)
		}
	}
	return out
}

// byID finds the span with this ID.
func byID(spans []sdktrace.ReadOnlySpan, id trace.SpanID) sdktrace.ReadOnlySpan {
	for _, s := range spans {
		if s.SpanContext().SpanID() == id {
			return s
		}
	}
	return nil
}

// spanCheck is a span the run must have: its name and attributes, and
// the kind and name of its parent ("" for a root span).
type spanCheck struct {
	name   string
	attrs  []string
	kind   trace.SpanKind
	parent string // the parent's name; "server" for the request's server span
}

func checkSpans(t *testing.T, spans []sdktrace.ReadOnlySpan, checks []spanCheck) {
	t.Helper()
	for _, c := range checks {
		candidates := spansWith(spans, c.name, c.attrs...)
		if len(candidates) == 0 {
			var names []string
			for _, s := range spans {
				if s.Name() == c.name {
					names = append(names, spanAttrs(s))
				}
			}
			t.Errorf("no span %s with %v; those named so: %v", c.name, c.attrs, names)
			continue
		}
		var problems []string
		for _, s := range candidates {
			problem := spanProblem(spans, s, c)
			if problem == "" {
				problems = nil
				break
			}
			problems = append(problems, problem)
		}
		if problems != nil {
			t.Errorf("%s with %v: %s", c.name, c.attrs, strings.Join(problems, "; "))
		}
	}
}

// spanProblem is what is wrong with s as c's span, or "".
func spanProblem(spans []sdktrace.ReadOnlySpan, s sdktrace.ReadOnlySpan, c spanCheck) string {
	p := byID(spans, s.Parent().SpanID())
	switch {
	case s.SpanKind() != c.kind:
		return fmt.Sprintf("kind %s, want %s", s.SpanKind(), c.kind)
	case c.parent == "" && s.Parent().IsValid():
		return "a child span, want a root span"
	case c.parent == "":
		return ""
	case p == nil:
		return "no parent, want a child of " + c.parent
	case c.parent == "server" && p.SpanKind() != trace.SpanKindServer:
		return "a child of " + p.Name() + ", want the request's server span"
	case c.parent != "server" && p.Name() != c.parent:
		return "a child of " + p.Name() + ", want " + c.parent
	case p.SpanContext().TraceID() != s.SpanContext().TraceID():
		return "not in its parent's trace"
	}
	return ""
}

// checkPoints fails unless each metric holds the points (exact values);
// "≥" before a value asks at least that much.
func checkPoints(t *testing.T, r *appRun, want map[string][]string) {
	t.Helper()
	got := r.rec.metrics(t)
	for name, ws := range want {
		m, ok := got[name]
		if !ok {
			t.Errorf("no metric %s", name)
			continue
		}
		_, ps := points(t, m)
		var have []string
		for _, p := range ps {
			have = append(have, p.String())
		}
		for _, w := range ws {
			if !matchPoint(ps, w) {
				t.Errorf("%s: no point %s in %v", name, w, have)
			}
		}
	}
}

// matchPoint reports whether a point is "{attrs}=v", or "{attrs}≥v" and
// at least v.
func matchPoint(ps []point, w string) bool {
	attrs, min, atLeast := strings.Cut(w, "}≥")
	if !atLeast {
		return slices.ContainsFunc(ps, func(p point) bool { return p.String() == w })
	}
	attrs = strings.TrimPrefix(attrs, "{")
	least, err := strconv.ParseFloat(min, 64)
	return err == nil && slices.ContainsFunc(ps, func(p point) bool { return p.attrs == attrs && p.value >= least })
}

// Each flow's span, and a client span per WorkOS call under it, on each
// adapter: the flows' spans are children of the request's server span;
// the WorkOS calls of a flow are children of its span.
func TestWiredSpans(t *testing.T) {
	for _, rt := range routers {
		t.Run(rt.name, func(t *testing.T) {
			t.Parallel()
			sso := ssoRun(t, rt).rec.spans.Ended()
			in, cl := trace.SpanKindInternal, trace.SpanKindClient
			checkSpans(t, sso, []spanCheck{
				{"workosauth.sign_in", []string{"workosauth.sign_in.method=email"}, in, "server"},
				{"GET /organizations", []string{"http.response.status_code=200", "url.template=/organizations", "http.request.method=GET", "server.address=127.0.0.1"}, cl, "workosauth.sign_in"},
				{"workosauth.callback", []string{"user.id=prof_01DEMOALICE", "workosauth.organization.id=org_01DEMOACME", "workosauth.connection.id=conn_01DEMOACMEOKTA", "workosauth.sign_in.method=email"}, in, "server"},
				{"POST /sso/token", []string{"http.response.status_code=200", "url.template=/sso/token"}, cl, "workosauth.callback"},
				{"workosauth.sign_in", []string{"error.type=no_sso"}, in, "server"},
				{"workosauth.callback", []string{"error.type=not_acme"}, in, "server"},
				{"workosauth.sign_out", []string{"user.id=prof_01DEMOALICE", "workosauth.organization.id=org_01DEMOACME"}, in, "server"},
				{"workosauth.webhook", []string{"workosauth.webhook.event_type=dsync.user.deleted", "workosauth.webhook.outcome=handled"}, in, "server"},
				{"workosauth.webhook", []string{"workosauth.webhook.outcome=rejected", "error.type=bad_signature"}, in, "server"},
				{"workosauth.events.poll", nil, in, ""},
				{"GET /events", []string{"http.response.status_code=200", "url.template=/events"}, cl, "workosauth.events.poll"},
			})
			ak := authKitRun(t, rt).rec.spans.Ended()
			checkSpans(t, ak, []spanCheck{
				{"workosauth.refresh", []string{"user.id=user_01DEMOALICE", "workosauth.refresh.kind=refresh", "workosauth.refresh.outcome=refreshed"}, in, "server"},
				{"POST /user_management/authenticate", []string{"http.response.status_code=200"}, cl, "workosauth.refresh"},
				{"workosauth.organization_switch", []string{"workosauth.organization.id=org_01DEMOGLOBEX", "workosauth.refresh.kind=organization_switch", "workosauth.refresh.outcome=refreshed"}, in, "server"},
				{"POST /user_management/authenticate", []string{"http.response.status_code=200"}, cl, "workosauth.organization_switch"},
			})
		})
	}
}

// Each metric, on each adapter, after the same runs.
func TestWiredMetrics(t *testing.T) {
	for _, rt := range routers {
		t.Run(rt.name, func(t *testing.T) {
			t.Parallel()
			sso := ssoRun(t, rt)
			server := "server.address=127.0.0.1,server.port=" + strings.TrimPrefix(sso.emu.URL[strings.LastIndex(sso.emu.URL, ":"):], ":")
			checkPoints(t, sso, map[string][]string{
				"workosauth.sign_ins": {
					"{workosauth.sign_in.outcome=success}=1",
					"{error.type=no_sso,workosauth.sign_in.outcome=refused}=1",
					"{error.type=not_acme,workosauth.sign_in.outcome=refused}=1",
				},
				"workosauth.sign_outs": {"{}=1"},
				"workosauth.guard.decisions": {
					"{workosauth.guard.decision=allowed}=2",
					"{error.type=unauthenticated,workosauth.guard.decision=unauthenticated}=1",
				},
				"workosauth.session_cache.lookups": {"{workosauth.session_cache.result=hit}≥1"},
				"http.client.request.duration": {
					"{http.request.method=POST,http.response.status_code=200," + server + ",url.template=/sso/token}=2",
					"{http.request.method=GET,http.response.status_code=200," + server + ",url.template=/organizations}≥1",
					"{http.request.method=GET,http.response.status_code=200," + server + ",url.template=/events}≥1",
				},
				"workosauth.revocations.published": {
					"{workosauth.revocation.kind=session}=1",
					"{workosauth.revocation.kind=match}≥1",
				},
				"workosauth.revocations.applied": {
					"{workosauth.revocation.kind=session,workosauth.revocation.source=local}=1",
					"{workosauth.revocation.kind=session,workosauth.revocation.source=feed}=1",
				},
				"workosauth.revocation.delay": {"{workosauth.revocation.kind=session}≥1"},
				"workosauth.webhook.deliveries": {
					"{workosauth.webhook.event_type=dsync.user.deleted,workosauth.webhook.outcome=handled}=1",
					"{error.type=bad_signature,workosauth.webhook.outcome=rejected}=1",
				},
				"workosauth.revocation_feed.synced": {"{}=1"},
			})
			ak := authKitRun(t, rt)
			checkPoints(t, ak, map[string][]string{
				"workosauth.refreshes": {
					"{workosauth.refresh.kind=refresh,workosauth.refresh.outcome=refreshed}=1",
					"{workosauth.refresh.kind=organization_switch,workosauth.refresh.outcome=refreshed}=1",
				},
				"workosauth.guard.decisions": {"{workosauth.guard.decision=allowed}=3"}, // the switch lands on /api/me
			})
		})
	}
}

// Over whole runs on each adapter, no attribute of any span or metric
// holds a secret the run's exchanges carried (the API key, the cookie
// password, the webhook secret, every cookie value, code and state), nor
// an email address.
func TestWiredHygiene(t *testing.T) {
	for _, rt := range routers {
		t.Run(rt.name, func(t *testing.T) {
			t.Parallel()
			for _, r := range []*appRun{ssoRun(t, rt), authKitRun(t, rt)} {
				var rm = collect(t, r)
				all := strings.Join(recordedTexts(r.rec.spans.Ended(), rm), "\n")
				secrets := r.seen.list()
				if len(secrets) < 6 {
					t.Fatalf("only %d secrets seen: the run did not run", len(secrets))
				}
				for _, s := range secrets {
					if strings.Contains(all, s) {
						t.Errorf("an attribute holds a secret of the run: %.8q…", s)
					}
				}
				if strings.Contains(all, "@") {
					t.Error("an attribute holds an @")
				}
				if !strings.Contains(all, "user_01DEMOALICE") && !strings.Contains(all, "prof_01DEMOALICE") {
					t.Error("the run's telemetry lacks alice's ID: did it record anything?")
				}
			}
		})
	}
}
