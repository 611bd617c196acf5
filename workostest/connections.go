package workostest

import (
	"net/http"
	"slices"
	"strings"
)

// connectionJSON is WorkOS's connection object.
type connectionJSON struct {
	Object         string                 `json:"object"`
	ID             string                 `json:"id"`
	OrganizationID *string                `json:"organization_id"`
	ConnectionType string                 `json:"connection_type"`
	Name           string                 `json:"name"`
	State          string                 `json:"state"`
	Domains        []connectionDomainJSON `json:"domains"`
	CreatedAt      string                 `json:"created_at"`
	UpdatedAt      string                 `json:"updated_at"`
}

// connectionDomainJSON is WorkOS's connection_domain object.
type connectionDomainJSON struct {
	Object string `json:"object"`
	ID     string `json:"id"`
	Domain string `json:"domain"`
}

// newConnectionJSON renders c, whose domains are its organization's
// verified domains. s.mu is held.
func (s *Server) newConnectionJSON(c Connection) connectionJSON {
	out := connectionJSON{
		Object:         "connection",
		ID:             c.ID,
		OrganizationID: nullable(c.OrganizationID),
		ConnectionType: c.Type,
		Name:           c.Name,
		State:          c.State,
		Domains:        []connectionDomainJSON{},
		CreatedAt:      fixedTimestamp,
		UpdatedAt:      fixedTimestamp,
	}
	for _, o := range s.seed.Organizations {
		if o.ID != c.OrganizationID {
			continue
		}
		for _, d := range o.Domains {
			if d.State == "verified" || d.State == "legacy_verified" {
				out.Domains = append(out.Domains, connectionDomainJSON{
					Object: "connection_domain",
					ID:     derivedID("conn_domain_", c.ID, d.Domain),
					Domain: d.Domain,
				})
			}
		}
	}
	return out
}

// listConnections answers GET /connections with the organization_id,
// connection_type, domain, search, limit, before and after parameters.
func (s *Server) listConnections(w http.ResponseWriter, r *http.Request) {
	if !s.authorizeAPI(w, r) {
		return
	}
	q := r.URL.Query()
	p, msg := parseListParams(q, false)
	if msg != "" {
		writeValidationError(w, msg)
		return
	}
	orgID, connType := q.Get("organization_id"), q.Get("connection_type")
	domain, search := strings.ToLower(q.Get("domain")), strings.ToLower(q.Get("search"))
	var items []connectionJSON
	s.mu.Lock()
	for _, c := range s.seed.Connections {
		cj := s.newConnectionJSON(c)
		switch {
		case orgID != "" && c.OrganizationID != orgID,
			connType != "" && c.Type != connType,
			domain != "" && !slices.ContainsFunc(cj.Domains, func(d connectionDomainJSON) bool { return d.Domain == domain }),
			search != "" && !strings.Contains(strings.ToLower(c.Name), search):
			continue
		}
		items = append(items, cj)
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, paginate(ordered(items, p.desc), func(c connectionJSON) string { return c.ID }, p))
}

// getConnection answers GET /connections/{id}.
func (s *Server) getConnection(w http.ResponseWriter, r *http.Request, id string) {
	if !s.authorizeAPI(w, r) {
		return
	}
	s.mu.Lock()
	i := slices.IndexFunc(s.seed.Connections, func(c Connection) bool { return c.ID == id })
	var conn connectionJSON
	if i >= 0 {
		conn = s.newConnectionJSON(s.seed.Connections[i])
	}
	s.mu.Unlock()
	if i < 0 {
		writeNotFoundEntity(w, "Connection", id)
		return
	}
	writeJSON(w, http.StatusOK, conn)
}
