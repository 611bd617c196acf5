package workostest

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// The organization memberships of the AuthKit part (API key):
//
//	GET    /user_management/organization_memberships                 list: user_id and/or organization_id, statuses, limit, before, after, order
//	POST   /user_management/organization_memberships                 create: user_id, organization_id, role_slug or role_slugs
//	GET    /user_management/organization_memberships/{id}            read one
//	PUT    /user_management/organization_memberships/{id}            change its roles: role_slug or role_slugs
//	DELETE /user_management/organization_memberships/{id}            delete it
//	PUT    /user_management/organization_memberships/{id}/deactivate status inactive
//	PUT    /user_management/organization_memberships/{id}/reactivate status active
//
// Each change records organization_membership.created, .updated or
// .deleted. Removing or deactivating a membership ends the user's
// sessions in that organization; a role change reaches a session at its
// next refresh.

// Endpoint names of the membership API, as Calls and InjectFault take them.
const (
	endpointMemberships       = "/user_management/organization_memberships"
	endpointMembership        = "/user_management/organization_memberships/{id}"
	endpointMembershipActions = "/user_management/organization_memberships/{id}/{action}"
	defaultRoleSlug           = "member"
)

// umMemberships answers GET (list) and POST (create).
func (s *Server) umMemberships(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		if s.authorizeAPI(w, r) {
			s.umCreateMembership(w, r)
		}
		return
	}
	p, q, ok := s.listRequest(w, r)
	if !ok {
		return
	}
	userID, orgID := q.Get("user_id"), q.Get("organization_id")
	if userID == "" && orgID == "" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"code": "missing_user_id_or_organization_id", "message": "Either user_id or organization_id is required."})
		return
	}
	statuses := []string{"active"}
	if v := listFilter(q, "statuses"); len(v) > 0 {
		statuses = v
	}
	for _, st := range statuses {
		if st != "active" && st != "inactive" && st != "pending" {
			writeValidationError(w, "statuses must be active, inactive or pending")
			return
		}
	}
	var items []map[string]any
	s.mu.Lock()
	for _, m := range s.people.memberships {
		if (userID == "" || m.userID == userID) && (orgID == "" || m.orgID == orgID) && slices.Contains(statuses, m.status) {
			items = append(items, m.json(s.orgName(m.orgID)))
		}
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, paginate(ordered(items, p.desc), objectID, p))
}

// listFilter reads a list parameter in each encoding SDKs send: name=a,b,
// name[]=a&name[]=b and name=a&name=b.
func listFilter(q url.Values, name string) []string {
	var out []string
	for _, v := range append(slices.Clone(q[name]), q[name+"[]"]...) {
		for _, item := range strings.Split(v, ",") {
			if item = strings.TrimSpace(item); item != "" {
				out = append(out, item)
			}
		}
	}
	return out
}

// umCreateMembership answers POST: 201 and the new membership.
func (s *Server) umCreateMembership(w http.ResponseWriter, r *http.Request) {
	body, msg := readAPIBody(w, r)
	if msg != "" {
		writeValidationError(w, msg)
		return
	}
	userID, orgID := body.str("user_id"), body.str("organization_id")
	role, roles, msg := body.roles(defaultRoleSlug)
	switch {
	case msg != "":
		writeValidationError(w, msg)
		return
	case userID == "" || orgID == "":
		writeValidationError(w, "user_id and organization_id are required")
		return
	}
	var events []Event
	s.mu.Lock()
	defer s.unlockAndDeliver(&events)
	u := s.people.user(userID)
	switch {
	case u == nil || u.id != userID:
		writeNotFoundEntity(w, "User", userID)
		return
	case !s.orgExists(orgID):
		writeNotFoundEntity(w, "Organization", orgID)
		return
	case s.people.unknownRole(roles) != "":
		writeValidationError(w, "role "+s.people.unknownRole(roles)+" does not exist")
		return
	case s.people.membership(userID, orgID) != nil:
		writeJSON(w, http.StatusBadRequest, map[string]any{"code": "organization_membership_already_exists",
			"message": "The user already has a membership in organization " + orgID + "."})
		return
	}
	m, e := s.createMembership(u, orgID, role, roles)
	events = append(events, e)
	writeJSON(w, http.StatusCreated, m.json(s.orgName(orgID)))
}

// umMembership answers GET, PUT (roles) and DELETE of one membership,
// and with an action PUT .../deactivate and .../reactivate.
func (s *Server) umMembership(w http.ResponseWriter, r *http.Request, id, action string) {
	if !s.authorizeAPI(w, r) {
		return
	}
	status := map[string]string{"deactivate": "inactive", "reactivate": "active"}[action]
	if action != "" && status == "" {
		notFound(w, r)
		return
	}
	var role string
	var roles []string
	if r.Method == http.MethodPut && action == "" {
		body, msg := readAPIBody(w, r)
		if msg == "" {
			role, roles, msg = body.roles("")
		}
		if msg == "" && role == "" {
			msg = "role_slug or role_slugs is required"
		}
		if msg != "" {
			writeValidationError(w, msg)
			return
		}
	}
	var events []Event
	s.mu.Lock()
	defer s.unlockAndDeliver(&events)
	m := s.people.membershipByID(id)
	if m == nil {
		writeNotFoundEntity(w, "Organization membership", id)
		return
	}
	switch {
	case status != "":
		if m.status != status {
			events = append(events, s.setMembershipStatus(m, status))
		}
	case r.Method == http.MethodPut:
		if bad := s.people.unknownRole(roles); bad != "" {
			writeValidationError(w, "role "+bad+" does not exist")
			return
		}
		events = append(events, s.setMembershipRoles(m, role, roles))
	case r.Method == http.MethodDelete:
		events = append(events, s.deleteMembership(m))
		w.WriteHeader(http.StatusNoContent)
		return
	}
	writeJSON(w, http.StatusOK, m.json(s.orgName(m.orgID)))
}

// orgExists reports whether the organization exists. s.mu is held.
func (s *Server) orgExists(id string) bool {
	return slices.ContainsFunc(s.seed.Organizations, func(o Organization) bool { return o.ID == id })
}
