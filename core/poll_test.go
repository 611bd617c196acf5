package core_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/events"
	"github.com/ssokit/workosauth/core/store"
	"github.com/ssokit/workosauth/workostest"
)

// sharedLog is a store.EventLog and a store.Feed shared by several Auths,
// as the Redis store is: the instance whose poller handles an event
// shares the revocations it makes with the others.
type sharedLog struct {
	mu        sync.Mutex
	claimed   map[string]string // "lease" or "done"
	cursor    string
	sets      int
	revs      []store.Revocation
	followers map[store.Follower]bool
}

func (l *sharedLog) Publish(_ context.Context, r store.Revocation) error {
	l.mu.Lock()
	l.revs = append(l.revs, r)
	fs := make([]store.Follower, 0, len(l.followers))
	for f := range l.followers {
		fs = append(fs, f)
	}
	l.mu.Unlock()
	for _, f := range fs {
		f.Revoked(r)
	}
	return nil
}

func (l *sharedLog) Follow(ctx context.Context, f store.Follower) error {
	l.mu.Lock()
	for _, r := range l.revs {
		f.Revoked(r)
	}
	if l.followers == nil {
		l.followers = map[store.Follower]bool{}
	}
	l.followers[f] = true
	l.mu.Unlock()
	f.Synced(true)
	<-ctx.Done()
	l.mu.Lock()
	delete(l.followers, f)
	l.mu.Unlock()
	return nil
}

func (l *sharedLog) Claim(_ context.Context, id string, _ time.Duration) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch l.claimed[id] {
	case "done":
		return false, nil
	case "lease":
		return false, store.ErrEventInProgress
	}
	l.claimed[id] = "lease"
	return true, nil
}

func (l *sharedLog) Done(_ context.Context, id string, _ time.Duration) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.claimed[id] = "done"
	return nil
}

func (l *sharedLog) Release(_ context.Context, id string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.claimed[id] == "lease" {
		delete(l.claimed, id)
	}
	return nil
}

func (l *sharedLog) Cursor(context.Context) (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.cursor, nil
}

func (l *sharedLog) SetCursor(_ context.Context, c string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.cursor, l.sets = c, l.sets+1
	return nil
}

func (l *sharedLog) get() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.cursor
}

// pollerApp is one instance: an Auth on the emulator, its guarded page,
// and a count of OnEvent calls per event ID shared with other instances.
type pollerApp struct {
	auth    *core.Auth
	guarded http.Handler
}

func newPollerApp(t *testing.T, emu *workostest.Server, log *sharedLog, calls *sync.Map) *pollerApp {
	t.Helper()
	cfg := core.Config{
		ClientID:       emu.ClientID,
		APIKey:         core.NewSecret(emu.APIKey),
		RedirectURI:    "http://127.0.0.1:8080/auth/callback",
		CookiePassword: core.NewSecret("a-password-of-at-least-32-characters!"),
		Logger:         slog.New(slog.NewTextHandler(t.Output(), nil)),
		WorkOS:         core.WorkOSConfig{BaseURL: emu.URL},
		Events: core.EventConfig{
			OnEvent: func(_ context.Context, e events.Event) error {
				n, _ := calls.LoadOrStore(e.ID, new(atomic.Int32))
				n.(*atomic.Int32).Add(1)
				return nil
			},
		},
	}
	if log != nil {
		cfg.Events.Log, cfg.Sessions.Revocations = log, log
	}
	auth, err := core.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { auth.Close() })
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	return &pollerApp{auth: auth, guarded: workoshttp.RequireWorkOS(auth)(ok)}
}

func (p *pollerApp) status(r *http.Request) int {
	rec := httptest.NewRecorder()
	p.guarded.ServeHTTP(rec, r.Clone(r.Context()))
	return rec.Code
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(1100 * time.Millisecond) // PollEvents starts from the start of its second
	}
}

