package store

import (
	"context"
	"time"
)

// Revocation is one ended session, or every session a match selects that
// signed in at or before a time, as a [Feed] carries it between the
// instances of an app. A feed keeps its fields as they are: it compares
// two revocations by their fields, never by meaning.
type Revocation struct {
	// SessionID is the session ended (a [Record]'s ID); empty for a
	// revocation by Match.
	SessionID string
	// Match selects the sessions ended, with Before: core's own text form
	// of a core.Match (it may hold any byte, NUL included), which core
	// reads back and checks; empty for a revocation by SessionID. A feed
	// carries it byte for byte.
	Match string
	// Before: Match ends the sessions signed in at or before it. A feed
	// keeps it to the millisecond at least.
	Before time.Time
	// Until is when the revocation may be forgotten: every session it
	// ends has expired by then. A feed may round it up to the second.
	Until time.Time
	// Made is when the revocation was made, on whichever instance, for
	// the delay to its application elsewhere
	// (workosauth.revocation.delay); zero when unknown. A feed carries
	// it when it can, to the millisecond at least; one that drops it
	// loses only that measurement.
	Made time.Time
}

// Feed shares revocations among the instances of an app, so that a
// sign-out or a revocation on one ends the session on all of them within
// a second. core.Config.Sessions.Revocations takes it (core uses a Store as a
// feed only when Config names it there too). Without a feed,
// revocations stay in the process that made them.
type Feed interface {
	// Publish records r where every instance will learn it, and returns
	// once it is recorded. A revocation whose Until has passed may be
	// dropped. A feed that cannot record it now returns an error wrapping
	// [ErrUnavailable] (core has applied it in this process already; the
	// feed may keep trying).
	Publish(ctx context.Context, r Revocation) error
	// Follow tells f every revocation in force (published and not past
	// its Until) and then each new one, in any order and possibly more than
	// once, until ctx ends. It calls f.Synced(true) once f has been told
	// every revocation in force (and again after each reconnection), and
	// f.Synced(false) as soon as it may be missing some; it reconnects by
	// itself. When the shared state was lost or replaced (a database
	// restored from an older copy, a failover to a replica that missed
	// writes, a flush), it calls f.Reset and records again the
	// revocations Reset returns. It returns when ctx ends.
	Follow(ctx context.Context, f Follower) error
}

// Follower is what a [Feed] tells of revocations; core makes one per
// app instance. Its methods return quickly and are safe for concurrent
// use.
type Follower interface {
	// Revoked applies r.
	Revoked(r Revocation)
	// Synced says whether every revocation in force has been applied.
	// While it is false, core answers 503 for sessions the instance does
	// not hold open: it could miss a revocation.
	Synced(ok bool)
	// Reset says the feed's shared state was lost or replaced: revocations
	// may be missing from it, and a server-side store may have lost or
	// brought back sessions. The follower drops every session it holds
	// opened, so that each is asked of the store again on its next
	// request, and returns the revocations in force that it knows, for
	// the feed to record again (it returns at once; the list may be
	// large).
	Reset() []Revocation
}
