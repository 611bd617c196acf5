package core

import (
	"encoding/json"
)

// Profile is a user's WorkOS SSO profile, with every field WorkOS sends,
// under WorkOS's JSON names.
//
// The profile that [ProfileFrom] returns shares its maps and slices with a
// cache of opened sessions: read them, do not modify them.
type Profile struct {
	// ID is the WorkOS profile ID (prof_...).
	ID string `json:"id"`
	// Email is the user's email address as the identity provider gave it.
	Email string `json:"email"`
	// FirstName, LastName and Name may be empty.
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Name      string `json:"name,omitempty"`
	// OrganizationID is the WorkOS organization (org_...); empty (null in
	// JSON) for OAuth provider sign-ins.
	OrganizationID string `json:"organization_id"`
	// ConnectionID and ConnectionType name the connection used
	// (conn_..., e.g. "OktaSAML", "GoogleOAuth").
	ConnectionID   string `json:"connection_id"`
	ConnectionType string `json:"connection_type"`
	// IdpID is the user's ID at the identity provider.
	IdpID string `json:"idp_id"`
	// Role is the user's role in the organization, if any.
	Role *Role `json:"role"`
	// Roles are all the user's roles, if WorkOS sent them.
	Roles []Role `json:"roles,omitempty"`
	// Permissions are the permission slugs of an AuthKit session's
	// organization membership (from its access token); empty for SSO.
	Permissions []string `json:"permissions,omitempty"`
	// Groups are the directory groups the identity provider sent.
	Groups []string `json:"groups"`
	// CustomAttributes are the attributes mapped in WorkOS.
	CustomAttributes map[string]any `json:"custom_attributes"`
	// RawAttributes are the identity provider's attributes as sent. WorkOS
	// sends {} for them from 2026-04-15; sessions do not keep them by
	// default.
	RawAttributes map[string]any `json:"raw_attributes,omitempty"`
}

// Role is a WorkOS role, named by its slug.
type Role struct {
	Slug string `json:"slug"`
}

// String is the role's slug, so that a Role, a *Role and a []Role print
// as slugs ("admin", "[admin member]"); fmt prints a nil *Role as <nil>.
func (r Role) String() string { return r.Slug }

// MarshalJSON writes organization_id as null when empty, as WorkOS does,
// and groups and custom_attributes as [] and {} rather than null.
func (p Profile) MarshalJSON() ([]byte, error) {
	type plain Profile
	out := struct {
		plain
		OrganizationID *string `json:"organization_id"`
	}{plain: plain(p)}
	if p.OrganizationID != "" {
		out.OrganizationID = &p.OrganizationID
	}
	if out.Groups == nil {
		out.Groups = []string{}
	}
	if out.CustomAttributes == nil {
		out.CustomAttributes = map[string]any{}
	}
	return json.Marshal(out)
}

// HasRole reports whether the profile has the role slug, as its Role or
// among its Roles.
func (p *Profile) HasRole(slug string) bool {
	if p.Role != nil && p.Role.Slug == slug {
		return true
	}
	for _, r := range p.Roles {
		if r.Slug == slug {
			return true
		}
	}
	return false
}

// InGroup reports whether the profile lists the group.
func (p *Profile) InGroup(group string) bool {
	for _, g := range p.Groups {
		if g == group {
			return true
		}
	}
	return false
}

// defaultMapProfile keeps all but the raw attributes.
func defaultMapProfile(p Profile) Profile {
	p.RawAttributes = nil
	return p
}

// decodeProfile reads WorkOS's profile JSON; it requires an id.
func decodeProfile(raw []byte) (Profile, error) {
	var w struct {
		Profile
		OrganizationID *string `json:"organization_id"`
	}
	if err := json.Unmarshal(raw, &w); err != nil {
		return Profile{}, err
	}
	if w.OrganizationID != nil {
		w.Profile.OrganizationID = *w.OrganizationID
	}
	if w.ID == "" {
		return Profile{}, errNoProfileID
	}
	if w.Role != nil && w.Role.Slug == "" {
		w.Profile.Role = nil
	}
	return w.Profile, nil
}
