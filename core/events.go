package core

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ssokit/workosauth/core/events"
	"github.com/ssokit/workosauth/core/store"
)

const (
	// eventClaimTTL is how long a handled event's ID is remembered: longer
	// than WorkOS retries a delivery (three days).
	eventClaimTTL = 4 * 24 * time.Hour
	// eventLeaseTTL is how long a claim holds before OnEvent has
	// returned: longer than OnEvent may take (WorkOS waits for the
	// answer), short enough that a lease whose answer was lost frees the
	// event for WorkOS's next delivery.
	eventLeaseTTL = time.Minute
)

// defaultEventMemory bounds the in-memory event log.
const defaultEventMemory = 10000

// memoryEventLog is the store.EventLog of one process: the last n events done,
// the leases running, and a cursor.
type memoryEventLog struct {
	mu     sync.Mutex
	done   map[string]struct{}
	leases map[string]time.Time // event ID -> lease expiry
	order  []string             // ring of the IDs in done, oldest at next
	next   int
	cursor string
	now    func() time.Time
}

func newMemoryEventLog(n int) *memoryEventLog {
	return &memoryEventLog{done: make(map[string]struct{}, n), leases: map[string]time.Time{}, order: make([]string, 0, n), now: time.Now}
}

// Claim implements store.EventLog.
func (m *memoryEventLog) Claim(_ context.Context, id string, ttl time.Duration) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.done[id]; ok {
		return false, nil
	}
	now := m.now()
	if until, ok := m.leases[id]; ok && now.Before(until) {
		return false, store.ErrEventInProgress
	}
	if len(m.leases) >= cap(m.order) { // bounded as done is: drop expired leases
		for k, until := range m.leases {
			if !now.Before(until) {
				delete(m.leases, k)
			}
		}
	}
	m.leases[id] = now.Add(ttl)
	return true, nil
}

// Done implements store.EventLog; ttl is ignored: the oldest ID is forgotten
// once the log is full.
func (m *memoryEventLog) Done(_ context.Context, id string, _ time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.leases, id)
	if _, ok := m.done[id]; ok {
		return nil
	}
	m.done[id] = struct{}{}
	if len(m.order) < cap(m.order) {
		m.order = append(m.order, id)
		return nil
	}
	delete(m.done, m.order[m.next])
	m.order[m.next] = id
	m.next = (m.next + 1) % len(m.order)
	return nil
}

// Release implements store.EventLog.
func (m *memoryEventLog) Release(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.leases, id)
	return nil
}

// Cursor implements store.EventLog.
func (m *memoryEventLog) Cursor(context.Context) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.cursor, nil
}

// SetCursor implements store.EventLog.
func (m *memoryEventLog) SetCursor(_ context.Context, c string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cursor = c
	return nil
}

// eventBefore is the time a revocation for e counts from: sessions signed
// in at or before it end. It is when WorkOS recorded the event (to the
// end of its second when WorkOS gave whole seconds), never later than
// now, so that a delivery repeated after the user was re-activated and
// signed in again does not end the new session; now when the event has
// no time.
func eventBefore(e *events.Event, now time.Time) time.Time {
	t := e.CreatedAt
	if t.IsZero() {
		return now
	}
	if e.Coarse {
		t = t.Add(time.Second - time.Millisecond)
	}
	if t.After(now) {
		return now
	}
	return t
}

// eventMatches returns what e ends: the sessions its user, connection or
// organization selects. A directory user is matched by idp_id and by each
// email, always within the event's organization: never across
// organizations (an event without an organization matches nothing).
func eventMatches(e *events.Event) []Match {
	switch e.Type {
	case events.DirectoryUserUpdated:
		if e.DirectoryUser == nil || e.DirectoryUser.State == "" || e.DirectoryUser.State == "active" {
			return nil
		}
		return userMatches(e.DirectoryUser)
	case events.DirectoryUserDeleted, events.DirectoryGroupUserRemoved:
		if e.DirectoryUser == nil {
			return nil
		}
		return userMatches(e.DirectoryUser)
	case events.ConnectionDeactivated, events.ConnectionDeleted:
		if e.Connection != nil {
			return []Match{MatchConnection(e.Connection.ID)}
		}
	case events.OrganizationDeleted:
		if e.Organization != nil {
			return []Match{MatchOrganization(e.Organization.ID)}
		}
	}
	return nil
}

