package workosapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// EventsQuery is one page request of GET /events.
type EventsQuery struct {
	// Events are the event types asked for; WorkOS requires one or more.
	Events []string
	// After is the cursor: the ID of the last event already seen.
	After string
	// RangeStart, when set and After is empty, asks for events created
	// since then.
	RangeStart time.Time
	// Limit is the page size, 1 to 100; 100 when zero.
	Limit int
}

// EventsPage is one page of GET /events.
type EventsPage struct {
	// Events are the raw event objects, oldest first.
	Events []json.RawMessage
	// After is the cursor to ask from next: list_metadata.after, or the
	// last event's ID when WorkOS gave none; "" for an empty page.
	After string
}

// ListEvents GETs one page of {base}/events?events[]=...&after=...&limit=...
// with the Bearer API key, retried as the other lookups are (see
// Config.WorkOS.MaxRetries), within Config.Timeout.
func (c *Client) ListEvents(ctx context.Context, q EventsQuery) (EventsPage, error) {
	if len(q.Events) == 0 {
		return EventsPage{}, invalidArgument("at least one event type is required")
	}
	v := url.Values{"events[]": q.Events, "order": {"asc"}}
	limit := q.Limit
	if limit <= 0 || limit > listPageLimit {
		limit = listPageLimit
	}
	v.Set("limit", strconv.Itoa(limit))
	if q.After != "" {
		v.Set("after", q.After)
	} else if !q.RangeStart.IsZero() {
		v.Set("range_start", q.RangeStart.UTC().Format(time.RFC3339Nano))
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	body, err := c.getWithRetry(ctx, "events", c.base+"/events?"+v.Encode())
	if err != nil {
		return EventsPage{}, err
	}
	events, after, err := decodeList[json.RawMessage](body)
	if err != nil {
		return EventsPage{}, fmt.Errorf("workosapi: events: %w", err)
	}
	for i, e := range events {
		if !isJSONObject(e) {
			return EventsPage{}, fmt.Errorf("workosapi: events: %w: event %d is not an object", ErrBadResponse, i)
		}
	}
	if after == "" && len(events) > 0 {
		var last struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(events[len(events)-1], &last); err != nil || last.ID == "" {
			return EventsPage{}, fmt.Errorf("workosapi: events: %w: last event has no id", ErrBadResponse)
		}
		after = last.ID
	}
	return EventsPage{Events: events, After: after}, nil
}
