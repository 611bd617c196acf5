package storetest

import (
	"context"
	"time"

	"github.com/ssokit/workosauth/core/store"
)

// memEvent is what a Memory knows of an event: done, or leased, until a
// time.
type memEvent struct {
	done  bool
	until time.Time
}

// Claim takes a lease on the event for ttl unless it is done or leased.
func (m *Memory) Claim(_ context.Context, eventID string, ttl time.Duration) (bool, error) {
	now := time.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.events[eventID]
	switch {
	case ok && now.Before(e.until) && e.done:
		return false, nil
	case ok && now.Before(e.until):
		return false, store.ErrEventInProgress
	}
	m.events[eventID] = memEvent{until: now.Add(ttl)}
	return true, nil
}

// Done records the event handled, for ttl.
func (m *Memory) Done(_ context.Context, eventID string, ttl time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.events[eventID] = memEvent{done: true, until: time.Now().Add(ttl)}
	return nil
}

// Release drops the lease on the event, if it is leased (not done).
func (m *Memory) Release(_ context.Context, eventID string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.events[eventID]; ok && !e.done {
		delete(m.events, eventID)
	}
	return nil
}

// Cursor returns the cursor SetCursor stored last, or "".
func (m *Memory) Cursor(context.Context) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.cursor, nil
}

// SetCursor stores the cursor.
func (m *Memory) SetCursor(_ context.Context, cursor string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cursor = cursor
	return nil
}
