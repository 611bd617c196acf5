package workosapi

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// Organization domain states reported by WorkOS. Only a verified domain
// proves the organization owns it.
const (
	DomainStateVerified       = "verified"
	DomainStatePending        = "pending"
	DomainStateFailed         = "failed"
	DomainStateLegacyVerified = "legacy_verified"
	DomainStateUnverified     = "unverified"
)

// Organization is a WorkOS organization.
type Organization struct {
	// ID is the organization ID (org_...); never empty.
	ID string `json:"id"`
	// Name is the display name.
	Name string `json:"name"`
	// Domains are the organization's domains with their verification state.
	Domains []OrganizationDomain `json:"domains"`
}

// OrganizationDomain is one domain of an Organization.
type OrganizationDomain struct {
	// ID is the domain ID (org_domain_...).
	ID string `json:"id"`
	// Domain is the DNS name, e.g. example.com; never empty.
	Domain string `json:"domain"`
	// State is one of the DomainState constants (other values may appear
	// as WorkOS evolves).
	State string `json:"state"`
}

// OrganizationsByDomain lists the organizations that claim domain: GET
// {base}/organizations?domains=<domain>&limit=100 with the Bearer API key,
// following pagination. 5xx and transport failures are retried (see
// Config.WorkOS.MaxRetries) with exponential backoff, honouring Retry-After, all
// within Config.WorkOS.Timeout: when the next wait would end past the deadline it
// gives up at once and returns the last error (an *APIError for a 5xx). A
// 429 is returned at once, never retried.
// The caller must still check that the matching domain entry is verified.
func (c *Client) OrganizationsByDomain(ctx context.Context, domain string) ([]Organization, error) {
	if domain == "" || strings.ContainsAny(domain, ", \t\r\n") {
		return nil, invalidArgument("domain must be a single non-empty domain name")
	}
	return fetchList(ctx, c, "organizations", "/organizations", url.Values{"domains": {domain}}, decodeOrganizations)
}

// decodeOrganizations decodes one page of GET /organizations. Every
// organization must have an id and every domain entry a domain; wrong JSON
// types are ErrBadResponse.
func decodeOrganizations(body []byte) ([]Organization, string, error) {
	orgs, after, err := decodeList[Organization](body)
	if err != nil {
		return nil, "", err
	}
	for i, o := range orgs {
		if o.ID == "" {
			return nil, "", fmt.Errorf("%w: organization %d has no id", ErrBadResponse, i)
		}
		for j, d := range o.Domains {
			if d.Domain == "" {
				return nil, "", fmt.Errorf("%w: organization %d domain %d has no domain", ErrBadResponse, i, j)
			}
		}
	}
	return orgs, after, nil
}
