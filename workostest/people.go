package workostest

import (
	"slices"
	"strings"
)

// The AuthKit people of an emulator: users, their organization
// memberships and the environment's roles. They start from the seed (one
// user per email of its SSO users, a membership in the organization of
// each connection that lists them) and change through the
// organization-membership API and the Go helpers (DeleteUser,
// AddMembership, SetMembershipRole, RemoveMembership,
// SetRolePermissions).

// akUser is an AuthKit user.
type akUser struct {
	id, email, firstName, lastName string
	lastSignIn                     string // a timestamp, "" before the first sign-in
}

// akMembership is an organization membership.
type akMembership struct {
	id, userID, orgID    string
	role                 string   // the primary role's slug
	roles                []string // every role's slug, role among them
	status               string   // "active" or "inactive"
	createdAt, updatedAt string
}

// akRole is an environment role.
type akRole struct {
	permissions []string
	updatedAt   string
}

// people is the AuthKit state that changes; guarded by Server.mu.
type people struct {
	users       []*akUser
	memberships []*akMembership // oldest first
	roles       map[string]*akRole
}

// newPeople derives the AuthKit people from a normalized seed, with the
// roles of perms (nil: DefaultRolePermissions) and every role the seed's
// users have.
func newPeople(seed Seed, perms map[string][]string) *people {
	if perms == nil {
		perms = DefaultRolePermissions()
	}
	p := &people{roles: map[string]*akRole{}}
	for slug, ps := range perms {
		p.roles[slug] = &akRole{permissions: slices.Clone(ps), updatedAt: fixedTimestamp}
	}
	byEmail := map[string]*akUser{}
	for _, c := range seed.Connections {
		for _, u := range c.Users {
			email := strings.ToLower(u.Email)
			au := byEmail[email]
			if au == nil {
				au = &akUser{id: "user_" + strings.TrimPrefix(u.ID, "prof_"), email: email, firstName: u.FirstName, lastName: u.LastName}
				byEmail[email] = au
				p.users = append(p.users, au)
			}
			if c.OrganizationID == "" || p.membership(au.id, c.OrganizationID) != nil {
				continue
			}
			roles := slices.Clone(u.Roles)
			for _, r := range roles {
				if p.roles[r] == nil {
					p.roles[r] = &akRole{permissions: []string{}, updatedAt: fixedTimestamp}
				}
			}
			p.memberships = append(p.memberships, &akMembership{
				id:     "om_" + strings.TrimPrefix(au.id, "user_") + strings.TrimPrefix(c.OrganizationID, "org_"),
				userID: au.id, orgID: c.OrganizationID, role: u.Role, roles: roles, status: "active",
				createdAt: fixedTimestamp, updatedAt: fixedTimestamp,
			})
		}
	}
	return p
}

// user returns the user whose ID or email (any case) is idOrEmail.
func (p *people) user(idOrEmail string) *akUser {
	for _, u := range p.users {
		if u.id == idOrEmail || strings.EqualFold(u.email, idOrEmail) {
			return u
		}
	}
	return nil
}

// membership returns the membership (of any status) of a user in an
// organization.
func (p *people) membership(userID, orgID string) *akMembership {
	for _, m := range p.memberships {
		if m.userID == userID && m.orgID == orgID {
			return m
		}
	}
	return nil
}

// activeMembership returns the user's active membership in orgID, or nil.
func (p *people) activeMembership(userID, orgID string) *akMembership {
	if m := p.membership(userID, orgID); m != nil && m.status == "active" {
		return m
	}
	return nil
}

// membershipByID returns the membership with this ID.
func (p *people) membershipByID(id string) *akMembership {
	for _, m := range p.memberships {
		if m.id == id {
			return m
		}
	}
	return nil
}

// permissions are the union of the roles' permissions, in order.
func (p *people) permissions(roles []string) []string {
	out := []string{}
	for _, r := range roles {
		if role := p.roles[r]; role != nil {
			for _, perm := range role.permissions {
				if !slices.Contains(out, perm) {
					out = append(out, perm)
				}
			}
		}
	}
	return out
}

// unknownRole returns the first of roles that is not a role of the
// environment, or "".
func (p *people) unknownRole(roles []string) string {
	for _, r := range roles {
		if p.roles[r] == nil {
			return r
		}
	}
	return ""
}

// public returns u as an AuthKitUser with its active memberships.
func (p *people) public(u *akUser) AuthKitUser {
	out := AuthKitUser{ID: u.id, Email: u.email, FirstName: u.firstName, LastName: u.lastName}
	for _, m := range p.memberships {
		if m.userID == u.id && m.status == "active" {
			out.Memberships = append(out.Memberships, Membership{ID: m.id, OrganizationID: m.orgID, Role: m.role,
				Roles: slices.Clone(m.roles), Permissions: p.permissions(m.roles)})
		}
	}
	return out
}

// json is WorkOS's user object.
func (u *akUser) json() map[string]any {
	return map[string]any{
		"object": "user", "id": u.id, "email": u.email, "email_verified": true,
		"first_name": nullable(u.firstName), "last_name": nullable(u.lastName),
		"name":                nullable(strings.TrimSpace(u.firstName + " " + u.lastName)),
		"profile_picture_url": nil, "last_sign_in_at": nullable(u.lastSignIn), "locale": nil,
		"external_id": nil, "metadata": map[string]any{},
		"created_at": fixedTimestamp, "updated_at": fixedTimestamp,
	}
}

// json is WorkOS's organization_membership object; orgName is the
// organization's name.
func (m *akMembership) json(orgName string) map[string]any {
	roles := make([]any, 0, len(m.roles))
	for _, r := range m.roles {
		roles = append(roles, map[string]any{"slug": r})
	}
	return map[string]any{
		"object": "organization_membership", "id": m.id, "user_id": m.userID,
		"organization_id": m.orgID, "organization_name": orgName, "status": m.status,
		"directory_managed": false, "role": map[string]any{"slug": m.role}, "roles": roles,
		"custom_attributes": map[string]any{}, "created_at": m.createdAt, "updated_at": m.updatedAt,
	}
}

// roleJSON is WorkOS's role object of an environment role.
func (p *people) roleJSON(slug string) map[string]any {
	r := p.roles[slug]
	return map[string]any{
		"object": "role", "id": derivedID("role_", "role", slug), "slug": slug, "name": slug,
		"description": nil, "type": "EnvironmentRole", "resource_type_slug": nil,
		"permissions": slices.Clone(r.permissions), "created_at": fixedTimestamp, "updated_at": r.updatedAt,
	}
}
