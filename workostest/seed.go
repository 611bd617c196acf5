package workostest

import (
	"strings"
)

// Seed is the data an emulator starts with: organizations, the SSO
// connections users sign in through, and Directory Sync directories.
type Seed struct {
	// Organizations are listed by /organizations in this order.
	Organizations []Organization
	// Connections are listed by /connections in this order.
	Connections []Connection
	// Directories are the organizations' Directory Sync directories.
	Directories []Directory
}

// Organization is a WorkOS organization.
type Organization struct {
	// ID is the organization ID ("org_..."); derived from Name when empty.
	ID string
	// Name is the display name.
	Name string
	// Domains are the organization's domains. A domain belongs to at most
	// one organization.
	Domains []Domain
}

// Domain is a domain of an organization.
type Domain struct {
	// Domain is the DNS name, such as "acme.test". It is compared
	// case-insensitively and reported in lower case.
	Domain string
	// State is "verified" (the default when empty), "pending", "failed",
	// "legacy_verified" or "unverified". Only verified domains select an
	// organization in /sso/authorize?domain=.
	State string
}

// Connection is an SSO connection: an identity provider of an organization,
// or an OAuth provider (Google, Microsoft, GitHub...) shared by all users.
type Connection struct {
	// ID is the connection ID ("conn_..."); derived when empty.
	ID string
	// OrganizationID is the owning organization, or "" for an OAuth
	// provider connection.
	OrganizationID string
	// Type is WorkOS's connection_type, such as "OktaSAML", "GoogleSAML",
	// "GenericOIDC" or "GoogleOAuth". It defaults to Provider for provider
	// connections and to "GenericSAML" otherwise.
	Type string
	// Provider is the /sso/authorize provider= value this connection
	// answers, such as "GoogleOAuth", "MicrosoftOAuth" or "GitHubOAuth".
	// It is set for provider connections only (OrganizationID "").
	Provider string
	// Name is the display name; derived when empty.
	Name string
	// State is "active" (the default when empty), "inactive", "draft" or
	// "validating". Only active connections sign users in.
	State string
	// Users are the identities the connection's identity provider knows.
	Users []User
}

// User is an identity of a connection, returned as a WorkOS profile.
type User struct {
	// ID is the profile ID ("prof_..."); derived from the connection and
	// email when empty.
	ID string
	// Email is required.
	Email string
	// FirstName and LastName may be empty (null in the profile).
	FirstName, LastName string
	// IdpID is the user's ID at the identity provider; derived when empty.
	IdpID string
	// Role is the role slug; "member" when both Role and Roles are empty,
	// else the first of Roles.
	Role string
	// Roles are role slugs; [Role] when empty.
	Roles []string
	// Groups are the directory groups the identity provider sends.
	Groups []string
	// CustomAttributes are the mapped custom attributes. Values must be
	// encodable as JSON; the emulator keeps a JSON copy.
	CustomAttributes map[string]any
	// RawAttributes are the identity provider's raw attributes ({} when
	// empty, as WorkOS answers since 2026-04-15).
	RawAttributes map[string]any
}

// The provider= values WorkOS accepts in /sso/authorize.
func knownProvider(p string) bool {
	switch p {
	case "GoogleOAuth", "MicrosoftOAuth", "GitHubOAuth", "AppleOAuth", "GitLabOAuth",
		"LinkedInOAuth", "SlackOAuth", "SalesforceOAuth", "BitbucketOAuth", "IntuitOAuth",
		"XeroOAuth", "VercelOAuth", "VercelMarketplaceOAuth":
		return true
	}
	return false
}

// NewUser returns a member User for email, with first and last names taken
// from the local part: "jane.doe@acme.test" gives Jane Doe.
func NewUser(email string) User {
	local, _, _ := strings.Cut(email, "@")
	fields := strings.FieldsFunc(local, func(r rune) bool {
		return r == '.' || r == '_' || r == '-' || r == '+'
	})
	u := User{Email: email}
	if len(fields) > 0 {
		u.FirstName = capitalize(fields[0])
	}
	if len(fields) > 1 {
		u.LastName = capitalize(fields[len(fields)-1])
	}
	return u
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// OrganizationSeed returns a Seed with one organization named name that owns
// domain (verified), and one active OktaSAML connection with users. The IDs
// are derived from name, so they are the same on every run.
func OrganizationSeed(name, domain string, users ...User) Seed {
	orgID := derivedID("org_", "organization", name)
	return Seed{
		Organizations: []Organization{{
			ID:      orgID,
			Name:    name,
			Domains: []Domain{{Domain: domain, State: "verified"}},
		}},
		Connections: []Connection{{
			ID:             derivedID("conn_", "connection", orgID),
			OrganizationID: orgID,
			Type:           "OktaSAML",
			Name:           name + " Okta",
			State:          "active",
			Users:          users,
		}},
	}
}

// ProviderSeed returns a Seed with one active OAuth provider connection
// (provider is "GoogleOAuth", "MicrosoftOAuth", "GitHubOAuth"...) with users.
func ProviderSeed(provider string, users ...User) Seed {
	return Seed{Connections: []Connection{{
		ID:       derivedID("conn_", "provider", provider),
		Type:     provider,
		Provider: provider,
		State:    "active",
		Users:    users,
	}}}
}

// Merge returns a Seed with s's organizations, connections and
// directories followed by those of others. s is not modified.
func (s Seed) Merge(others ...Seed) Seed {
	out := Seed{
		Organizations: append([]Organization(nil), s.Organizations...),
		Connections:   append([]Connection(nil), s.Connections...),
		Directories:   append([]Directory(nil), s.Directories...),
	}
	for _, o := range others {
		out.Organizations = append(out.Organizations, o.Organizations...)
		out.Connections = append(out.Connections, o.Connections...)
		out.Directories = append(out.Directories, o.Directories...)
	}
	return out
}

func (s Seed) isZero() bool {
	return len(s.Organizations) == 0 && len(s.Connections) == 0 && len(s.Directories) == 0
}
