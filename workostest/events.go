package workostest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Event is a WorkOS event the emulator recorded: served by GET /events and
// delivered to the webhook endpoints.
type Event struct {
	// ID is the event ID ("event_..."), in the order events were
	// recorded.
	ID string
	// Type is the event type, such as "dsync.user.deleted".
	Type string
	// CreatedAt is when the event was recorded, to the millisecond.
	CreatedAt time.Time
	// Data is the event's data object, as JSON.
	Data json.RawMessage
}

// MarshalJSON encodes e as WorkOS's event object.
func (e Event) MarshalJSON() ([]byte, error) {
	data := e.Data
	if len(data) == 0 {
		data = json.RawMessage("{}")
	}
	return json.Marshal(struct {
		Object    string          `json:"object"`
		ID        string          `json:"id"`
		Event     string          `json:"event"`
		Data      json.RawMessage `json:"data"`
		CreatedAt string          `json:"created_at"`
	}{"event", e.ID, e.Type, data, e.CreatedAt.UTC().Format(timestampLayout)})
}

// timestampLayout is WorkOS's timestamp format.
const timestampLayout = "2006-01-02T15:04:05.000Z07:00"

// timestamp is now in WorkOS's format.
func (s *Server) timestamp() string { return s.now().UTC().Format(timestampLayout) }

// webhookEndpoint is where recorded events are delivered.
type webhookEndpoint struct{ url, secret string }

// NewEvent returns an event of type typ with data (any value encodable as
// a JSON object), created now, with a fresh ID; it is not recorded. Use it
// to build deliveries for handler tests (WebhookRequest).
func NewEvent(typ string, data any) (Event, error) {
	raw, err := json.Marshal(data)
	if err != nil || len(raw) == 0 || raw[0] != '{' {
		return Event{}, fmt.Errorf("workostest: event data must be a JSON object (%v)", err)
	}
	return Event{ID: "event_01" + randomToken()[:24], Type: typ, CreatedAt: time.Now().Truncate(time.Millisecond), Data: raw}, nil
}

// RecordEvent records an event of type typ with data (a JSON object, such
// as WorkOS sends for that type) and delivers it to every webhook endpoint
// before it returns. The error reports bad data or a failed delivery (a
// transport error or a non-2xx answer); the event is recorded regardless.
func (s *Server) RecordEvent(typ string, data any) (Event, error) {
	s.mu.Lock()
	e, err := s.appendEvent(typ, data)
	endpoints := slices.Clone(s.webhookEndpoints)
	s.mu.Unlock()
	if err != nil {
		return Event{}, err
	}
	return e, deliverAll(context.Background(), endpoints, e)
}

// appendEvent records an event created now. s.mu is held.
func (s *Server) appendEvent(typ string, data any) (Event, error) {
	e, err := NewEvent(typ, data)
	if err != nil {
		return Event{}, err
	}
	e.CreatedAt = s.now().Truncate(time.Millisecond)
	if len(s.events) >= maxEvents {
		s.events = append(s.events[:0:0], s.events[len(s.events)-maxEvents+1:]...)
	}
	s.events = append(s.events, e)
	return e, nil
}

// deliverAll delivers e to each endpoint in turn and reports every
// failure (a transport error or a non-2xx answer).
func deliverAll(ctx context.Context, endpoints []webhookEndpoint, e Event) error {
	var errs []error
	for _, ep := range endpoints {
		if st, err := DeliverWebhook(ctx, ep.url, ep.secret, e); err != nil {
			errs = append(errs, err)
		} else if st < 200 || st > 299 {
			errs = append(errs, fmt.Errorf("workostest: webhook %s answered %d", ep.url, st))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("workostest: delivering %s: %v", e.ID, errs)
	}
	return nil
}

// Events returns the recorded events, oldest first.
func (s *Server) Events() []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.events)
}

