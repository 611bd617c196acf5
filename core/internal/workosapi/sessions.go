package workosapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Session is an AuthKit session as WorkOS's Sessions API lists it.
type Session struct {
	// ID is session_..., the sid of the session's access tokens; never
	// empty.
	ID string `json:"id"`
	// UserID is the session's user (user_...).
	UserID string `json:"user_id"`
	// OrganizationID is the session's organization, or "".
	OrganizationID string `json:"organization_id"`
	// Status is "active", "expired" or "revoked" (other values may appear
	// as WorkOS evolves).
	Status string `json:"status"`
	// AuthMethod is how the user signed in, lower case: "password",
	// "sso", "oauth", "impersonation", ...
	AuthMethod string `json:"auth_method"`
	// IPAddress and UserAgent are what the app reported at sign-in, or "".
	IPAddress string `json:"ip_address"`
	UserAgent string `json:"user_agent"`
	// Impersonator is set when a WorkOS admin impersonates the user.
	Impersonator *Impersonator `json:"impersonator"`
	// ExpiresAt, CreatedAt and UpdatedAt are the session's times; EndedAt
	// is zero while it is active.
	ExpiresAt time.Time `json:"expires_at"`
	EndedAt   time.Time `json:"ended_at"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ListUserSessions lists a user's sessions: GET
// {base}/user_management/users/{userID}/sessions?limit=100 with the
// Bearer API key, following pagination, retried and bounded as
// OrganizationsByDomain is. An unknown user is an *APIError (404).
func (c *Client) ListUserSessions(ctx context.Context, userID string) ([]Session, error) {
	if userID == "" || strings.ContainsAny(userID, "/?#") {
		return nil, invalidArgument("user ID must be a non-empty ID")
	}
	path := "/user_management/users/" + url.PathEscape(userID) + "/sessions"
	return fetchList(ctx, c, "sessions", path, url.Values{}, decodeSessions)
}

// decodeSessions decodes one page of the Sessions API. Every session must
// have an id; wrong JSON types and malformed times are ErrBadResponse.
func decodeSessions(body []byte) ([]Session, string, error) {
	sessions, after, err := decodeList[Session](body)
	if err != nil {
		return nil, "", err
	}
	for i, s := range sessions {
		if s.ID == "" {
			return nil, "", fmt.Errorf("%w: session %d has no id", ErrBadResponse, i)
		}
	}
	return sessions, after, nil
}

// RevokeSession revokes a session: POST
// {base}/user_management/sessions/revoke with {"session_id": ...} and the
// Bearer API key. Revoking is idempotent, so 5xx and transport failures
// are retried as lookups are, within Config.WorkOS.Timeout; a 429 is returned at
// once. An unknown session is an *APIError (404).
func (c *Client) RevokeSession(ctx context.Context, sessionID string) error {
	if sessionID == "" {
		return invalidArgument("session ID is required")
	}
	body, err := json.Marshal(map[string]string{"session_id": sessionID})
	if err != nil {
		return fmt.Errorf("workosapi: revoke session: encoding request: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	_, err = c.retrying(ctx, "revoke session", http.MethodPost, c.base+"/user_management/sessions/revoke", body, true)
	return err
}
