package core

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ssokit/workosauth/core/internal/webhook"
)

// Event is a verified WorkOS event, from a webhook delivery
// ([Auth.Webhooks]) or from the Events API ([Auth.PollEvents]), as
// [Config.OnEvent] receives it: its ID, type (Type, e.g.
// "dsync.user.deleted"), CreatedAt, its data raw (Data) and the whole
// event raw (Raw), and typed data for the events workosauth acts on:
// DirectoryUser for dsync.user.* and dsync.group.user_added/_removed,
// DirectoryGroup for dsync.group.*, Connection for connection.*,
// Organization for organization.*.
type Event = webhook.Event

// DirectoryUser is a Directory Sync user as WorkOS's events carry it.
type DirectoryUser = webhook.DirectoryUser

// DirectoryEmail is one of a DirectoryUser's emails.
type DirectoryEmail = webhook.DirectoryEmail

// DirectoryGroup is a Directory Sync group as WorkOS's events carry it.
type DirectoryGroup = webhook.DirectoryGroup

// Connection is an SSO connection as WorkOS's connection events carry it.
type Connection = webhook.Connection

// Organization is an organization as WorkOS's organization events carry
// it.
type Organization = webhook.Organization

// The WorkOS event types workosauth acts on.
const (
	EventDirectoryUserDeleted      = "dsync.user.deleted"
	EventDirectoryUserUpdated      = "dsync.user.updated"
	EventDirectoryGroupUserRemoved = "dsync.group.user_removed"
	EventConnectionDeactivated     = "connection.deactivated"
	EventConnectionDeleted         = "connection.deleted"
	EventOrganizationDeleted       = "organization.deleted"
)

// HandledEvents returns the event types workosauth signs users out on;
// the poller asks the Events API for these (and PollOptions.Events).
func HandledEvents() []string {
	return []string{
		EventDirectoryUserDeleted, EventDirectoryUserUpdated, EventDirectoryGroupUserRemoved,
		EventConnectionDeactivated, EventConnectionDeleted, EventOrganizationDeleted,
	}
}

// EventLog remembers, for every instance of an app, which WorkOS events
// have been handled and where the Events API poller stands. Set one as
// [Config.EventLog]; a [SessionStore] that implements it (the Redis store
// does) is used by default.
type EventLog interface {
	// Claim records eventID for ttl and reports whether this call recorded
	// it: false when it was already claimed (by this instance or another).
	Claim(ctx context.Context, eventID string, ttl time.Duration) (bool, error)
	// Cursor returns the Events API cursor SetCursor stored, or "".
	Cursor(ctx context.Context) (string, error)
	// SetCursor stores the Events API cursor.
	SetCursor(ctx context.Context, cursor string) error
}

// eventClaimTTL is how long a handled event's ID is remembered: longer
// than WorkOS retries a delivery (three days).
const eventClaimTTL = 4 * 24 * time.Hour

// defaultEventMemory bounds the in-memory event log.
const defaultEventMemory = 10000

// memoryEventLog is the EventLog of one process: the last n event IDs and
// a cursor.
type memoryEventLog struct {
	mu     sync.Mutex
	seen   map[string]struct{}
	order  []string // ring of the IDs in seen, oldest at next
	next   int
	cursor string
}

func newMemoryEventLog(n int) *memoryEventLog {
	return &memoryEventLog{seen: make(map[string]struct{}, n), order: make([]string, 0, n)}
}

// Claim implements EventLog; ttl is ignored: the oldest ID is forgotten
// once the log is full.
func (m *memoryEventLog) Claim(_ context.Context, id string, _ time.Duration) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.seen[id]; ok {
		return false, nil
	}
	m.seen[id] = struct{}{}
	if len(m.order) < cap(m.order) {
		m.order = append(m.order, id)
		return true, nil
	}
	delete(m.seen, m.order[m.next])
	m.order[m.next] = id
	m.next = (m.next + 1) % len(m.order)
	return true, nil
}

// Cursor implements EventLog.
func (m *memoryEventLog) Cursor(context.Context) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.cursor, nil
}

// SetCursor implements EventLog.
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
func eventBefore(e *Event, now time.Time) time.Time {
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
func eventMatches(e *Event) []Match {
	switch e.Type {
	case EventDirectoryUserUpdated:
		if e.DirectoryUser == nil || e.DirectoryUser.State == "" || e.DirectoryUser.State == "active" {
			return nil
		}
		return userMatches(e.DirectoryUser)
	case EventDirectoryUserDeleted, EventDirectoryGroupUserRemoved:
		if e.DirectoryUser == nil {
			return nil
		}
		return userMatches(e.DirectoryUser)
	case EventConnectionDeactivated, EventConnectionDeleted:
		if e.Connection != nil {
			return []Match{MatchConnection(e.Connection.ID)}
		}
	case EventOrganizationDeleted:
		if e.Organization != nil {
			return []Match{MatchOrganization(e.Organization.ID)}
		}
	}
	return nil
}

func userMatches(u *DirectoryUser) []Match {
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

// handleEvent acts on a verified event: it ends the sessions the event
// selects (idempotent: a repeated event ends the same sessions), then,
// once per event ID, calls Config.OnEvent. An error means the event should
// be offered again: the revocations or the event log failed.
func (a *Auth) handleEvent(ctx context.Context, e *Event) error {
	if ms := eventMatches(e); len(ms) > 0 {
		if err := a.RevokeMatching(ctx, eventBefore(e, a.now()), ms...); err != nil {
			return fmt.Errorf("workosauth: event %s (%s): %w", e.ID, e.Type, err)
		}
	}
	if a.cfg.OnEvent == nil {
		return nil
	}
	first, err := a.claim(ctx, e.ID)
	if err != nil {
		return err
	}
	if !first {
		return nil
	}
	if err := a.cfg.OnEvent(ctx, *e); err != nil {
		a.log.Warn("workosauth: OnEvent failed", "event_id", e.ID, "event", e.Type, "error", err)
	}
	return nil
}

// claim reports whether this is the first time event id is handled: in
// this process first (no round trip for a repeat), then in the shared
// event log, if any.
func (a *Auth) claim(ctx context.Context, id string) (bool, error) {
	if first, _ := a.seen.Claim(ctx, id, eventClaimTTL); !first {
		return false, nil
	}
	if a.events == nil {
		return true, nil
	}
	first, err := a.events.Claim(ctxOrBackground(ctx), id, eventClaimTTL)
	if err != nil {
		a.seen.forget(id)
		return false, fmt.Errorf("%w: %w", errEventLog, err)
	}
	return first, nil
}

// forget drops id, so that the event is handled when it comes again.
func (m *memoryEventLog) forget(id string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.seen, id)
}
