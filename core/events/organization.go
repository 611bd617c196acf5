package events

// Organization event types workosauth acts on.
const (
	// OrganizationDeleted: an organization was deleted.
	OrganizationDeleted = "organization.deleted"
)

// Organization is a WorkOS organization (object "organization"), as
// organization.* events carry it.
type Organization struct {
	// ID is the organization ID (org_...).
	ID string `json:"id"`
	// Name is the display name.
	Name string `json:"name"`
}
