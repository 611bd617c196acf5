package core

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/ssokit/workosauth/core/events"
	"github.com/ssokit/workosauth/core/internal/webhook"
	"github.com/ssokit/workosauth/core/internal/workosapi"
	"github.com/ssokit/workosauth/core/store"
)

// PollOptions configure [Auth.PollEvents]. The zero value is ready to use.
type PollOptions struct {
	// Interval is the wait between two polls once the poller has caught
	// up. Default: 5 seconds.
	Interval time.Duration
	// Events are event types to ask for besides those workosauth acts on
	// (events.Handled), for
	// Config.Events.OnEvent. Default: none.
	Events []string
	// Since is where to start when no cursor is stored yet. Default: the
	// start of the second PollEvents is called in (WorkOS keeps 30 days
	// of events).
	Since time.Time
	// MaxBackoff bounds the wait after a failure (WorkOS unreachable, the
	// event log down); waits double from one second up to it. Default: 1
	// minute.
	MaxBackoff time.Duration
}

// Defaults of PollOptions.
const (
	defaultPollInterval   = 5 * time.Second
	defaultPollMaxBackoff = time.Minute
)

// PollEvents follows WorkOS's Events API (GET /events, with the API key)
// for apps that cannot receive webhooks, and handles each event exactly
// as a webhook delivery: the sessions it ends end everywhere, and
// Config.Events.OnEvent is called once per event ID across every instance that
// shares [EventConfig.Log]. The cursor (the last event handled) is kept in
// the event log, so that a restarted or other instance carries on from
// there; without a shared one it is kept in this process. Instances that
// share the cursor skip what another handled, so they must share
// revocations too ([SessionConfig.Revocations]; the Redis store is both): the
// instance that handles an event ends its sessions on all of them.
//
// It polls every Interval once caught up (at once while pages are full),
// backs off on failures, and returns ctx.Err() when ctx ends. Run it in
// its own goroutine, on one instance or on all of them.
func (a *Auth) PollEvents(ctx context.Context, opts PollOptions) error {
	if opts.Interval <= 0 {
		opts.Interval = defaultPollInterval
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = defaultPollMaxBackoff
	}
	if opts.Since.IsZero() {
		opts.Since = a.now().Truncate(time.Second) // an event of this very millisecond is not missed
	}
	types := events.Handled()
	for _, t := range opts.Events {
		if t != "" && !slices.Contains(types, t) {
			types = append(types, t)
		}
	}
	log := a.cursorLog()
	backoff := time.Duration(0)
	for {
		full, err := a.observedPoll(ctx, log, types, opts.Since)
		wait := opts.Interval
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case err != nil:
			backoff = min(max(2*backoff, time.Second), opts.MaxBackoff)
			wait = backoff
			a.log.Warn("workosauth: polling WorkOS events failed; trying again", "in", wait, "error", err)
		case full:
			backoff, wait = 0, 0
		default:
			backoff = 0
		}
		if wait > 0 {
			if err := sleepCtx(ctx, wait); err != nil {
				return err
			}
		}
	}
}

// pollLimit is the page size asked of the Events API.
const pollLimit = 100

// pollOnce handles one page of events from the stored cursor and stores
// the new one. full says the page was full: more may be waiting.
func (a *Auth) pollOnce(ctx context.Context, log store.EventLog, types []string, since time.Time) (full bool, err error) {
	cursor, err := log.Cursor(ctx)
	if err != nil {
		return false, err
	}
	page, err := a.client.ListEvents(ctx, workosapi.EventsQuery{Events: types, After: cursor, RangeStart: since, Limit: pollLimit})
	if err != nil {
		return false, err
	}
	for _, raw := range page.Events {
		e, err := webhook.Decode(raw)
		if err != nil {
			// Skipped, so that one event workosauth cannot read does not
			// stop the stream; the log says which.
			a.log.Warn("workosauth: skipped an event from the Events API that is not a WorkOS event", "error", err)
			continue
		}
		if err := a.handleEvent(ctx, &e); err != nil {
			if errors.Is(err, errOnEvent) {
				continue // logged; a failing OnEvent never holds up the events behind it
			}
			return false, err // the cursor stays: the page is read again
		}
	}
	if page.After != "" && page.After != cursor {
		if err := log.SetCursor(ctx, page.After); err != nil {
			return false, err
		}
	}
	return len(page.Events) >= pollLimit, nil
}

// cursorLog is where the poller keeps its cursor: the shared event log,
// or this process's.
func (a *Auth) cursorLog() store.EventLog {
	if a.events != nil {
		return a.events
	}
	return a.seen
}
