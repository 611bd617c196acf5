package events

// SSO connection event types workosauth acts on.
const (
	// ConnectionDeactivated: a connection can no longer sign users in.
	ConnectionDeactivated = "connection.deactivated"
	// ConnectionDeleted: a connection was deleted.
	ConnectionDeleted = "connection.deleted"
)

// Connection is an SSO connection (object "connection"), as connection.*
// events carry it: the same object WorkOS's Connections API returns.
type Connection struct {
	// ID is the connection ID (conn_...); never empty.
	ID string `json:"id"`
	// OrganizationID is the owning organization (org_...), "" if none.
	OrganizationID string `json:"organization_id"`
	// ConnectionType is the protocol or provider, e.g. "OktaSAML".
	ConnectionType string `json:"connection_type"`
	// Name is the display name.
	Name string `json:"name"`
	// State is e.g. "active", "inactive", "draft" or "validating".
	State string `json:"state"`
}
