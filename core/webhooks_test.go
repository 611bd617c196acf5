package core

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core/events"
	"github.com/ssokit/workosauth/core/internal/webhook"
	"github.com/ssokit/workosauth/core/store"
)

const (
	hookSecret    = "whsec_current_0123456789"
	oldHookSecret = "whsec_previous_0123456789"
)

// hookAuth is an Auth with webhook secrets, a clock of its own and an
// OnEvent that counts calls per event ID.
type hookAuth struct {
	*Auth
	clock *testClock
	calls sync.Map // event ID -> *atomic.Int32
	got   chan events.Event
}

func newHookAuth(t *testing.T, edit func(*Config)) *hookAuth {
	t.Helper()
	h := &hookAuth{clock: &testClock{t: time.Now().Truncate(time.Millisecond)}, got: make(chan events.Event, 100)}
	h.Auth = newTestAuth(t, func(c *Config) {
		c.Events.WebhookSecrets = secrets(hookSecret, oldHookSecret)
		c.Now = h.clock.now
		c.Events.OnEvent = func(_ context.Context, e events.Event) error {
			n, _ := h.calls.LoadOrStore(e.ID, new(atomic.Int32))
			n.(*atomic.Int32).Add(1)
			h.got <- e
			return nil
		}
		if edit != nil {
			edit(c)
		}
	})
	return h
}

func (h *hookAuth) hookCalls(id string) int32 {
	n, ok := h.calls.Load(id)
	if !ok {
		return 0
	}
	return n.(*atomic.Int32).Load()
}

// event builds an event body.
func event(id, typ string, createdAt time.Time, data any) []byte {
	b, _ := json.Marshal(map[string]any{"object": "event", "id": id, "event": typ, "data": data,
		"created_at": createdAt.UTC().Format("2006-01-02T15:04:05.000Z07:00")})
	return b
}

func directoryUser(org, idp, email, state string, aliases ...string) map[string]any {
	emails := []any{map[string]any{"primary": true, "type": "work", "value": email}}
	for _, a := range aliases {
		emails = append(emails, map[string]any{"primary": false, "type": "work", "value": a})
	}
	return map[string]any{"object": "directory_user", "id": "directory_user_01X", "directory_id": "directory_01X",
		"organization_id": org, "idp_id": idp, "email": email, "emails": emails, "state": state}
}

// deliver POSTs body signed with secret at signedAt and returns the answer.
func (h *hookAuth) deliver(body []byte, secret string, signedAt time.Time) *fakeExchange {
	x := newFake("POST", "/auth/webhooks")
	x.reqBody = body
	x.header.Set("Content-Type", "application/json")
	x.header.Set(webhook.HeaderName, webhook.Sign(secret, body, signedAt))
	h.serveAuth(x)
	return x
}

func (h *hookAuth) signIn(t *testing.T, p Profile) []*http.Cookie {
	t.Helper()
	return sessionCookiesFor(t, h.Auth, p)
}

func (h *hookAuth) signedIn(cs []*http.Cookie) bool {
	return h.session(newFake("GET", "/").withCookies(cs...)) != nil
}

func bob() Profile {
	p := alice()
	p.ID, p.Email, p.IdpID, p.FirstName = "prof_01BOB", "bob@acme.test", "idp_2", "Bob"
	return p
}

