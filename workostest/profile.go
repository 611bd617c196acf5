package workostest

import (
	"net/http"
	"strings"
)

// profileJSON is WorkOS's profile object.
type profileJSON struct {
	Object           string         `json:"object"`
	ID               string         `json:"id"`
	OrganizationID   *string        `json:"organization_id"`
	ConnectionID     string         `json:"connection_id"`
	ConnectionType   string         `json:"connection_type"`
	IdpID            string         `json:"idp_id"`
	Email            string         `json:"email"`
	FirstName        *string        `json:"first_name"`
	LastName         *string        `json:"last_name"`
	Name             *string        `json:"name"`
	Role             roleJSON       `json:"role"`
	Roles            []roleJSON     `json:"roles"`
	Groups           []string       `json:"groups"`
	CustomAttributes map[string]any `json:"custom_attributes"`
	RawAttributes    map[string]any `json:"raw_attributes"`
}

type roleJSON struct {
	Slug string `json:"slug"`
}

// newProfile returns the profile of a normalized user of conn.
func newProfile(conn Connection, u User) profileJSON {
	p := profileJSON{
		Object:           "profile",
		ID:               u.ID,
		OrganizationID:   nullable(conn.OrganizationID),
		ConnectionID:     conn.ID,
		ConnectionType:   conn.Type,
		IdpID:            u.IdpID,
		Email:            u.Email,
		FirstName:        nullable(u.FirstName),
		LastName:         nullable(u.LastName),
		Name:             nullable(strings.TrimSpace(u.FirstName + " " + u.LastName)),
		Role:             roleJSON{Slug: u.Role},
		Roles:            []roleJSON{},
		Groups:           append([]string{}, u.Groups...),
		CustomAttributes: u.CustomAttributes,
		RawAttributes:    u.RawAttributes,
	}
	for _, r := range u.Roles {
		p.Roles = append(p.Roles, roleJSON{Slug: r})
	}
	if p.CustomAttributes == nil {
		p.CustomAttributes = map[string]any{}
	}
	if p.RawAttributes == nil {
		p.RawAttributes = map[string]any{}
	}
	return p
}

// nullable returns nil for "" (JSON null), else &s.
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// profile answers GET /sso/profile: the profile of a Bearer access token.
func (s *Server) profile(w http.ResponseWriter, r *http.Request) {
	token, ok := bearer(r)
	var p *profileJSON
	if ok {
		now := s.now()
		s.mu.Lock()
		if sess := s.tokens[token]; sess != nil && !now.After(sess.expires) {
			p = &sess.profile
		}
		s.mu.Unlock()
	}
	if p == nil {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "Unauthorized"})
		return
	}
	writeJSON(w, http.StatusOK, p)
}
