package events

import (
	"encoding/json"
	"strings"
	"time"
)

// The JSON forms of the AuthKit objects, as WorkOS writes them. Reading
// is lenient where WorkOS's forms vary: a time that is absent, null or in
// another layout is zero rather than an error, so that an event is never
// refused for a field workosauth does not act on.

// UnmarshalJSON reads WorkOS's session object; its times may be RFC 3339
// or "2006-01-02 15:04:05.000" (UTC), null or absent.
func (s *Session) UnmarshalJSON(b []byte) error {
	type plain Session
	var w struct {
		plain
		ExpiresAt any `json:"expires_at"`
		EndedAt   any `json:"ended_at"`
		CreatedAt any `json:"created_at"`
		UpdatedAt any `json:"updated_at"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*s = Session(w.plain)
	s.ExpiresAt, s.EndedAt, s.CreatedAt, s.UpdatedAt = lenientTime(w.ExpiresAt), lenientTime(w.EndedAt), lenientTime(w.CreatedAt), lenientTime(w.UpdatedAt)
	return nil
}

// roleRef is a role as a membership names it.
type roleRef struct {
	Slug string `json:"slug"`
}

// membershipJSON is an organization membership's JSON form.
type membershipJSON struct {
	ID             string    `json:"id"`
	UserID         string    `json:"user_id"`
	OrganizationID string    `json:"organization_id"`
	Status         string    `json:"status"`
	Role           *roleRef  `json:"role"`
	Roles          []roleRef `json:"roles"`
}

// UnmarshalJSON reads WorkOS's organization_membership object.
func (m *OrganizationMembership) UnmarshalJSON(b []byte) error {
	var w membershipJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*m = OrganizationMembership{ID: w.ID, UserID: w.UserID, OrganizationID: w.OrganizationID, Status: w.Status}
	if w.Role != nil {
		m.Role = w.Role.Slug
	}
	for _, r := range w.Roles {
		m.Roles = append(m.Roles, r.Slug)
	}
	return nil
}

// MarshalJSON writes m in WorkOS's form.
func (m OrganizationMembership) MarshalJSON() ([]byte, error) {
	w := membershipJSON{ID: m.ID, UserID: m.UserID, OrganizationID: m.OrganizationID, Status: m.Status, Roles: []roleRef{}}
	if m.Role != "" {
		w.Role = &roleRef{Slug: m.Role}
	}
	for _, r := range m.Roles {
		w.Roles = append(w.Roles, roleRef{Slug: r})
	}
	return json.Marshal(w)
}

// lenientTime reads a WorkOS timestamp: RFC 3339, or "2006-01-02
// 15:04:05.999" in UTC; zero for anything else.
func lenientTime(v any) time.Time {
	s, ok := v.(string)
	if !ok {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999"} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t
		}
	}
	return time.Time{}
}
