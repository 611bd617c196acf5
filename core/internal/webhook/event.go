package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ssokit/workosauth/core/events"
)

// ErrBadEvent: the body is not a WorkOS event, or the data of an event
// workosauth acts on is not what WorkOS sends.
var ErrBadEvent = errors.New("webhook: not a WorkOS event")

// The decoded forms: a webhook delivery and the Events API carry the same
// object.
type (
	// Event is a decoded WorkOS event.
	Event = events.Event
	// DirectoryUser is a Directory Sync user.
	DirectoryUser = events.DirectoryUser
	// DirectoryGroup is a Directory Sync group.
	DirectoryGroup = events.DirectoryGroup
)

// envelope is the event object on the wire.
type envelope struct {
	ID        string          `json:"id"`
	Event     string          `json:"event"`
	Data      json.RawMessage `json:"data"`
	CreatedAt any             `json:"created_at"`
}

// membership is the data of dsync.group.user_added and _removed.
type membership struct {
	DirectoryID string          `json:"directory_id"`
	User        *DirectoryUser  `json:"user"`
	Group       *DirectoryGroup `json:"group"`
}

var errNoMember = errors.New("user or group missing")

// maxIDLen bounds an event ID and type.
const maxIDLen = 256

// Decode reads one event: a JSON object with a non-empty id and event
// and an object as data. The data of the event types workosauth acts on
// (dsync.user.*, dsync.group.*, connection.*, organization.*, and
// AuthKit's session.*, user.*, organization_membership.* and role.*) is
// decoded into the typed fields; an error there is ErrBadEvent too.
func Decode(b []byte) (Event, error) {
	var env envelope
	if err := json.Unmarshal(b, &env); err != nil {
		return Event{}, fmt.Errorf("%w: %v", ErrBadEvent, describe(err))
	}
	switch {
	case env.ID == "" || len(env.ID) > maxIDLen || !printable(env.ID):
		return Event{}, fmt.Errorf("%w: no usable id", ErrBadEvent)
	case env.Event == "" || len(env.Event) > maxIDLen || !printable(env.Event):
		return Event{}, fmt.Errorf("%w: no usable event type", ErrBadEvent)
	case !isObject(env.Data):
		return Event{}, fmt.Errorf("%w: data is not an object", ErrBadEvent)
	}
	e := Event{ID: env.ID, Type: env.Event, Data: env.Data, Raw: json.RawMessage(bytes.Clone(b))}
	if s, ok := env.CreatedAt.(string); ok {
		e.CreatedAt, e.Coarse = parseTime(s)
	}
	if err := decodeData(&e); err != nil {
		return Event{}, fmt.Errorf("%w: %s data: %v", ErrBadEvent, e.Type, describe(err))
	}
	return e, nil
}

func decodeData(e *Event) error {
	kind, _, _ := strings.Cut(e.Type, ".")
	switch {
	case e.Type == "dsync.group.user_added" || e.Type == "dsync.group.user_removed":
		var m membership
		if err := json.Unmarshal(e.Data, &m); err != nil {
			return err
		}
		if m.User == nil || m.Group == nil {
			return errNoMember
		}
		e.DirectoryUser, e.DirectoryGroup = m.User, m.Group
	case strings.HasPrefix(e.Type, "dsync.user."):
		e.DirectoryUser = new(DirectoryUser)
		return json.Unmarshal(e.Data, e.DirectoryUser)
	case strings.HasPrefix(e.Type, "dsync.group."):
		e.DirectoryGroup = new(DirectoryGroup)
		return json.Unmarshal(e.Data, e.DirectoryGroup)
	case kind == "connection":
		e.Connection = new(events.Connection)
		return json.Unmarshal(e.Data, e.Connection)
	case kind == "organization":
		e.Organization = new(events.Organization)
		return json.Unmarshal(e.Data, e.Organization)
	}
	return decodeAuthKit(e, kind)
}

// parseTime reads WorkOS's timestamps: RFC 3339 ("2026-01-01T00:00:00.000Z")
// or, as some events show them, "2023-04-28 20:05:31.093" in UTC. coarse
// says there was no fraction of a second.
func parseTime(s string) (t time.Time, coarse bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, !strings.Contains(s, ".")
		}
	}
	return time.Time{}, false
}

func isObject(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && raw[0] == '{'
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// describe keeps a JSON error short and free of the body's content.
func describe(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("invalid JSON at offset %d", syn.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("field %q has the wrong type", typ.Field)
	case errors.Is(err, errNoMember):
		return err.Error()
	}
	return "invalid"
}
