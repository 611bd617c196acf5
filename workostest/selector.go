package workostest

import (
	"fmt"
	"net/url"
	"strings"
)

// selectConnection finds the one active connection the selector of q names,
// or returns WorkOS's error code and a description.
func (s *Server) selectConnection(q url.Values) (conn Connection, orgName, errCode, desc string) {
	selectors := 0
	for _, k := range []string{"connection", "organization", "provider", "domain"} {
		for _, v := range q[k] {
			if v != "" {
				selectors++
			}
		}
	}
	if selectors != 1 {
		return Connection{}, "", "invalid_connection_selector",
			"Exactly one of connection, organization or provider is required."
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case q.Get("connection") != "":
		id := q.Get("connection")
		for _, c := range s.seed.Connections {
			if c.ID == id && c.State == "active" {
				return cloneConnection(c), s.orgName(c.OrganizationID), "", ""
			}
		}
		return Connection{}, "", "connection_invalid", fmt.Sprintf("No active connection has the ID %q.", id)
	case q.Get("provider") != "":
		p := q.Get("provider")
		if !knownProvider(p) {
			return Connection{}, "", "invalid_connection_selector", fmt.Sprintf("Unknown provider %q.", p)
		}
		for _, c := range s.seed.Connections {
			if c.Provider == p && c.State == "active" {
				return cloneConnection(c), "", "", ""
			}
		}
		return Connection{}, "", "connection_invalid", fmt.Sprintf("The %s provider is not configured.", p)
	case q.Get("organization") != "":
		return s.organizationConnection(q.Get("organization"))
	default: // domain=, deprecated: use connection or organization
		d := strings.ToLower(q.Get("domain"))
		for _, o := range s.seed.Organizations {
			for _, od := range o.Domains {
				if od.Domain == d && od.State == "verified" {
					return s.organizationConnection(o.ID)
				}
			}
		}
		return Connection{}, "", "organization_invalid", fmt.Sprintf("No organization has the verified domain %q.", d)
	}
}

// organizationConnection returns the one active connection of an
// organization. s.mu is held.
func (s *Server) organizationConnection(orgID string) (Connection, string, string, string) {
	var active []Connection
	for _, c := range s.seed.Connections {
		if c.OrganizationID == orgID && c.State == "active" {
			active = append(active, c)
		}
	}
	switch len(active) {
	case 0:
		return Connection{}, "", "organization_invalid",
			fmt.Sprintf("The organization %q does not exist or has no active connection.", orgID)
	case 1:
		return cloneConnection(active[0]), s.orgName(orgID), "", ""
	default:
		return Connection{}, "", "ambiguous_connection_selector",
			fmt.Sprintf("The organization %q has more than one active connection: select one with connection.", orgID)
	}
}

// orgName returns the name of an organization. s.mu is held.
func (s *Server) orgName(id string) string {
	for _, o := range s.seed.Organizations {
		if o.ID == id {
			return o.Name
		}
	}
	return ""
}
