package core

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Ending a user's WorkOS sessions (the Sessions API) when the app signs
// them out everywhere (RevokeUser, AuthKit mode): otherwise AuthKit's
// hosted page would sign them straight back in. The app's own sessions
// have ended before any of this runs, so WorkOS failing never keeps them
// alive.

// workOSRevokeRounds bounds the rounds of list-then-revoke; each call to
// WorkOS is retried within Config.Timeout by the client besides. The
// waits between rounds double from workOSRevokeWait, and a Retry-After is
// honoured up to workOSRevokeMaxWait.
const (
	workOSRevokeRounds  = 3
	workOSRevokeWait    = 250 * time.Millisecond
	workOSRevokeMaxWait = 5 * time.Second
)

// revokeWorkOSSessions revokes every active WorkOS session of an AuthKit
// user: it lists them (GET /user_management/users/{id}/sessions) and
// revokes each (POST /user_management/sessions/revoke), in up to
// workOSRevokeRounds rounds while WorkOS fails transiently. The outcome is
// an audit event (AuditRevocation, Code "workos_sessions_revoked" or
// "workos_sessions_not_revoked"); a failure is logged too, and returned
// wrapping the WorkOS client's error (*APIError, ErrTimeout,
// ErrUnavailable or ErrBadResponse). An unknown user (404) has no
// sessions: that is success.
func (a *Auth) revokeWorkOSSessions(ctx context.Context, userID string) error {
	ctx = ctxOrBackground(ctx)
	revoked, wait := 0, workOSRevokeWait
	var err error
	for round := 1; ; round++ {
		var n int
		n, err = a.revokeWorkOSRound(ctx, userID)
		revoked += n
		if err == nil || round == workOSRevokeRounds || !transientWorkOS(err) {
			break
		}
		d := wait
		var api *APIError
		if errors.As(err, &api) && api.RetryAfter > d {
			d = min(api.RetryAfter, workOSRevokeMaxWait)
		}
		if ctx.Err() != nil || sleepCtx(ctx, d) != nil {
			break
		}
		wait *= 2
	}
	ev := AuditEvent{Type: AuditRevocation, UserID: userID, Code: "workos_sessions_revoked",
		Message: fmt.Sprintf("the user's WorkOS sessions were revoked (%d)", revoked)}
	if err != nil {
		ev.Code = "workos_sessions_not_revoked"
		ev.Message = fmt.Sprintf("the user's WorkOS sessions could not all be revoked (%d were); the app's sessions have ended: %v", revoked, err)
		a.log.Warn("workosauth: WorkOS sessions of a signed-out user could not all be revoked; AuthKit's hosted page may sign them in again without asking", "user", userID, "revoked", revoked, "error", err)
	}
	a.emit(ctx, ev)
	if err != nil {
		return fmt.Errorf("workosauth: the user's WorkOS sessions were not all revoked (the app's sessions have ended): %w", err)
	}
	return nil
}

// revokeWorkOSRound lists the user's sessions and revokes the active ones,
// returning how many it revoked and the first error.
func (a *Auth) revokeWorkOSRound(ctx context.Context, userID string) (int, error) {
	sessions, err := a.client.ListUserSessions(ctx, userID)
	var api *APIError
	switch {
	case errors.As(err, &api) && api.StatusCode == http.StatusNotFound:
		return 0, nil
	case err != nil:
		return 0, err
	}
	n := 0
	var errs []error
	for _, s := range sessions {
		if s.Status != "active" {
			continue
		}
		err := a.client.RevokeSession(ctx, s.ID)
		switch {
		case errors.As(err, &api) && api.StatusCode == http.StatusNotFound:
			// gone meanwhile
		case err != nil:
			errs = append(errs, err)
		default:
			n++
		}
	}
	return n, errors.Join(errs...)
}

// transientWorkOS reports whether a WorkOS failure may pass: WorkOS
// unreachable or slow, a 5xx, a 429 or a 408.
func transientWorkOS(err error) bool {
	var api *APIError
	if errors.As(err, &api) {
		return api.StatusCode >= 500 || api.StatusCode == http.StatusTooManyRequests || api.StatusCode == http.StatusRequestTimeout
	}
	return errors.Is(err, ErrUnavailable) || errors.Is(err, ErrTimeout)
}
