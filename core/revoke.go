package core

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// revokeSession is RevokeSession for a session at hand, whose expiry
// bounds how long the revocation is kept.
func (a *Auth) revokeSession(ctx context.Context, s *Session) error {
	return a.revoke(ctx, revocation{SessionID: s.ID, Until: s.ExpiresAt})
}

// RevokeSession ends the session with this ID (Session.ID) before its
// expiry, everywhere: when it returns, no copy of the session's cookie,
// nor any renewal of it, opens again in this process (the cache of opened
// sessions included); the store is told (Config.Sessions.Store's Delete) and, with
// Config.Sessions.Revocations, so is every other instance, within a second.
// Sign-out revokes the signed-out session.
//
// An error means the store or the feed could not be told just now: the
// session is ended in this process regardless, and the feed keeps trying.
func (a *Auth) RevokeSession(ctx context.Context, id string) error {
	if id == "" {
		return nil
	}
	return a.revoke(ctx, revocation{SessionID: id, Until: a.now().Add(a.cfg.Sessions.AbsoluteLifetime)})
}

// RevokeUser signs a user (a profile, prof_..., or with Config.AuthKit.Enabled
// a user, user_...) out everywhere: every session of theirs signed in
// until now, on every device and instance. Signing in again afterwards
// works.
//
// With Config.AuthKit.Enabled it then revokes the user's WorkOS sessions too
// (WorkOS's Sessions API), so that AuthKit's hosted page does not sign
// them straight back in; WorkOS failing is retried a few times and
// reported (an AuditRevocation event with Code
// "workos_sessions_not_revoked"), and never keeps the app's sessions
// alive: they have ended before WorkOS is asked. The error then wraps
// the WorkOS client's (*APIError, ErrTimeout, ErrUnavailable or
// ErrBadResponse); one wrapping ErrStoreUnavailable says the app's
// revocation is not shared yet (see RevokeSession).
func (a *Auth) RevokeUser(ctx context.Context, profileID string) error {
	err := a.RevokeMatching(ctx, a.now(), MatchUser(profileID))
	return errors.Join(err, a.mode.revokeUser(ctx, profileID))
}

// RevokeMatching ends every session that one of the matches selects and
// that signed in at or before before: for an admin action or a
// deprovisioning hook. Sessions signed in after before are not affected.
func (a *Auth) RevokeMatching(ctx context.Context, before time.Time, matches ...Match) error {
	var errs []error
	for _, m := range matches {
		if m.isZero() {
			continue
		}
		// A session signed in at or before `before` ends by then at the latest.
		r := revocation{Match: m, Before: before, Until: before.Add(a.cfg.Sessions.AbsoluteLifetime)}
		if err := a.revoke(ctx, r); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// revoke applies r here, then tells the store and the feed.
func (a *Auth) revoke(ctx context.Context, r revocation) error {
	ctx = ctxOrBackground(ctx)
	if r.Made.IsZero() {
		r.Made = a.now()
	}
	a.apply(r, false)
	ev := AuditEvent{Type: AuditRevocation, SessionID: r.SessionID}
	if !r.Match.isZero() {
		ev.Match = r.Match.String()
	}
	if r.Match.refreshes() {
		ev.Message = "sessions marked to refresh their tokens on their next request"
	}
	a.emit(ctx, ev)
	var errs []error
	together, err := a.revokeTogether(ctx, r) // revoke_together.go
	if together {
		a.published(ctx, r, err)
	}
	if err != nil {
		errs = append(errs, fmt.Errorf("workosauth: session store and revocation feed: %w", err))
	}
	if r.SessionID != "" && !together {
		if err := a.store.delete(ctx, r.SessionID); err != nil {
			errs = append(errs, fmt.Errorf("workosauth: session store: %w", err))
		}
	}
	if a.feed != nil && !together {
		err := a.feed.Publish(ctx, r.shared())
		a.published(ctx, r, err)
		if err != nil {
			errs = append(errs, fmt.Errorf("workosauth: revocation feed: %w", err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		a.log.WarnContext(ctx, "workosauth: a revocation was applied here but not shared yet", "error", err)
		return err
	}
	return nil
}

// apply records r in this process and drops the sessions it ends from the
// cache of opened sessions. The order matters: a request that opens a
// session from the store caches it and then checks the list (see
// cacheSession), so either it sees r, or r's sweep sees its entry.
//
// From the feed, a revocation the list already had is not swept for (every
// entry cached since was checked against it): the feed delivering the
// same revocations again, after a reconnection or from another
// instance's re-publication, costs a map lookup each. A revocation made
// here always sweeps, so that RevokeSession returns only once it is done.
func (a *Auth) apply(r revocation, fromFeed bool) {
	now := a.now()
	news := a.revoked.add(r, now)
	if news {
		a.applied(r, fromFeed, now)
	}
	if !news && fromFeed {
		return
	}
	if r.Match.authKit() {
		a.sweepAuthKit(r)
		return
	}
	if a.sessions == nil {
		return
	}
	if r.SessionID != "" {
		id := r.SessionID
		a.sessions.DeleteFunc(func(_ string, e *cachedSession) bool { return e.s.ID == id })
	}
	if !r.Match.isZero() {
		sel, before := r.Match.selector(), r.Before.UnixMilli()
		a.sessions.DeleteFunc(func(_ string, e *cachedSession) bool {
			return e.s.SignedInAt.UnixMilli() <= before && sel(&e.s.Profile)
		})
	}
}
