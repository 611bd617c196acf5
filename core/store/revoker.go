package store

import "context"

// SessionRevoker is a [Store] that is also the app's [Feed] (one value as
// both core.Config.Store and core.Config.Revocations) and can end a
// session and publish its revocation in one step: for a store across the
// network, one round trip instead of two. Core calls it, when the store
// is one, for every revocation of a session (sign-out, RevokeSession)
// instead of Delete and then Publish.
type SessionRevoker interface {
	// RevokeSession does what Delete(ctx, r.SessionID) and then
	// Publish(ctx, r) do, together, with their errors: it returns once
	// both are recorded, or an error wrapping [ErrUnavailable] for what
	// could not be (the store may keep trying, as Delete and Publish
	// may). r.SessionID is never empty.
	RevokeSession(ctx context.Context, r Revocation) error
}