func TestWebhookRefusalsHaveNoEffect(t *testing.T) {
	h := newHookAuth(t, nil)
	cs := h.signIn(t, alice())
	h.clock.advance(time.Second)
	now := h.clock.now()
	body := event("event_01REFUSED", events.DirectoryUserDeleted, now, directoryUser("org_01ACME", "idp_1", "alice@acme.test", "inactive"))
	signed := func(secret string, at time.Time) string { return webhook.Sign(secret, body, at) }
	good := signed(hookSecret, now)
	cases := []struct {
		name   string
		method string
		header string
		body   []byte
		status int
	}{
		{"GET refused", "GET", good, body, 405},
		{"PUT refused", "PUT", good, body, 405},
		{"no signature", "POST", "", body, 400},
		{"malformed header", "POST", "v1=abc; t=1", body, 400},
		{"forged signature", "POST", strings.Split(good, ",")[0] + ", v1=" + strings.Repeat("ab", 32), body, 401},
		{"wrong secret", "POST", signed("whsec_someone_else", now), body, 401},
		{"stale timestamp", "POST", signed(hookSecret, now.Add(-3*time.Minute-time.Second)), body, 401},
		{"future timestamp", "POST", signed(hookSecret, now.Add(3*time.Minute+time.Second)), body, 401},
		{"body altered", "POST", good, []byte(strings.Replace(string(body), "idp_1", "idp_9", 1)), 401},
		{"oversize body", "POST", good, append(body, make([]byte, maxWebhookBytes)...), 413},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := newFake(c.method, "/auth/webhooks")
			x.reqBody = c.body
			if c.header != "" {
				x.header.Set(webhook.HeaderName, c.header)
			}
			h.serveAuth(x)
			if x.status != c.status || !strings.HasPrefix(x.resp.Get("Content-Type"), "application/json") {
				t.Fatalf("%s answered %d %s %q, want %d JSON", c.name, x.status, x.body, x.resp.Get("Content-Type"), c.status)
			}
			if !h.signedIn(cs) {
				t.Fatal("a delivery that did not verify signed alice out")
			}
			if n := h.hookCalls("event_01REFUSED"); n != 0 {
				t.Fatalf("OnEvent called %d times for a refused delivery", n)
			}
		})
	}
	// A signed body that is not an event: 400, no effect.
	x := h.deliver([]byte(`{"id":"","event":"x"}`), hookSecret, now)
	if x.status != 400 || !h.signedIn(cs) {
		t.Fatalf("signed non-event answered %d", x.status)
	}
}

func TestWebhookRouteNeedsSecret(t *testing.T) {
	a := newTestAuth(t, nil)
	x := newFake("POST", "/auth/webhooks")
	x.reqBody = []byte(`{}`)
	a.serveAuth(x)
	if x.status != http.StatusNotFound {
		t.Fatalf("without WebhookSecrets: %d, want 404", x.status)
	}
}

func TestWebhookUserDeletedSignsOutWithinOrganization(t *testing.T) {
	h := newHookAuth(t, nil)
	al, bo := h.signIn(t, alice()), h.signIn(t, bob())
	// Alice's twin in another organization: same idp_id, same email.
	twin := alice()
	twin.ID, twin.OrganizationID, twin.ConnectionID = "prof_01TWIN", "org_01GLOBEX", "conn_01GLOBEX"
	tw := h.signIn(t, twin)
	h.clock.advance(time.Second)

	x := h.deliver(event("event_01DEL", events.DirectoryUserDeleted, h.clock.now(), directoryUser("org_01ACME", "idp_1", "alice@acme.test", "inactive")), hookSecret, h.clock.now())
	if x.status != 200 || string(x.body) != `{"ok":true}` {
		t.Fatalf("delivery answered %d %s", x.status, x.body)
	}
	if h.signedIn(al) {
		t.Error("alice, deleted from Acme's directory, is still signed in")
	}
	if !h.signedIn(bo) {
		t.Error("bob lost his session")
	}
	if !h.signedIn(tw) {
		t.Error("the same idp_id and email in another organization was signed out")
	}
	// An event of another organization for the same idp_id and email
	// leaves Acme's alice alone.
	h2 := newHookAuth(t, nil)
	al2 := h2.signIn(t, alice())
	h2.clock.advance(time.Second)
	h2.deliver(event("event_01OTHER", events.DirectoryUserDeleted, h2.clock.now(), directoryUser("org_01GLOBEX", "idp_1", "alice@acme.test", "inactive")), hookSecret, h2.clock.now())
	if !h2.signedIn(al2) {
		t.Error("an event of Globex's directory signed out Acme's alice")
	}
	// Without organization_id nothing matches.
	h2.deliver(event("event_01NOORG", events.DirectoryUserDeleted, h2.clock.now(), directoryUser("", "idp_1", "alice@acme.test", "inactive")), hookSecret, h2.clock.now())
	if !h2.signedIn(al2) {
		t.Error("an event without organization signed alice out")
	}
}

