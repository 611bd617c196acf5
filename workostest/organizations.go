package workostest

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// organizationJSON is WorkOS's organization object.
type organizationJSON struct {
	Object                           string            `json:"object"`
	ID                               string            `json:"id"`
	Name                             string            `json:"name"`
	AllowProfilesOutsideOrganization bool              `json:"allow_profiles_outside_organization"`
	Domains                          []domainJSON      `json:"domains"`
	Metadata                         map[string]string `json:"metadata"`
	ExternalID                       *string           `json:"external_id"`
	CreatedAt                        string            `json:"created_at"`
	UpdatedAt                        string            `json:"updated_at"`
}

// domainJSON is WorkOS's organization_domain object.
type domainJSON struct {
	Object               string `json:"object"`
	ID                   string `json:"id"`
	OrganizationID       string `json:"organization_id"`
	Domain               string `json:"domain"`
	State                string `json:"state"`
	VerificationStrategy string `json:"verification_strategy"`
}

func newOrganizationJSON(o Organization) organizationJSON {
	out := organizationJSON{
		Object:    "organization",
		ID:        o.ID,
		Name:      o.Name,
		Domains:   []domainJSON{},
		Metadata:  map[string]string{},
		CreatedAt: fixedTimestamp,
		UpdatedAt: fixedTimestamp,
	}
	for _, d := range o.Domains {
		strategy := "dns"
		if d.State == "verified" || d.State == "legacy_verified" {
			strategy = "manual"
		}
		out.Domains = append(out.Domains, domainJSON{
			Object:               "organization_domain",
			ID:                   derivedID("org_domain_", o.ID, d.Domain),
			OrganizationID:       o.ID,
			Domain:               d.Domain,
			State:                d.State,
			VerificationStrategy: strategy,
		})
	}
	return out
}

// domainsFilter reads the domains parameter in each encoding SDKs send:
// domains=a,b, domains[]=a&domains[]=b and domains=a&domains=b.
func domainsFilter(q url.Values) []string {
	var out []string
	for _, v := range append(slices.Clone(q["domains"]), q["domains[]"]...) {
		for _, d := range strings.Split(v, ",") {
			if d = strings.ToLower(strings.TrimSpace(d)); d != "" {
				out = append(out, d)
			}
		}
	}
	return out
}

// listOrganizations answers GET /organizations with the domains, search,
// limit, before and after parameters.
func (s *Server) listOrganizations(w http.ResponseWriter, r *http.Request) {
	if !s.authorizeAPI(w, r) {
		return
	}
	q := r.URL.Query()
	p, msg := parseListParams(q, false)
	if msg != "" {
		writeValidationError(w, msg)
		return
	}
	domains := domainsFilter(q)
	search := strings.ToLower(q.Get("search"))
	var items []organizationJSON
	s.mu.Lock()
	for _, o := range s.seed.Organizations {
		if len(domains) > 0 && !slices.ContainsFunc(o.Domains, func(d Domain) bool { return slices.Contains(domains, d.Domain) }) {
			continue
		}
		if search != "" && !strings.Contains(strings.ToLower(o.Name), search) {
			continue
		}
		items = append(items, newOrganizationJSON(o))
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, paginate(ordered(items, p.desc), func(o organizationJSON) string { return o.ID }, p))
}

// getOrganization answers GET /organizations/{id}.
func (s *Server) getOrganization(w http.ResponseWriter, r *http.Request, id string) {
	if !s.authorizeAPI(w, r) {
		return
	}
	s.mu.Lock()
	i := slices.IndexFunc(s.seed.Organizations, func(o Organization) bool { return o.ID == id })
	var org organizationJSON
	if i >= 0 {
		org = newOrganizationJSON(s.seed.Organizations[i])
	}
	s.mu.Unlock()
	if i < 0 {
		writeNotFoundEntity(w, "Organization", id)
		return
	}
	writeJSON(w, http.StatusOK, org)
}

// writeNotFoundEntity answers WorkOS's 404 for an unknown object.
func writeNotFoundEntity(w http.ResponseWriter, kind, id string) {
	writeJSON(w, http.StatusNotFound, map[string]any{
		"code":      "entity_not_found",
		"entity_id": id,
		"message":   fmt.Sprintf("%s not found: '%s'.", kind, id),
	})
}
