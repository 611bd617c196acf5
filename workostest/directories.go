package workostest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Directory is a Directory Sync directory of an organization: the users
// and groups the company's identity provider (Okta, Entra ID...) pushes
// to WorkOS. Changing it through the emulator's methods
// (DeleteDirectoryUser, SetDirectoryUserState, RemoveDirectoryUserFromGroup)
// records the dsync events WorkOS would, served by GET /events and
// delivered to the webhook endpoints.
type Directory struct {
	// ID is the directory ID ("directory_..."); derived from the
	// organization when empty.
	ID string
	// OrganizationID is the owning organization. Required.
	OrganizationID string
	// Name is the display name; derived when empty.
	Name string
	// Type is WorkOS's directory type; "okta scim v2.0" when empty.
	Type string
	// Users are the directory's users.
	Users []DirectoryUser
	// Groups are the directory's groups.
	Groups []DirectoryGroup
}

// DirectoryUser is a user of a Directory.
type DirectoryUser struct {
	// ID is the directory user ID ("directory_user_..."); derived from
	// the directory and email when empty.
	ID string
	// Email is the primary work email. Required.
	Email string
	// FirstName and LastName may be empty.
	FirstName, LastName string
	// IdpID is the user's ID at the identity provider; set it to the SSO
	// user's IdpID for the same person. Derived when empty.
	IdpID string
	// State is "active" (the default when empty), "inactive" or
	// "suspended".
	State string
	// Groups are the names of the directory groups the user is in.
	Groups []string
}

// DirectoryGroup is a group of a Directory.
type DirectoryGroup struct {
	// ID is the group ID ("directory_group_..."); derived when empty.
	ID string
	// Name is the group's name. Required.
	Name string
	// IdpID is the group's ID at the identity provider; derived when
	// empty.
	IdpID string
}

// normalizeDirectories fills in the directories' defaults and checks
// them against the organizations.
func normalizeDirectories(dirs []Directory, orgIDs map[string]bool, fail func(string, ...any)) []Directory {
	out := make([]Directory, 0, len(dirs))
	ids := map[string]bool{}
	for i, d := range dirs {
		where := "directory " + strconv.Itoa(i)
		if !orgIDs[d.OrganizationID] {
			fail("%s: unknown organization %q", where, d.OrganizationID)
		}
		if d.ID == "" {
			d.ID = derivedID("directory_", "directory", strconv.Itoa(i), d.OrganizationID)
		}
		if ids[d.ID] {
			fail("%s: duplicate directory ID %q", where, d.ID)
		}
		ids[d.ID] = true
		if d.Type == "" {
			d.Type = "okta scim v2.0"
		}
		if d.Name == "" {
			d.Name = d.Type
		}
		groups := make([]DirectoryGroup, 0, len(d.Groups))
		for j, g := range d.Groups {
			if g.Name == "" {
				fail("%s group %d: Name is required", where, j)
			}
			if g.ID == "" {
				g.ID = derivedID("directory_group_", d.ID, g.Name)
			}
			if g.IdpID == "" {
				g.IdpID = derivedIdpID(d.ID, "group", g.Name)
			}
			groups = append(groups, g)
		}
		d.Groups = groups
		users := make([]DirectoryUser, 0, len(d.Users))
		for j, u := range d.Users {
			uwhere := fmt.Sprintf("%s user %d", where, j)
			u.Email = strings.TrimSpace(u.Email)
			if !strings.Contains(u.Email, "@") {
				fail("%s: invalid email %q", uwhere, u.Email)
			}
			key := strings.ToLower(u.Email)
			if u.ID == "" {
				u.ID = derivedID("directory_user_", d.ID, key)
			}
			if u.IdpID == "" {
				u.IdpID = derivedIdpID(d.ID, key)
			}
			if u.State == "" {
				u.State = "active"
			}
			for _, g := range u.Groups {
				if !slices.ContainsFunc(d.Groups, func(dg DirectoryGroup) bool { return dg.Name == g }) {
					fail("%s: unknown group %q", uwhere, g)
				}
			}
			u.Groups = slices.Clone(u.Groups)
			users = append(users, u)
		}
		d.Users = users
		out = append(out, d)
	}
	return out
}

func cloneDirectory(d Directory) Directory {
	d.Groups = slices.Clone(d.Groups)
	users := make([]DirectoryUser, len(d.Users))
	for i, u := range d.Users {
		u.Groups = slices.Clone(u.Groups)
		users[i] = u
	}
	d.Users = users
	return d
}

