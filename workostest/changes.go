package workostest

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// The changes to AuthKit users, memberships and roles, shared by the API
// handlers (which deliver their events in the background) and the Go
// helpers below (which deliver before they return). Each runs with s.mu
// held and returns the event it recorded.

// record appends an event whose data is a map built by the emulator (it
// cannot fail to encode). s.mu is held.
func (s *Server) record(typ string, data map[string]any) Event {
	e, _ := s.appendEvent(typ, data)
	return e
}

// createMembership adds an active membership of u in orgID.
func (s *Server) createMembership(u *akUser, orgID, role string, roles []string) (*akMembership, Event) {
	now := s.timestamp()
	m := &akMembership{id: "om_01" + strings.ToUpper(randomToken()[:24]), userID: u.id, orgID: orgID, role: role,
		roles: slices.Clone(roles), status: "active", createdAt: now, updatedAt: now}
	s.people.memberships = append(s.people.memberships, m)
	return m, s.record("organization_membership.created", m.json(s.orgName(orgID)))
}

// setMembershipRoles changes a membership's roles.
func (s *Server) setMembershipRoles(m *akMembership, role string, roles []string) Event {
	m.role, m.roles, m.updatedAt = role, slices.Clone(roles), s.timestamp()
	return s.record("organization_membership.updated", m.json(s.orgName(m.orgID)))
}

// setMembershipStatus activates or deactivates a membership; a
// deactivated one ends the user's sessions in its organization.
func (s *Server) setMembershipStatus(m *akMembership, status string) Event {
	m.status, m.updatedAt = status, s.timestamp()
	if status != "active" {
		s.endSessionsWhere(func(sess *umSession) bool { return sess.userID == m.userID && sess.org == m.orgID })
	}
	return s.record("organization_membership.updated", m.json(s.orgName(m.orgID)))
}

// deleteMembership removes a membership and ends the user's sessions in
// its organization.
func (s *Server) deleteMembership(m *akMembership) Event {
	s.people.memberships = slices.DeleteFunc(s.people.memberships, func(o *akMembership) bool { return o == m })
	s.endSessionsWhere(func(sess *umSession) bool { return sess.userID == m.userID && sess.org == m.orgID })
	m.updatedAt = s.timestamp()
	return s.record("organization_membership.deleted", m.json(s.orgName(m.orgID)))
}

// deleteUser removes a user and their memberships and ends their
// sessions.
func (s *Server) deleteUser(u *akUser) Event {
	s.people.users = slices.DeleteFunc(s.people.users, func(o *akUser) bool { return o == u })
	s.people.memberships = slices.DeleteFunc(s.people.memberships, func(m *akMembership) bool { return m.userID == u.id })
	s.endSessionsWhere(func(sess *umSession) bool { return sess.userID == u.id })
	return s.record("user.deleted", u.json())
}

// setRolePermissions sets a role's permissions, adding the role when it is
// new (role.created) and else recording role.updated.
func (s *Server) setRolePermissions(slug string, permissions []string) Event {
	typ := "role.updated"
	r := s.people.roles[slug]
	if r == nil {
		typ = "role.created"
		r = &akRole{}
		s.people.roles[slug] = r
	}
	r.permissions, r.updatedAt = append([]string{}, permissions...), s.timestamp()
	return s.record(typ, s.people.roleJSON(slug))
}

// deliverNow releases s.mu and delivers e to the endpoints set up now,
// before returning: the end of every Go helper.
func (s *Server) deliverNow(e Event) (Event, error) {
	endpoints := slices.Clone(s.webhookEndpoints)
	s.mu.Unlock()
	return e, deliverAll(context.Background(), endpoints, e)
}

// DeleteUser deletes an AuthKit user (by ID or email), as when an admin
// deletes them in the WorkOS dashboard: their memberships go and their
// sessions end (refresh tokens stop working), and a user.deleted event
// (the user object) is recorded and delivered to every webhook endpoint
// before it returns. No membership or session event is recorded for
// them. The error reports an unknown user or a failed delivery (the user
// is deleted regardless).
func (s *Server) DeleteUser(idOrEmail string) (Event, error) {
	s.mu.Lock()
	u := s.people.user(idOrEmail)
	if u == nil {
		s.mu.Unlock()
		return Event{}, fmt.Errorf("workostest: no AuthKit user %q", idOrEmail)
	}
	return s.deliverNow(s.deleteUser(u))
}