func TestWebhookMatchesAnyEmailOfTheUser(t *testing.T) {
	h := newHookAuth(t, nil)
	al := h.signIn(t, alice())
	h.clock.advance(time.Second)
	// Another idp_id (a directory that is not the SSO provider), alice's
	// address among the secondary emails, in another case.
	h.deliver(event("event_01ALIAS", events.DirectoryUserDeleted, h.clock.now(), directoryUser("org_01ACME", "dir-77", "a.liddell@acme.test", "inactive", "ALICE@acme.test")), hookSecret, h.clock.now())
	if h.signedIn(al) {
		t.Error("alice matched by a secondary email is still signed in")
	}
}

func TestWebhookUserUpdated(t *testing.T) {
	for _, c := range []struct {
		state string
		out   bool
	}{{"active", false}, {"", false}, {"inactive", true}, {"suspended", true}} {
		t.Run("state="+c.state, func(t *testing.T) {
			h := newHookAuth(t, nil)
			al := h.signIn(t, alice())
			h.clock.advance(time.Second)
			x := h.deliver(event("event_01UPD", events.DirectoryUserUpdated, h.clock.now(), directoryUser("org_01ACME", "idp_1", "alice@acme.test", c.state)), hookSecret, h.clock.now())
			if x.status != 200 {
				t.Fatalf("answered %d", x.status)
			}
			if h.signedIn(al) == c.out {
				t.Fatalf("state %q: signed in = %v", c.state, !c.out)
			}
			if h.hookCalls("event_01UPD") != 1 {
				t.Fatal("OnEvent not called")
			}
		})
	}
}

func TestWebhookGroupConnectionOrganization(t *testing.T) {
	removed := map[string]any{"directory_id": "directory_01X",
		"user":  directoryUser("org_01ACME", "idp_1", "alice@acme.test", "active"),
		"group": map[string]any{"object": "directory_group", "id": "directory_group_01ENG", "organization_id": "org_01ACME", "name": "Engineering"}}
	for _, c := range []struct {
		typ      string
		data     any
		aliceOut bool
		bobOut   bool
		check    func(events.Event) bool
	}{
		{events.DirectoryGroupUserRemoved, removed, true, false, func(e events.Event) bool {
			return e.DirectoryGroup.Name == "Engineering" && e.DirectoryUser.IdpID == "idp_1"
		}},
		{events.ConnectionDeactivated, map[string]any{"object": "connection", "id": "conn_01ACME", "state": "inactive"}, true, true, func(e events.Event) bool { return e.Connection.ID == "conn_01ACME" }},
		{events.ConnectionDeleted, map[string]any{"object": "connection", "id": "conn_01OTHER"}, false, false, func(e events.Event) bool { return e.Connection != nil }},
		{events.OrganizationDeleted, map[string]any{"object": "organization", "id": "org_01ACME", "name": "Acme"}, true, true, func(e events.Event) bool { return e.Organization.Name == "Acme" }},
		{"dsync.user.created", directoryUser("org_01ACME", "idp_1", "alice@acme.test", "active"), false, false, func(e events.Event) bool { return e.DirectoryUser != nil }},
		{"user.created", map[string]any{"id": "user_01"}, false, false, func(e events.Event) bool { return string(e.Data) == `{"id":"user_01"}` && len(e.Raw) > 0 }},
	} {
		t.Run(c.typ, func(t *testing.T) {
			h := newHookAuth(t, nil)
			al, bo := h.signIn(t, alice()), h.signIn(t, bob())
			h.clock.advance(time.Second)
			if x := h.deliver(event("event_01"+c.typ, c.typ, h.clock.now(), c.data), hookSecret, h.clock.now()); x.status != 200 {
				t.Fatalf("answered %d %s", x.status, x.body)
			}
			if h.signedIn(al) == c.aliceOut || h.signedIn(bo) == c.bobOut {
				t.Fatalf("alice signed in %v (want %v), bob %v (want %v)", h.signedIn(al), !c.aliceOut, h.signedIn(bo), !c.bobOut)
			}
			select {
			case e := <-h.got:
				if e.Type != c.typ || !c.check(e) {
					t.Fatalf("OnEvent got %+v", e)
				}
			default:
				t.Fatal("OnEvent not called")
			}
		})
	}
}

