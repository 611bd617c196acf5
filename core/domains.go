package core

import (
	"strings"

	"github.com/ssokit/workosauth/core/internal/workosapi"
)

// routingOrganizations returns the IDs of the organizations a sign-in for
// domain may be routed to: those that hold it verified or, when none
// does, legacy verified.
//
// WorkOS marks "legacy_verified" the domains organizations held before it
// verified domains; WorkOS still activates SSO for them and accepts their
// users' emails, so an email on such a domain signs in as one on a
// verified domain does. A verified claim wins over a legacy one: an
// organization that proved the domain since is the one it belongs to.
// Pending, failed and unverified domains prove nothing and route nowhere.
func routingOrganizations(orgs []workosapi.Organization, domain string) []string {
	var verified, legacy []string
	for _, org := range orgs {
		state := ""
		for _, d := range org.Domains {
			if !strings.EqualFold(strings.TrimSuffix(d.Domain, "."), domain) {
				continue
			}
			switch d.State {
			case workosapi.DomainStateVerified:
				state = d.State
			case workosapi.DomainStateLegacyVerified:
				if state == "" {
					state = d.State
				}
			}
		}
		switch state {
		case workosapi.DomainStateVerified:
			verified = append(verified, org.ID)
		case workosapi.DomainStateLegacyVerified:
			legacy = append(legacy, org.ID)
		}
	}
	if len(verified) > 0 {
		return verified
	}
	return legacy
}
