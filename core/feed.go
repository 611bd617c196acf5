package core

import (
	"context"
	"time"
)

// Revocation is one ended session, or every session a [Match] selects
// that signed in at or before a time, as a [RevocationFeed] carries it
// between the instances of an app.
type Revocation struct {
	// SessionID is the session ended; empty for a revocation by Match.
	SessionID string `json:"sid,omitempty"`
	// Match selects the sessions ended, with Before.
	Match Match `json:"match,omitzero"`
	// Before: a Match ends the sessions signed in at or before it.
	Before time.Time `json:"before,omitzero"`
	// Until is when the revocation may be forgotten: every session it
	// ends has expired by then.
	Until time.Time `json:"until"`
}

// RevocationFeed shares revocations among the instances of an app, so
// that a sign-out or a revocation on one ends the session on all of them.
// Set one as [Config.Revocations]; a [SessionStore] that implements it
// (the Redis store does) is used as one by default. Without a feed,
// revocations stay in the process that made them.
type RevocationFeed interface {
	// Publish records r where every instance will learn it, and returns
	// once it is recorded. An instance that cannot record it now keeps
	// trying (an error wrapping [ErrStoreUnavailable] says so).
	Publish(ctx context.Context, r Revocation) error
	// Follow tells f every revocation in force and then each new one, in
	// any order and possibly more than once, until ctx ends. It calls
	// f.Synced(true) once f has every revocation in force (and again after
	// each reconnection), and f.Synced(false) as soon as it may be missing
	// some; it reconnects by itself. It returns when ctx ends.
	Follow(ctx context.Context, f Follower) error
}

// Follower is what a [RevocationFeed] tells of revocations; [New] makes
// one for its Auth.
type Follower interface {
	// Revoked applies r.
	Revoked(r Revocation)
	// Synced says whether every revocation in force has been applied.
	Synced(ok bool)
	// Reset says the feed's shared state was lost or replaced (its Redis
	// restarted without its data, failed over to a replica that missed
	// writes, or was flushed): revocations may be missing from it, and
	// a server-side store may have lost or brought back sessions. f drops
	// every session it holds opened, so that each is asked of the store
	// again on its next request, and returns the revocations in force
	// that it knows, for the feed to record again (it returns at once;
	// the list may be large).
	Reset() []Revocation
}

// follower is an Auth's Follower.
type follower struct {
	a     *Auth
	ready chan struct{} // closed at the first Synced(true)
}

func (f *follower) Revoked(r Revocation) { f.a.apply(r, true) }

func (f *follower) Reset() []Revocation {
	f.a.log.Warn("workosauth: the revocation feed lost its shared state (Redis restarted, failed over or was flushed); sessions open in this process are checked again, and this process's revocations recorded again")
	return f.a.forgetOpened()
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
	if a.stopFeed != nil {
		a.stopFeed()
		a.synced.Store(false) // whatever the feed said last, it is no longer followed
	}
	return nil
}