func TestPollEventsSignsOutWithCursorAcrossAFleet(t *testing.T) {
	emu := workostest.NewServer(t, workostest.Options{})
	log := &sharedLog{claimed: map[string]string{}}
	calls := &sync.Map{}
	one, two := newPollerApp(t, emu, log, calls), newPollerApp(t, emu, log, calls)

	aliceProfile, _ := workostest.DemoProfile("alice@acme.test")
	bobProfile, _ := workostest.DemoProfile("bob@acme.test")
	alice := workostest.SignIn(one.auth, httptest.NewRequest("GET", "/dashboard", nil), aliceProfile)
	bob := workostest.SignIn(one.auth, httptest.NewRequest("GET", "/dashboard", nil), bobProfile)
	if one.status(alice) != 200 || one.status(bob) != 200 {
		t.Fatal("not signed in to begin with")
	}
	// An event from before the poller started is not replayed.
	if _, err := emu.RecordEvent("user.created", map[string]any{"id": "user_01OLD"}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond) // PollEvents starts from the start of its second

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for _, app := range []*pollerApp{one, two} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- app.auth.PollEvents(ctx, core.PollOptions{Interval: 10 * time.Millisecond, Events: []string{"user.created"}})
		}()
	}
	e, err := emu.DeleteDirectoryUser("alice@acme.test")
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "alice is signed out on instance one", func() bool { return one.status(alice) == 401 })
	waitFor(t, "alice is signed out on instance two", func() bool { return two.status(alice) == 401 })
	waitFor(t, "the cursor is the deletion", func() bool { return log.get() == e.ID })
	if one.status(bob) != 200 {
		t.Fatal("bob was signed out")
	}
	other, _ := emu.RecordEvent("user.created", map[string]any{"id": "user_01NEW"})
	waitFor(t, "the cursor moves on", func() bool { return log.get() == other.ID })
	cancel()
	wg.Wait()
	for range 2 {
		if err := <-errs; !errors.Is(err, context.Canceled) {
			t.Fatalf("PollEvents returned %v, want context.Canceled", err)
		}
	}
	count := func(id string) int32 {
		n, ok := calls.Load(id)
		if !ok {
			return 0
		}
		return n.(*atomic.Int32).Load()
	}
	if count(e.ID) != 1 || count(other.ID) != 1 {
		t.Fatalf("OnEvent calls across two pollers: deletion %d, user.created %d; want 1 each", count(e.ID), count(other.ID))
	}
	if emu.Events()[0].ID == e.ID || count(emu.Events()[0].ID) != 0 {
		t.Fatal("an event from before the poller started was handled")
	}

	// Alice, re-activated, signs in again: a poller restarted from the
	// stored cursor does not end her new session.
	again := workostest.SignIn(one.auth, httptest.NewRequest("GET", "/dashboard", nil), aliceProfile)
	ctx, cancel = context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	log.SetCursor(ctx, "") // even from the start of the stream
	one.auth.PollEvents(ctx, core.PollOptions{Interval: 10 * time.Millisecond, Since: time.Now().Add(-time.Hour)})
	if one.status(again) != 200 {
		t.Fatal("replaying the stream ended a session signed in after the removal")
	}
}

func TestPollEventsBacksOffAndRecovers(t *testing.T) {
	emu := workostest.NewServer(t, workostest.Options{})
	emu.InjectFault("/events", workostest.Fault{Status: 500, Times: 3})
	app := newPollerApp(t, emu, nil, &sync.Map{})
	alice := workostest.SignIn(app.auth, httptest.NewRequest("GET", "/dashboard", nil), must(workostest.DemoProfile("alice@acme.test")))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- app.auth.PollEvents(ctx, core.PollOptions{Interval: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond, Since: time.Now().Add(-time.Minute)})
	}()
	emu.SetDirectoryUserState("alice@acme.test", "suspended")
	waitFor(t, "alice is signed out despite WorkOS failing at first", func() bool { return app.status(alice) == 401 })
	if n := emu.Calls("/events"); n < 4 {
		t.Fatalf("%d calls to /events, want the 3 failures and more", n)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("PollEvents returned %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("PollEvents did not stop with its context")
	}
}

func must(p core.Profile, ok bool) core.Profile {
	if !ok {
		panic("no such demo profile")
	}
	return p
}
