package events

import (
	"encoding/json"
	"time"
)

// Event is a verified WorkOS event, from a webhook delivery or from the
// Events API, which carry the same object. Data and Raw hold it as WorkOS
// sent it; the typed fields are set for the families workosauth reads
// (the others are nil).
type Event struct {
	// ID is the event's ID (event_...); never empty.
	ID string
	// Type is the event type, e.g. "dsync.user.deleted" ([DirectoryUserDeleted]);
	// never empty.
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
	// Session is set for session.*.
	Session *Session
	// User is set for user.*.
	User *User
	// OrganizationMembership is set for organization_membership.*.
	OrganizationMembership *OrganizationMembership
	// Role is set for role.*.
	Role *Role
}

// Handled returns the event types workosauth acts on: each ends the
// sessions it selects, on every instance that shares revocations.
// core.Auth.PollEvents asks the Events API for these (and for
// core.PollOptions.Events).
//
//   - [DirectoryUserDeleted], [DirectoryGroupUserRemoved]: the user's
//     sessions within the directory's organization (by identity provider
//     ID and by each email);
//   - [DirectoryUserUpdated] to a state other than "active": the same;
//   - [ConnectionDeactivated], [ConnectionDeleted]: every session signed
//     in through the connection;
//   - [OrganizationDeleted]: every session of the organization;
//
// and, with core.Config.AuthKit:
//
//   - [SessionRevoked]: the app's sessions and access tokens of that
//     WorkOS session;
//   - [UserDeleted]: every session of the user;
//   - [OrganizationMembershipDeleted]: the user's sessions in that
//     organization;
//   - [OrganizationMembershipUpdated], [RoleUpdated]: the affected
//     sessions refresh their tokens on their next request (an access
//     token issued before the event is refused, so its client refreshes).
func Handled() []string {
	return []string{
		DirectoryUserDeleted, DirectoryUserUpdated, DirectoryGroupUserRemoved,
		ConnectionDeactivated, ConnectionDeleted, OrganizationDeleted,
		SessionRevoked, UserDeleted, OrganizationMembershipDeleted, OrganizationMembershipUpdated, RoleUpdated,
	}
}