func TestWebhookReplayIsHarmlessAndHookRunsOnce(t *testing.T) {
	h := newHookAuth(t, nil)
	al := h.signIn(t, alice())
	h.clock.advance(time.Second)
	deletedAt := h.clock.now()
	body := event("event_01ONCE", events.DirectoryUserDeleted, deletedAt, directoryUser("org_01ACME", "idp_1", "alice@acme.test", "inactive"))
	for i := range 3 {
		if x := h.deliver(body, hookSecret, h.clock.now()); x.status != 200 {
			t.Fatalf("delivery %d answered %d", i, x.status)
		}
	}
	if h.signedIn(al) {
		t.Fatal("alice still signed in")
	}
	if n := h.hookCalls("event_01ONCE"); n != 1 {
		t.Fatalf("OnEvent called %d times for one event ID, want 1", n)
	}
	// The directory re-activates alice; she signs in again. WorkOS (or
	// someone who captured it) repeats the old deletion within the
	// tolerance: her new session stays.
	h.clock.advance(2 * time.Second)
	again := h.signIn(t, alice())
	if !h.signedIn(again) {
		t.Fatal("alice cannot sign in again after the removal")
	}
	h.clock.advance(time.Second)
	if x := h.deliver(body, hookSecret, h.clock.now()); x.status != 200 {
		t.Fatalf("replay answered %d", x.status)
	}
	if !h.signedIn(again) {
		t.Fatal("a replayed deletion ended the session alice signed in after it")
	}
}

func TestWebhookPreviousSecretAccepted(t *testing.T) {
	h := newHookAuth(t, nil)
	al := h.signIn(t, alice())
	h.clock.advance(time.Second)
	x := h.deliver(event("event_01OLD", events.DirectoryUserDeleted, h.clock.now(), directoryUser("org_01ACME", "idp_1", "alice@acme.test", "inactive")), oldHookSecret, h.clock.now())
	if x.status != 200 || h.signedIn(al) {
		t.Fatalf("a delivery signed with the previous secret: %d, alice signed in %v", x.status, h.signedIn(al))
	}
}

// A sign-in that started before the removal and finished after it ends
// too: the session counts from the flow's start.
func TestWebhookRacesSignInInFlight(t *testing.T) {
	w := &workosStub{}
	clock := &testClock{t: time.Now().Truncate(time.Millisecond)}
	a := stubAuth(t, w, func(c *Config) { c.Events.WebhookSecrets = secrets(hookSecret); c.Now = clock.now })
	h := &hookAuth{Auth: a, clock: clock}

	q, fc, _ := start(t, a, "email=alice@acme.test")
	clock.advance(500 * time.Millisecond) // alice is at her identity provider
	x := h.deliver(event("event_01RACE", events.DirectoryUserDeleted, clock.now(), directoryUser("org_01ACME", "idp_1", "alice@acme.test", "inactive")), hookSecret, clock.now())
	if x.status != 200 {
		t.Fatalf("delivery answered %d", x.status)
	}
	clock.advance(500 * time.Millisecond)
	cb := callbackFor(q, nil, fc)
	a.serveAuth(cb)
	sc := cb.setCookie("wos-session")
	if sc != nil && a.session(newFake("GET", "/").withCookies(sc)) != nil {
		t.Fatal("a sign-in started before the removal and finished after it left a session")
	}
	// A sign-in started after the removal works.
	clock.advance(time.Second)
	q, fc, _ = start(t, a, "email=alice@acme.test")
	cb = callbackFor(q, nil, fc)
	a.serveAuth(cb)
	sc = cb.setCookie("wos-session")
	if sc == nil || a.session(newFake("GET", "/").withCookies(sc)) == nil {
		t.Fatal("a sign-in after the removal did not sign in")
	}
}

