package store

import (
	"context"
	"errors"
	"time"
)

// EventLog remembers, for every instance of an app, which WorkOS events
// have been handled and where the Events API poller stands, so that
// core.Config.Events.OnEvent runs once per event across the fleet.
// core.Config.Events.Log takes it; without one, core keeps an in-memory log
// in each process.
//
// An event is claimed in two steps, so that OnEvent runs once per event
// even when a call to the log fails or OnEvent does: Claim takes a short
// lease before OnEvent runs, Done records the event handled once it has
// returned, and Release gives the lease back when it failed (the event is
// delivered again). A lease whose answer was lost (the claim landed, its
// answer timed out) expires, and a later delivery claims it.
type EventLog interface {
	// Claim takes a lease on eventID for ttl unless the event is done or
	// leased already, and reports whether this call took it. It returns
	// false and nil for a done event, and false and an error wrapping
	// [ErrEventInProgress] while another lease on it runs. Taking the
	// lease is atomic: of concurrent claims, across instances, one wins.
	Claim(ctx context.Context, eventID string, ttl time.Duration) (bool, error)
	// Done records eventID handled, for ttl at least (core gives four
	// days: longer than WorkOS retries a delivery), in place of its lease.
	Done(ctx context.Context, eventID string, ttl time.Duration) error
	// Release drops this log's lease on eventID, if it still holds it,
	// so that the event can be claimed again. A lease that expired and
	// that another instance took since is left alone.
	Release(ctx context.Context, eventID string) error
	// Cursor returns the Events API cursor SetCursor stored last, or "".
	Cursor(ctx context.Context) (string, error)
	// SetCursor stores the Events API cursor, for every instance.
	SetCursor(ctx context.Context, cursor string) error
}

// ErrEventInProgress is what [EventLog.Claim] returns while another
// handler holds an unexpired lease on the event: it may yet fail, so core
// answers the delivery 503 and WorkOS delivers it again later.
var ErrEventInProgress = errors.New("workosauth: the event is being handled")
