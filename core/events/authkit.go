package events

import "time"

// AuthKit (User Management) event types workosauth acts on when
// core.Config.AuthKit is set.
const (
	// SessionRevoked: a WorkOS session was revoked (in the dashboard,
	// through the Sessions API, or by signing out); workosauth ends the
	// app's sessions and access tokens of that WorkOS session.
	SessionRevoked = "session.revoked"
	// UserDeleted: an AuthKit user was deleted; workosauth ends all of
	// the user's sessions.
	UserDeleted = "user.deleted"
	// OrganizationMembershipDeleted: a user was removed from an
	// organization; workosauth ends the user's sessions in it.
	OrganizationMembershipDeleted = "organization_membership.deleted"
	// OrganizationMembershipUpdated: a membership's role or status
	// changed; workosauth refreshes the user's sessions in the
	// organization at their next request (and ends them when the status
	// is not "active").
	OrganizationMembershipUpdated = "organization_membership.updated"
	// RoleUpdated: a role's permissions changed; workosauth refreshes the
	// sessions holding the role at their next request.
	RoleUpdated = "role.updated"
)

// Session is a WorkOS AuthKit session (object "session"), as session.*
// events carry it and as WorkOS's Sessions API lists it
// (core.Auth.UserSessions).
type Session struct {
	// ID is the WorkOS session ID (session_...): the sid claim of the
	// session's access tokens.
	ID string `json:"id"`
	// UserID is the session's user (user_...).
	UserID string `json:"user_id"`
	// OrganizationID is the session's organization (org_...), or "".
	OrganizationID string `json:"organization_id"`
	// Status is "active", "expired" or "revoked" (more may appear).
	Status string `json:"status"`
	// AuthMethod is how the user signed in, e.g. "password", "sso",
	// "oauth", "impersonation".
	AuthMethod string `json:"auth_method"`
	// IPAddress and UserAgent are the client's at sign-in, or "".
	IPAddress string `json:"ip_address"`
	UserAgent string `json:"user_agent"`
	// Impersonator is set when a WorkOS admin signed in as the user.
	Impersonator *Impersonator `json:"impersonator,omitempty"`
	// ExpiresAt, EndedAt, CreatedAt and UpdatedAt are the session's
	// times; zero when absent or unreadable (EndedAt while it is active).
	ExpiresAt time.Time `json:"expires_at,omitzero"`
	EndedAt   time.Time `json:"ended_at,omitzero"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// Impersonator is the WorkOS admin who signed in as a user.
type Impersonator struct {
	// Email is the admin's email address.
	Email string `json:"email"`
	// Reason is the reason the admin gave, or "".
	Reason string `json:"reason"`
}

// User is an AuthKit user (object "user"), as user.* events carry it.
type User struct {
	// ID is the user ID (user_...).
	ID string `json:"id"`
	// Email is the user's email address.
	Email string `json:"email"`
	// EmailVerified says whether WorkOS verified it.
	EmailVerified bool `json:"email_verified"`
	// FirstName and LastName may be empty.
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	// ExternalID is the app's own ID for the user, if one was set.
	ExternalID string `json:"external_id"`
}

// OrganizationMembership is a user's membership of an organization
// (object "organization_membership"), as organization_membership.*
// events carry it.
type OrganizationMembership struct {
	// ID is the membership ID (om_...).
	ID string `json:"id"`
	// UserID is the member (user_...).
	UserID string `json:"user_id"`
	// OrganizationID is the organization (org_...).
	OrganizationID string `json:"organization_id"`
	// Status is "active", "inactive" or "pending".
	Status string `json:"status"`
	// Role is the slug of the primary role; Roles the slugs of all. In
	// JSON they are WorkOS's objects: "role": {"slug": ...}, "roles":
	// [{"slug": ...}].
	Role  string   `json:"-"`
	Roles []string `json:"-"`
}

// Role is a role (object "role"), as role.* events carry it.
type Role struct {
	// Slug names the role, as access tokens' role and roles claims do.
	Slug string `json:"slug"`
	// OrganizationID is the organization of an organization role; ""
	// for an environment role (every organization's).
	OrganizationID string `json:"organization_id"`
	// Type is "EnvironmentRole" or "OrganizationRole", when sent.
	Type string `json:"type"`
	// Permissions are the role's permission slugs.
	Permissions []string `json:"permissions"`
}