// flakyLog is an EventLog whose Claim fails while down is set.
type flakyLog struct {
	*memoryEventLog
	down atomic.Bool
}

func (f *flakyLog) Claim(ctx context.Context, id string, ttl time.Duration) (bool, error) {
	if f.down.Load() {
		return false, errors.New("redis: connection refused")
	}
	return f.memoryEventLog.Claim(ctx, id, ttl)
}

func TestWebhookEventLogFailureAsksForRedelivery(t *testing.T) {
	log := &flakyLog{memoryEventLog: newMemoryEventLog(10)}
	log.down.Store(true)
	h := newHookAuth(t, func(c *Config) { c.Events.Log = log })
	body := event("event_01LOG", "user.created", h.clock.now(), map[string]any{"id": "user_01"})
	if x := h.deliver(body, hookSecret, h.clock.now()); x.status != http.StatusServiceUnavailable {
		t.Fatalf("with the event log down: %d, want 503", x.status)
	}
	if h.hookCalls("event_01LOG") != 0 {
		t.Fatal("OnEvent called without a claim")
	}
	log.down.Store(false)
	for range 2 {
		if x := h.deliver(body, hookSecret, h.clock.now()); x.status != 200 {
			t.Fatalf("redelivery: %d", x.status)
		}
	}
	if n := h.hookCalls("event_01LOG"); n != 1 {
		t.Fatalf("OnEvent called %d times, want 1", n)
	}
	// Another instance sharing the log does not call its hook again.
	other := newHookAuth(t, func(c *Config) { c.Events.Log = log })
	other.deliver(body, hookSecret, other.clock.now())
	if other.hookCalls("event_01LOG") != 0 {
		t.Fatal("a second instance sharing the event log ran OnEvent again")
	}
}

func TestWebhookLogsNoSecrets(t *testing.T) {
	rl := &recordLogger{}
	h := newHookAuth(t, func(c *Config) {
		c.Logger = rl.slog()
		c.Events.OnEvent = func(context.Context, events.Event) error { return errors.New("app failed") }
	})
	body := event("event_01LOGS", "user.created", h.clock.now(), map[string]any{"id": "user_01"})
	x := h.deliver(body, hookSecret, h.clock.now())
	h.deliver([]byte(`{"not":"an event"}`), hookSecret, h.clock.now())
	if x.status != http.StatusServiceUnavailable {
		t.Fatalf("a failing OnEvent made the delivery answer %d, want 503 (delivered again)", x.status)
	}
	sig := webhook.Sign(hookSecret, body, h.clock.now())
	all := strings.Join(rl.lines, "\n") + h.String()
	for _, secret := range []string{hookSecret, oldHookSecret, sig[strings.Index(sig, "v1=")+3:]} {
		if strings.Contains(all, secret) {
			t.Fatalf("the log holds a secret or signature: %s", all)
		}
	}
	if !strings.Contains(all, "event_01LOGS") {
		t.Fatalf("the hook's failure is not logged: %q", all)
	}
}

