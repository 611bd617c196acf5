package core

import (
	"context"

	"github.com/ssokit/workosauth/core/events"
)

// UserSessions lists an AuthKit user's WorkOS sessions (user_...), as
// WorkOS's Sessions API has them (GET
// /user_management/users/{id}/sessions, every page): for a "your
// devices" page. Each has its status ("active", "expired", "revoked"),
// how the user signed in, the client's IP address and user agent at
// sign-in, and its times; the request's own is the one whose ID is
// AuthKitFrom(ctx).SessionID(). Pass the signed-in user's ID
// (AuthKitFrom(ctx).User.ID), never one the request names: the list
// belongs to that user.
//
// WorkOS's failures are retried within Config.Timeout; the error wraps
// the WorkOS client's (*APIError, 404 for an unknown user; ErrTimeout,
// ErrUnavailable, ErrBadResponse).
func (a *Auth) UserSessions(ctx context.Context, userID string) ([]events.Session, error) {
	list, err := a.client.ListUserSessions(ctxOrBackground(ctx), userID)
	if err != nil {
		return nil, err
	}
	out := make([]events.Session, len(list))
	for i, s := range list {
		out[i] = events.Session{ID: s.ID, UserID: s.UserID, OrganizationID: s.OrganizationID, Status: s.Status,
			AuthMethod: s.AuthMethod, IPAddress: s.IPAddress, UserAgent: s.UserAgent,
			ExpiresAt: s.ExpiresAt, EndedAt: s.EndedAt, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt}
		if s.Impersonator != nil {
			out[i].Impersonator = &events.Impersonator{Email: s.Impersonator.Email, Reason: s.Impersonator.Reason}
		}
	}
	return out, nil
}