// AddMembership adds an active membership of a user (by ID or email) in
// an organization with roles (the first is the primary role; "member"
// when none) and records organization_membership.created, delivered as
// DeleteUser delivers.
func (s *Server) AddMembership(userIDOrEmail, organizationID string, roles ...string) (Event, error) {
	if len(roles) == 0 {
		roles = []string{defaultRoleSlug}
	}
	s.mu.Lock()
	u := s.people.user(userIDOrEmail)
	var err error
	switch {
	case u == nil:
		err = fmt.Errorf("workostest: no AuthKit user %q", userIDOrEmail)
	case !s.orgExists(organizationID):
		err = fmt.Errorf("workostest: no organization %q", organizationID)
	case s.people.unknownRole(roles) != "":
		err = fmt.Errorf("workostest: no role %q (SetRolePermissions adds one)", s.people.unknownRole(roles))
	case s.people.membership(u.id, organizationID) != nil:
		err = fmt.Errorf("workostest: %s already has a membership in %s", userIDOrEmail, organizationID)
	}
	if err != nil {
		s.mu.Unlock()
		return Event{}, err
	}
	_, e := s.createMembership(u, organizationID, roles[0], roles)
	return s.deliverNow(e)
}

// SetMembershipRole changes the roles of a user's (by ID or email)
// membership in an organization (the first is the primary role) and
// records organization_membership.updated, delivered as DeleteUser
// delivers. The user's sessions in that organization keep the old role
// until their next refresh.
func (s *Server) SetMembershipRole(userIDOrEmail, organizationID string, roles ...string) (Event, error) {
	if len(roles) == 0 {
		return Event{}, fmt.Errorf("workostest: SetMembershipRole: no role")
	}
	s.mu.Lock()
	m, err := s.findMembership(userIDOrEmail, organizationID)
	if err == nil && s.people.unknownRole(roles) != "" {
		err = fmt.Errorf("workostest: no role %q (SetRolePermissions adds one)", s.people.unknownRole(roles))
	}
	if err != nil {
		s.mu.Unlock()
		return Event{}, err
	}
	return s.deliverNow(s.setMembershipRoles(m, roles[0], roles))
}

// RemoveMembership deletes a user's (by ID or email) membership in an
// organization, as when an admin removes them from it: their sessions in
// that organization end, and organization_membership.deleted is recorded
// and delivered as DeleteUser delivers.
func (s *Server) RemoveMembership(userIDOrEmail, organizationID string) (Event, error) {
	s.mu.Lock()
	m, err := s.findMembership(userIDOrEmail, organizationID)
	if err != nil {
		s.mu.Unlock()
		return Event{}, err
	}
	return s.deliverNow(s.deleteMembership(m))
}

// SetRolePermissions sets the permissions of an environment role (slug),
// adding it when it is new, and records role.updated (role.created for a
// new role), delivered as DeleteUser delivers. Sessions keep the old
// permissions until their next refresh.
func (s *Server) SetRolePermissions(slug string, permissions ...string) (Event, error) {
	if slug == "" {
		return Event{}, fmt.Errorf("workostest: SetRolePermissions: empty role slug")
	}
	s.mu.Lock()
	return s.deliverNow(s.setRolePermissions(slug, permissions))
}

// findMembership returns the membership of a user (by ID or email) in an
// organization. s.mu is held.
func (s *Server) findMembership(userIDOrEmail, organizationID string) (*akMembership, error) {
	u := s.people.user(userIDOrEmail)
	if u == nil {
		return nil, fmt.Errorf("workostest: no AuthKit user %q", userIDOrEmail)
	}
	m := s.people.membership(u.id, organizationID)
	if m == nil {
		return nil, fmt.Errorf("workostest: %s has no membership in %s", userIDOrEmail, organizationID)
	}
	return m, nil
}
