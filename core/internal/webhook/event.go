package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ssokit/workosauth/core/internal/workosapi"
)

// ErrBadEvent: the body is not a WorkOS event, or the data of an event
// workosauth acts on is not what WorkOS sends.
var ErrBadEvent = errors.New("webhook: not a WorkOS event")

// Event is a decoded WorkOS event: from a webhook delivery or from the
// Events API, which carry the same object.
type Event struct {
	// ID is the event's ID (event_...); never empty.
	ID string
	// Type is the event type, e.g. "dsync.user.deleted"; never empty.
	Type string
	// CreatedAt is when WorkOS recorded the event; zero when absent or
	// unreadable.
	CreatedAt time.Time
	// Coarse says CreatedAt was given to the second only: the event
	// happened within the second that starts at CreatedAt.
	Coarse bool
	// Data is the event's data, raw.
	Data json.RawMessage
	// Raw is the whole event, raw.
	Raw json.RawMessage

	// DirectoryUser is set for dsync.user.* and for
	// dsync.group.user_added and _removed.
	DirectoryUser *DirectoryUser
	// DirectoryGroup is set for dsync.group.*.
	DirectoryGroup *DirectoryGroup
	// Connection is set for connection.*.
	Connection *Connection
	// Organization is set for organization.*.
	Organization *Organization
}

// DirectoryUser is a Directory Sync user (object "directory_user"), as
// dsync.user.* and dsync.group.user_* events carry it.
type DirectoryUser struct {
	// ID is the directory user ID (directory_user_...).
	ID string `json:"id"`
	// DirectoryID is the directory (directory_...).
	DirectoryID string `json:"directory_id"`
	// OrganizationID is the organization whose directory it is (org_...):
	// the scope of every match workosauth makes from the event.
	OrganizationID string `json:"organization_id"`
	// IdpID is the user's ID at the identity provider: the idp_id of the
	// user's SSO profile too.
	IdpID string `json:"idp_id"`
	// Email is the primary email, when WorkOS sends it.
	Email string `json:"email"`
	// FirstName and LastName may be empty.
	FirstName string `json:"first_name"`
	// LastName: see FirstName.
	LastName string `json:"last_name"`
	// Username is the identity provider's username.
	Username string `json:"username"`
	// State is "active", "inactive" or "suspended" (more may appear).
	State string `json:"state"`
	// Emails are every email of the user.
	Emails []DirectoryEmail `json:"emails"`
	// CustomAttributes are the mapped attributes, as sent.
	CustomAttributes map[string]any `json:"custom_attributes"`
}

// DirectoryEmail is one of a DirectoryUser's emails.
type DirectoryEmail struct {
	// Value is the address.
	Value string `json:"value"`
	// Type is the kind of address, e.g. "work".
	Type string `json:"type"`
	// Primary marks the primary address.
	Primary bool `json:"primary"`
}

// Addresses returns the user's email addresses: Email and every one of
// Emails, without duplicates (compared without regard to case).
func (u *DirectoryUser) Addresses() []string {
	var out []string
	add := func(e string) {
		e = strings.TrimSpace(e)
		if e == "" {
			return
		}
		for _, o := range out {
			if strings.EqualFold(o, e) {
				return
			}
		}
		out = append(out, e)
	}
	add(u.Email)
	for _, e := range u.Emails {
		add(e.Value)
	}
	return out
}

// DirectoryGroup is a Directory Sync group (object "directory_group").
type DirectoryGroup struct {
	// ID is the group ID (directory_group_...).
	ID string `json:"id"`
	// DirectoryID is the directory (directory_...).
	DirectoryID string `json:"directory_id"`
	// OrganizationID is the organization whose directory it is.
	OrganizationID string `json:"organization_id"`
	// IdpID is the group's ID at the identity provider.
	IdpID string `json:"idp_id"`
	// Name is the group's name, as RequireGroup compares it.
	Name string `json:"name"`
}

// Connection is an SSO connection (object "connection"), as connection.*
// events carry it: the same object the Connections API returns.
type Connection = workosapi.Connection

// Organization is a WorkOS organization (object "organization"), as
// organization.* events carry it.
type Organization struct {
	// ID is the organization ID (org_...).
	ID string `json:"id"`
	// Name is the display name.
	Name string `json:"name"`
}

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
// (dsync.user.*, dsync.group.*, connection.*, organization.*) is
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
	if err := e.decodeData(); err != nil {
		return Event{}, fmt.Errorf("%w: %s data: %v", ErrBadEvent, e.Type, describe(err))
	}
	return e, nil
}

func (e *Event) decodeData() error {
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
		e.Connection = new(Connection)
		return json.Unmarshal(e.Data, e.Connection)
	case kind == "organization":
		e.Organization = new(Organization)
		return json.Unmarshal(e.Data, e.Organization)
	}
	return nil
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