func userMatches(u *events.DirectoryUser) []Match {
	org := u.OrganizationID
	ms := []Match{MatchIdentity(org, u.IdpID)}
	for _, addr := range u.Addresses() {
		ms = append(ms, MatchEmail(org, addr))
	}
	return ms
}

// errEventLog: the event log could not be asked; the event should be
// offered again later.
var errEventLog = errors.New("workosauth: event log")

// errOnEvent: Config.Events.OnEvent failed; its lease is given back, so that the
// event, offered again, runs it again.
var errOnEvent = errors.New("workosauth: OnEvent failed")

// handleEvent acts on a verified event: it ends the sessions the event
// selects (idempotent: a repeated event ends the same sessions), then,
// once per event ID, calls Config.Events.OnEvent. An error means the event should
// be offered again: the revocations or the event log failed, another
// delivery of it is being handled (store.ErrEventInProgress), or OnEvent failed
// (errOnEvent).
func (a *Auth) handleEvent(ctx context.Context, e *events.Event) error {
	if ms := append(eventMatches(e), a.mode.eventMatches(e)...); len(ms) > 0 {
		if err := a.RevokeMatching(ctx, eventBefore(e, a.now()), ms...); err != nil {
			return fmt.Errorf("workosauth: event %s (%s): %w", e.ID, e.Type, err)
		}
	}
	if a.cfg.Events.OnEvent == nil {
		return nil
	}
	ctx = ctxOrBackground(ctx)
	first, err := a.claim(ctx, e.ID)
	if err != nil || !first {
		return err
	}
	if err := a.cfg.Events.OnEvent(ctx, *e); err != nil {
		a.log.Warn("workosauth: OnEvent failed; the event is offered again", "event_id", e.ID, "event", e.Type, "error", err)
		a.eventFailed(ctx, e.ID)
		return fmt.Errorf("%w: event %s: %w", errOnEvent, e.ID, err)
	}
	a.eventDone(ctx, e.ID)
	return nil
}

// claim takes a lease on event id: in this process first (no round trip
// for a repeat, and never two deliveries at once here), then in the
// shared event log, if any. false and nil: the event is done.
func (a *Auth) claim(ctx context.Context, id string) (bool, error) {
	if first, err := a.seen.Claim(ctx, id, eventLeaseTTL); !first {
		return false, err
	}
	if a.events == nil {
		return true, nil
	}
	first, err := a.events.Claim(ctx, id, eventLeaseTTL)
	switch {
	case err == nil && !first:
		_ = a.seen.Done(ctx, id, eventClaimTTL)
	case errors.Is(err, store.ErrEventInProgress):
		_ = a.seen.Release(ctx, id)
	case err != nil:
		// Perhaps the lease landed and its answer was lost: it expires,
		// and the event is claimed at a later delivery.
		_ = a.seen.Release(ctx, id)
		return false, fmt.Errorf("%w: %w", errEventLog, err)
	}
	return first, err
}

// eventDone records event id handled. A failure is logged: OnEvent ran,
// and the delivery is answered 200 so that it is not offered again; the
// lease expires.
func (a *Auth) eventDone(ctx context.Context, id string) {
	_ = a.seen.Done(ctx, id, eventClaimTTL)
	if a.events != nil {
		if err := a.events.Done(ctx, id, eventClaimTTL); err != nil {
			a.log.Warn("workosauth: an event handled could not be recorded as such; another delivery of it within a minute is refused, a later one runs OnEvent again", "event_id", id, "error", err)
		}
	}
}

// eventFailed gives back the lease of event id, so that it is handled
// again when offered again. A failure is logged: the lease expires.
func (a *Auth) eventFailed(ctx context.Context, id string) {
	_ = a.seen.Release(ctx, id)
	if a.events != nil {
		if err := a.events.Release(ctx, id); err != nil {
			a.log.Warn("workosauth: the claim of an event OnEvent failed on could not be given back; it expires", "event_id", id, "error", err)
		}
	}
}
