package core

import (
	"context"
	"errors"
	"time"

	"github.com/ssokit/workosauth/core/store"
)

// revocation is one ended session, or every session a Match selects that
// signed in at or before a time: as core keeps it, and as a store.Feed
// carries it between the instances of an app (shared, with the Match in
// its text form).
type revocation struct {
	// SessionID is the session ended; empty for a revocation by Match.
	SessionID string
	// Match selects the sessions ended, with Before.
	Match Match
	// Before: a Match ends the sessions signed in at or before it.
	Before time.Time
	// Until is when the revocation may be forgotten: every session it
	// ends has expired by then.
	Until time.Time
	// Made is when it was made, on whichever instance; zero when unknown.
	Made time.Time
}

// shared is r as a feed carries it.
func (r revocation) shared() store.Revocation {
	return store.Revocation{SessionID: r.SessionID, Match: r.Match.key, Before: r.Before, Until: r.Until, Made: r.Made}
}

// fromFeed reads a revocation a feed carried, refusing what no instance
// would have published: neither a session nor a match, a match that is
// not core's, a match without its time, no end.
func fromFeed(sr store.Revocation) (revocation, error) {
	m, err := parseMatch(sr.Match)
	r := revocation{SessionID: sr.SessionID, Match: m, Before: sr.Before, Until: sr.Until, Made: sr.Made}
	switch {
	case err != nil:
		return revocation{}, err
	case r.SessionID == "" && m.isZero():
		return revocation{}, errors.New("workosauth: a revocation of nothing")
	case !m.isZero() && r.Before.IsZero():
		return revocation{}, errors.New("workosauth: a revocation by match without a time")
	case r.Until.IsZero():
		return revocation{}, errors.New("workosauth: a revocation without an end")
	}
	return r, nil
}

// follower is an Auth's store.Follower.
type follower struct {
	a     *Auth
	ready chan struct{} // closed at the first Synced(true)
}

func (f *follower) Revoked(sr store.Revocation) {
	r, err := fromFeed(sr)
	if err != nil {
		f.a.log.Warn("workosauth: ignored a malformed revocation from the revocation feed", "error", err)
		return
	}
	f.a.apply(r, true)
}

func (f *follower) Reset() []store.Revocation {
	f.a.log.Warn("workosauth: the revocation feed lost its shared state (Redis restarted, failed over or was flushed); sessions open in this process are checked again, and this process's revocations recorded again")
	known := f.a.forgetOpened()
	out := make([]store.Revocation, len(known))
	for i, r := range known {
		out[i] = r.shared()
	}
	return out
}

func (f *follower) Synced(ok bool) {
	f.a.synced.Store(ok)
	if ok {
		select {
		case <-f.ready:
		default:
			close(f.ready)
		}
	} else {
		f.a.log.Warn("workosauth: revocation feed out of sync; sessions not already open in this process get 503 until it is back")
	}
}

// feedStartWait bounds how long New waits for the feed's first sync.
const feedStartWait = 3 * time.Second

// startFeed follows the feed until Close; it waits a little for the first
// sync, so that an instance that has just started does not answer 503.
func (a *Auth) startFeed() {
	ctx, cancel := context.WithCancel(context.Background())
	f := &follower{a: a, ready: make(chan struct{})}
	done := make(chan struct{})
	a.stopFeed = func() { cancel(); <-done }
	go func() {
		defer close(done)
		if err := a.feed.Follow(ctx, f); err != nil && ctx.Err() == nil {
			a.log.Warn("workosauth: revocation feed stopped", "error", err)
			a.synced.Store(false)
		}
	}()
	select {
	case <-f.ready:
	case <-time.After(feedStartWait):
		a.log.Warn("workosauth: revocation feed not synced yet; sessions not already open in this process get 503 until it is")
	}
}

// Close stops following the revocation feed, if any, and stops retrying
// the saves of refreshed AuthKit sessions the store did not take. The
// Auth keeps serving, but without a feed it no longer opens sessions from
// the store (503), since it could miss revocations. Call it when the app
// shuts down.
func (a *Auth) Close() error {
	a.refreshes.saves.close() // refreshed sessions still waiting for the store are dropped
	if a.stopGauge != nil {
		a.stopGauge()
	}
	if a.stopFeed != nil {
		a.stopFeed()
		a.synced.Store(false) // whatever the feed said last, it is no longer followed
	}
	return nil
}
