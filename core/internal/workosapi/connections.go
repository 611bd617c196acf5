package workosapi

import (
	"context"
	"fmt"
	"net/url"

	"github.com/ssokit/workosauth/core/events"
)

// ConnectionStateActive is the state of a connection that can sign users
// in.
const ConnectionStateActive = "active"

// Connection is a WorkOS SSO connection: the object connection events
// carry too.
type Connection = events.Connection

// ConnectionsByOrganization lists the SSO connections of an organization:
// GET {base}/connections?organization_id=<orgID>&limit=100 with the Bearer
// API key, following pagination, with the same retry rules as
// OrganizationsByDomain.
func (c *Client) ConnectionsByOrganization(ctx context.Context, orgID string) ([]Connection, error) {
	if orgID == "" {
		return nil, invalidArgument("organization ID is required")
	}
	return fetchList(ctx, c, "connections", "/connections", url.Values{"organization_id": {orgID}}, decodeConnections)
}

// decodeConnections decodes one page of GET /connections. Every connection
// must have an id; wrong JSON types are ErrBadResponse.
func decodeConnections(body []byte) ([]Connection, string, error) {
	conns, after, err := decodeList[Connection](body)
	if err != nil {
		return nil, "", err
	}
	for i, c := range conns {
		if c.ID == "" {
			return nil, "", fmt.Errorf("%w: connection %d has no id", ErrBadResponse, i)
		}
	}
	return conns, after, nil
}