func TestMemoryEventLogIsBounded(t *testing.T) {
	m := newMemoryEventLog(3)
	ctx := context.Background()
	for _, id := range []string{"a", "b", "c", "d"} {
		if ok, _ := m.Claim(ctx, id, time.Hour); !ok {
			t.Fatalf("%s claimed twice", id)
		}
		m.Done(ctx, id, time.Hour)
	}
	if ok, err := m.Claim(ctx, "d", time.Hour); ok || err != nil {
		t.Fatalf("d, done, claimed again: %v %v", ok, err)
	}
	if ok, _ := m.Claim(ctx, "a", time.Hour); !ok {
		t.Fatal("the oldest ID was not forgotten past the bound")
	}
	if len(m.done) != 3 {
		t.Fatalf("%d IDs kept, want 3", len(m.done))
	}
}

func TestMemoryEventLogLeases(t *testing.T) {
	m := newMemoryEventLog(10)
	now := time.Now()
	m.now = func() time.Time { return now }
	ctx := context.Background()
	if ok, err := m.Claim(ctx, "e", time.Minute); !ok || err != nil {
		t.Fatalf("first claim: %v %v", ok, err)
	}
	if ok, err := m.Claim(ctx, "e", time.Minute); ok || !errors.Is(err, store.ErrEventInProgress) {
		t.Fatalf("a claim of a leased event: %v %v, want store.ErrEventInProgress", ok, err)
	}
	m.Release(ctx, "e")
	if ok, _ := m.Claim(ctx, "e", time.Minute); !ok {
		t.Fatal("a released event was not claimed again")
	}
	now = now.Add(time.Minute) // the lease expires
	if ok, _ := m.Claim(ctx, "e", time.Minute); !ok {
		t.Fatal("an event whose lease expired was not claimed again")
	}
	m.Done(ctx, "e", time.Hour)
	now = now.Add(time.Hour)
	if ok, err := m.Claim(ctx, "e", time.Minute); ok || err != nil {
		t.Fatalf("a done event: %v %v", ok, err)
	}
}

// lostAnswerLog is an EventLog whose Claim, while lose is set, takes the
// lease and then fails, as a call to Redis whose answer timed out.
type lostAnswerLog struct {
	*memoryEventLog
	lose atomic.Bool
}

func (l *lostAnswerLog) Claim(ctx context.Context, id string, ttl time.Duration) (bool, error) {
	ok, err := l.memoryEventLog.Claim(ctx, id, ttl)
	if l.lose.Load() {
		return false, fmt.Errorf("%w: no answer in time", ErrStoreUnavailable)
	}
	return ok, err
}

func TestOnEventRunsOnceThroughFailures(t *testing.T) {
	// A claim that landed but whose answer was lost, then OnEvent failing
	// once: the event is offered again each time (503), and OnEvent runs
	// until it succeeds, then never again.
	log := &lostAnswerLog{memoryEventLog: newMemoryEventLog(10)}
	now := time.Now()
	log.now = func() time.Time { return now }
	var fail atomic.Bool
	h := newHookAuth(t, func(c *Config) {
		c.Events.Log = log
		count := c.Events.OnEvent
		c.Events.OnEvent = func(ctx context.Context, e events.Event) error {
			count(ctx, e)
			if fail.Load() {
				return errors.New("the app's database is down")
			}
			return nil
		}
	})
	body := event("event_01TWICE", "user.created", h.clock.now(), map[string]any{"id": "user_01"})
	deliver := func() int { return h.deliver(body, hookSecret, h.clock.now()).status }
	log.lose.Store(true)
	if st := deliver(); st != http.StatusServiceUnavailable {
		t.Fatalf("the claim's answer lost: %d, want 503", st)
	}
	log.lose.Store(false)
	if st := deliver(); st != http.StatusServiceUnavailable || h.hookCalls("event_01TWICE") != 0 {
		t.Fatalf("a redelivery while the lost lease holds: %d (%d calls), want 503 and no call", st, h.hookCalls("event_01TWICE"))
	}
	now = now.Add(eventLeaseTTL) // the lease expires
	fail.Store(true)
	if st := deliver(); st != http.StatusServiceUnavailable || h.hookCalls("event_01TWICE") != 1 {
		t.Fatalf("OnEvent failing: %d (%d calls), want 503 after one call", st, h.hookCalls("event_01TWICE"))
	}
	fail.Store(false)
	for range 3 {
		if st := deliver(); st != http.StatusOK {
			t.Fatalf("redelivery: %d", st)
		}
	}
	if n := h.hookCalls("event_01TWICE"); n != 2 {
		t.Fatalf("OnEvent called %d times, want 2 (the failure, then once)", n)
	}
}

