package core

import "net/http"

// A sign-in is for one organization or connection: the one an email's
// domain resolved to, the one the request named, or the default one.
// WorkOS's answer to the code exchange must be a profile of that
// organization or connection; one of another tenant (an identity
// provider of another organization claiming the same email, an authorize
// URL edited on its way to WorkOS) is refused, whatever its email says.
//
// Provider sign-ins (GoogleOAuth, ...) are bound to nothing: their users
// belong to no organization, the user picks the account, and a provider's
// connection_type is not promised to equal its selector for every
// provider. Guards that need an organization say so (RequireOrganization).

// bind records in f the organization or connection sel names.
func (f *flow) bind(sel Selector) {
	f.Org, f.Conn = sel.Organization, sel.Connection
}

// checkBinding refuses a profile that is not of the organization or
// connection its flow was started for.
func (a *Auth) checkBinding(f *flow, p *Profile, authKit bool) error {
	switch {
	case f.Org != "" && p.OrganizationID != f.Org:
		a.log.Warn("workosauth: sign-in refused: the profile is of another organization than the sign-in was for",
			"want_organization", f.Org, "organization", p.OrganizationID, "connection", p.ConnectionID)
		return userError(http.StatusForbidden, "organization_mismatch", errorMessages["organization_mismatch"])
	case f.Conn != "" && p.ConnectionID != f.Conn && !authKit:
		// AuthKit's authenticate answer names the organization but no
		// connection: an AuthKit sign-in is bound by organization only.
		a.log.Warn("workosauth: sign-in refused: the profile is of another connection than the sign-in was for",
			"want_connection", f.Conn, "connection", p.ConnectionID, "organization", p.OrganizationID)
		return userError(http.StatusForbidden, "connection_mismatch", errorMessages["connection_mismatch"])
	}
	return nil
}