// directoryUserJSON is WorkOS's directory_user object.
func (d *Directory) userJSON(u DirectoryUser, updatedAt string) map[string]any {
	groups := []any{}
	for _, name := range u.Groups {
		if i := slices.IndexFunc(d.Groups, func(g DirectoryGroup) bool { return g.Name == name }); i >= 0 {
			groups = append(groups, d.groupJSON(d.Groups[i], updatedAt))
		}
	}
	return map[string]any{
		"object": "directory_user", "id": u.ID, "directory_id": d.ID, "organization_id": d.OrganizationID,
		"idp_id": u.IdpID, "email": u.Email, "username": u.Email,
		"emails":     []any{map[string]any{"primary": true, "type": "work", "value": u.Email}},
		"first_name": nullable(u.FirstName), "last_name": nullable(u.LastName), "state": u.State,
		"groups": groups, "custom_attributes": map[string]any{}, "raw_attributes": map[string]any{},
		"created_at": fixedTimestamp, "updated_at": updatedAt,
	}
}

// groupJSON is WorkOS's directory_group object.
func (d *Directory) groupJSON(g DirectoryGroup, updatedAt string) map[string]any {
	return map[string]any{
		"object": "directory_group", "id": g.ID, "idp_id": g.IdpID, "directory_id": d.ID,
		"organization_id": d.OrganizationID, "name": g.Name, "raw_attributes": map[string]any{},
		"created_at": fixedTimestamp, "updated_at": updatedAt,
	}
}

// findDirectoryUser returns the directory and index of the user whose ID
// or email (any case) is idOrEmail. s.mu is held.
func (s *Server) findDirectoryUser(idOrEmail string) (*Directory, int, error) {
	for i := range s.seed.Directories {
		d := &s.seed.Directories[i]
		for j, u := range d.Users {
			if u.ID == idOrEmail || strings.EqualFold(u.Email, idOrEmail) {
				return d, j, nil
			}
		}
	}
	return nil, 0, fmt.Errorf("workostest: no directory user %q", idOrEmail)
}

// DeleteDirectoryUser removes a user (by ID or email) from their
// directory, as when IT deletes them in the identity provider, and
// records a dsync.user.deleted event (the user with state "inactive"),
// delivered to every webhook endpoint before it returns. The error
// reports an unknown user or a failed delivery; the event is recorded
// either way.
func (s *Server) DeleteDirectoryUser(idOrEmail string) (Event, error) {
	s.mu.Lock()
	d, j, err := s.findDirectoryUser(idOrEmail)
	if err != nil {
		s.mu.Unlock()
		return Event{}, err
	}
	u := d.Users[j]
	u.State = "inactive"
	data := d.userJSON(u, s.timestamp())
	d.Users = slices.Delete(d.Users, j, j+1)
	s.mu.Unlock()
	return s.RecordEvent("dsync.user.deleted", data)
}

// SetDirectoryUserState sets a directory user's state ("active",
// "inactive" or "suspended"), as when IT suspends or re-activates them,
// and records a dsync.user.updated event, delivered as DeleteDirectoryUser
// delivers.
func (s *Server) SetDirectoryUserState(idOrEmail, state string) (Event, error) {
	switch state {
	case "active", "inactive", "suspended":
	default:
		return Event{}, fmt.Errorf("workostest: unknown directory user state %q", state)
	}
	s.mu.Lock()
	d, j, err := s.findDirectoryUser(idOrEmail)
	if err != nil {
		s.mu.Unlock()
		return Event{}, err
	}
	d.Users[j].State = state
	data := d.userJSON(d.Users[j], s.timestamp())
	s.mu.Unlock()
	return s.RecordEvent("dsync.user.updated", data)
}

// RemoveDirectoryUserFromGroup takes a user (by ID or email) out of a
// group of their directory (by name or ID) and records a
// dsync.group.user_removed event, delivered as DeleteDirectoryUser
// delivers.
func (s *Server) RemoveDirectoryUserFromGroup(idOrEmail, group string) (Event, error) {
	s.mu.Lock()
	d, j, err := s.findDirectoryUser(idOrEmail)
	if err != nil {
		s.mu.Unlock()
		return Event{}, err
	}
	gi := slices.IndexFunc(d.Groups, func(g DirectoryGroup) bool { return g.Name == group || g.ID == group })
	if gi < 0 || !slices.Contains(d.Users[j].Groups, d.Groups[gi].Name) {
		s.mu.Unlock()
		return Event{}, fmt.Errorf("workostest: %s is not in group %q", idOrEmail, group)
	}
	u := &d.Users[j]
	u.Groups = slices.DeleteFunc(u.Groups, func(n string) bool { return n == d.Groups[gi].Name })
	now := s.timestamp()
	data := map[string]any{"directory_id": d.ID, "user": d.userJSON(*u, now), "group": d.groupJSON(d.Groups[gi], now)}
	s.mu.Unlock()
	return s.RecordEvent("dsync.group.user_removed", data)
}