// AddWebhookEndpoint makes the emulator deliver every event it records
// from now on to url, signed with secret, as WorkOS delivers to an
// endpoint set up in its dashboard.
func (s *Server) AddWebhookEndpoint(url, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webhookEndpoints = append(s.webhookEndpoints, webhookEndpoint{url, secret})
}

// SignWebhook returns the WorkOS-Signature header WorkOS sends with body,
// signed with secret at t: "t=<unix ms>, v1=<hex HMAC-SHA256 of
// "<t>.<body>">".
func SignWebhook(secret string, body []byte, t time.Time) string {
	ts := strconv.FormatInt(t.UnixMilli(), 10)
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + "."))
	m.Write(body)
	return "t=" + ts + ", v1=" + hex.EncodeToString(m.Sum(nil))
}

// WebhookRequest returns the POST WorkOS would make to deliver e to url,
// signed with secret at signedAt: for handler tests (httptest.NewRecorder)
// and for DeliverWebhook.
func WebhookRequest(url, secret string, e Event, signedAt time.Time) (*http.Request, error) {
	body, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("workostest: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "WorkOS Webhooks")
	req.Header.Set("WorkOS-Signature", SignWebhook(secret, body, signedAt))
	return req, nil
}

// DeliverWebhook POSTs e to url signed with secret, now, and returns the
// status the endpoint answered.
func DeliverWebhook(ctx context.Context, url, secret string, e Event) (int, error) {
	req, err := WebhookRequest(url, secret, e, time.Now())
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	res, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		return 0, fmt.Errorf("workostest: delivering %s: %w", e.ID, err)
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	return res.StatusCode, nil
}

// listEvents answers GET /events: events[] (required, one or more types),
// organization_id, range_start and range_end (RFC 3339), limit (1 to 100,
// default 10) and after (an event ID), oldest first. list_metadata.after is
// the last event of the page, the cursor to ask from next; null on an
// empty page.
func (s *Server) listEvents(w http.ResponseWriter, r *http.Request) {
	if !s.authorizeAPI(w, r) {
		return
	}
	q := r.URL.Query()
	var types []string // events[]=a&events[]=b, events=a&events=b or events=a,b (the Node SDK)
	for _, v := range append(slices.Clone(q["events[]"]), q["events"]...) {
		types = append(types, strings.Split(v, ",")...)
	}
	if len(types) == 0 {
		writeValidationError(w, "events is required")
		return
	}
	limit := 10
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			writeValidationError(w, "limit must be an integer from 1 to 100")
			return
		}
		limit = n
	}
	var start, end time.Time
	for name, t := range map[string]*time.Time{"range_start": &start, "range_end": &end} {
		if v := q.Get(name); v != "" {
			parsed, err := time.Parse(time.RFC3339Nano, v)
			if err != nil {
				writeValidationError(w, name+" must be an ISO 8601 timestamp")
				return
			}
			*t = parsed
		}
	}
	org := q.Get("organization_id")
	after := q.Get("after")
	s.mu.Lock()
	events := slices.Clone(s.events)
	s.mu.Unlock()
	from := 0
	if after != "" {
		i := slices.IndexFunc(events, func(e Event) bool { return e.ID == after })
		if i < 0 {
			writeValidationError(w, "after is not an event ID")
			return
		}
		from = i + 1
	}
	page := []Event{}
	for _, e := range events[from:] {
		if len(page) == limit {
			break
		}
		if !slices.Contains(types, e.Type) || (!start.IsZero() && e.CreatedAt.Before(start)) || (!end.IsZero() && e.CreatedAt.After(end)) {
			continue
		}
		if org != "" && !bytes.Contains(e.Data, []byte(`"organization_id":"`+org+`"`)) {
			continue
		}
		page = append(page, e)
	}
	var meta listMetadata
	if len(page) > 0 {
		last := page[len(page)-1].ID
		meta.After = &last
	}
	writeJSON(w, http.StatusOK, listJSON[Event]{Object: "list", Data: page, ListMetadata: meta})
}