// TestCacheHitConsultsNoRevocations: a guarded request whose session is
// in the cache never touches the revocation list, however many users the
// directory removed: with the list locked, it still answers.
func TestCacheHitConsultsNoRevocations(t *testing.T) {
	h := newHookAuth(t, nil)
	for i := range 1000 {
		h.RevokeMatching(t.Context(), h.clock.now(), MatchIdentity("org_01ACME", "gone-"+strings.Repeat("x", i%7)+string(rune('a'+i%26))))
	}
	cs := h.signIn(t, alice())
	if !h.signedIn(cs) { // opened and cached
		t.Fatal("not signed in")
	}
	h.revoked.mu.Lock()
	done := make(chan bool)
	go func() { done <- h.signedIn(cs) }()
	select {
	case ok := <-done:
		h.revoked.mu.Unlock()
		if !ok {
			t.Fatal("the cached session did not open")
		}
	case <-time.After(2 * time.Second):
		h.revoked.mu.Unlock()
		<-done
		t.Fatal("a cache hit waited on the revocation list")
	}
}

// chanFeed is a store.Feed within one process, standing in for the
// Redis store: Publish hands each revocation to every follower's goroutine.
type chanFeed struct {
	mu        sync.Mutex
	followers []chan store.Revocation
}

func (f *chanFeed) Publish(_ context.Context, r store.Revocation) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, ch := range f.followers {
		ch <- r
	}
	return nil
}

func (f *chanFeed) Follow(ctx context.Context, fl store.Follower) error {
	ch := make(chan store.Revocation, 64)
	f.mu.Lock()
	f.followers = append(f.followers, ch)
	f.mu.Unlock()
	fl.Synced(true)
	for {
		select {
		case <-ctx.Done():
			return nil
		case r := <-ch:
			fl.Revoked(r)
		}
	}
}

// Two instances sharing revocations: the one WorkOS delivers to and the
// one the user's requests reach. The user is refused on the other within
// a second (here, at once).
func TestWebhookEndsSessionsOnAnotherInstance(t *testing.T) {
	feed := &chanFeed{}
	a := newHookAuth(t, func(c *Config) { c.Sessions.Revocations = feed })
	b := newHookAuth(t, func(c *Config) { c.Sessions.Revocations = feed; c.Events.WebhookSecrets = nil })
	t.Cleanup(func() { a.Close(); b.Close() })
	al, bo := b.signIn(t, alice()), b.signIn(t, bob())
	a.clock.advance(time.Second)
	b.clock.advance(time.Second)
	if x := a.deliver(event("event_01FLEET", events.DirectoryUserDeleted, a.clock.now(), directoryUser("org_01ACME", "idp_1", "alice@acme.test", "inactive")), hookSecret, a.clock.now()); x.status != 200 {
		t.Fatalf("delivery to A: %d", x.status)
	}
	deadline := time.Now().Add(time.Second)
	for b.signedIn(al) {
		if time.Now().After(deadline) {
			t.Fatal("alice is still signed in on B a second after A took the delivery")
		}
		time.Sleep(time.Millisecond)
	}
	if !b.signedIn(bo) {
		t.Fatal("bob was signed out on B")
	}
}
