package events

import "strings"

// Directory Sync event types workosauth acts on.
const (
	// DirectoryUserDeleted: a user was removed from a directory.
	DirectoryUserDeleted = "dsync.user.deleted"
	// DirectoryUserUpdated: a directory user changed; workosauth acts on
	// a State other than "active" (suspended, inactive).
	DirectoryUserUpdated = "dsync.user.updated"
	// DirectoryGroupUserRemoved: a user was removed from a group.
	DirectoryGroupUserRemoved = "dsync.group.user_removed"
)

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
	// FirstName may be empty.
	FirstName string `json:"first_name"`
	// LastName may be empty.
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
	// Name is the group's name, as core.RequireGroup compares it.
	Name string `json:"name"`
}
