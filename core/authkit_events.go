package core

import "github.com/ssokit/workosauth/core/events"

// authKitMatches returns what an AuthKit event ends or marks for a
// refresh (see authkit_match.go), nothing for an event whose data does not
// say enough; authKitMode.eventMatches, so AuthKit mode only:
//
//   - session.revoked: the app's sessions and Bearer tokens of that
//     WorkOS session (its ID is their access tokens' sid);
//   - user.deleted: every session of the user (MatchUser: an AuthKit
//     session's profile ID is its user ID);
//   - organization_membership.deleted, and .updated to a status other
//     than "active": the user's sessions in that organization;
//   - organization_membership.updated otherwise: those sessions refresh;
//   - role.updated: the sessions holding the role refresh, within the
//     role's organization when it names one, else in every organization
//     (an environment role).
func (a *Auth) authKitMatches(e *events.Event) []Match {
	switch e.Type {
	case events.SessionRevoked:
		if e.Session != nil {
			return []Match{newMatch(matchWorkOSSession, e.Session.ID)}
		}
	case events.UserDeleted:
		if e.User != nil {
			return []Match{MatchUser(e.User.ID)}
		}
	case events.OrganizationMembershipDeleted, events.OrganizationMembershipUpdated:
		m := e.OrganizationMembership
		switch {
		case m == nil:
		case e.Type == events.OrganizationMembershipDeleted || m.Status != "" && m.Status != "active":
			return []Match{newMatch(matchMember, m.OrganizationID, m.UserID)}
		default:
			return []Match{newMatch(refreshMember, m.OrganizationID, m.UserID)}
		}
	case events.RoleUpdated:
		switch r := e.Role; {
		case r == nil:
		case r.OrganizationID != "":
			return []Match{newMatch(refreshOrgRole, r.OrganizationID, r.Slug)}
		default:
			return []Match{newMatch(refreshRole, r.Slug)}
		}
	}
	return nil
}
