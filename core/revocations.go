package core

import (
	"sync"
	"time"
)

// revocations remembers, in this process, the sessions ended before their
// expiry: by session ID, and by [Match] for sessions signed in at or
// before a time. An entry stays until every session it ends would have
// expired anyway, so memory follows the rate of revocations, not the
// number of sessions. It never refuses an entry: past softBound entries
// it says so in the log (again each time the count doubles) and keeps
// revoking.
type revocations struct {
	mu        sync.RWMutex
	ids       map[string]int64       // session ID -> when it may be forgotten, unix seconds
	matches   map[Match]revokedMatch // match -> sessions signed in up to before
	nextPrune int                    // prune expired entries when the count reaches this
	warnAt    int                    // log when the count reaches this
	softBound int
	log       Logger
}

type revokedMatch struct {
	before int64 // sessions signed in at or before this, unix milliseconds
	until  int64 // when the entry may be forgotten, unix seconds
}

// defaultRevocationBound is the count of remembered revocations past which
// the log says memory is growing.
const defaultRevocationBound = 100_000

func newRevocations(softBound int, log Logger) *revocations {
	return &revocations{
		ids: map[string]int64{}, matches: map[Match]revokedMatch{},
		nextPrune: softBound, warnAt: softBound, softBound: softBound, log: log,
	}
}

// add records rv, unless everything it would end has expired.
func (r *revocations) add(rv Revocation, now time.Time) {
	until := rv.Until.Unix()
	if until <= now.Unix() {
		return // every session it would end has expired
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if rv.SessionID != "" {
		if until > r.ids[rv.SessionID] {
			r.ids[rv.SessionID] = until
		}
	}
	if !rv.Match.IsZero() {
		old := r.matches[rv.Match]
		r.matches[rv.Match] = revokedMatch{before: max(old.before, rv.Before.UnixMilli()), until: max(old.until, until)}
	}
	r.bound(now)
}

// bound prunes expired entries when the count has grown enough since the
// last prune (so pruning costs O(1) per add, amortised) and logs when the
// count passes the soft bound. r.mu is held.
func (r *revocations) bound(now time.Time) {
	n := len(r.ids) + len(r.matches)
	if n < r.nextPrune {
		return
	}
	t := now.Unix()
	for id, until := range r.ids {
		if until <= t {
			delete(r.ids, id)
		}
	}
	for m, e := range r.matches {
		if e.until <= t {
			delete(r.matches, m)
		}
	}
	n = len(r.ids) + len(r.matches)
	r.nextPrune = max(2*n, r.softBound)
	if n >= r.warnAt {
		r.log.Warn("workosauth: the revocation list is large; revoked sessions are remembered until they would have expired, and revoking goes on",
			"entries", n, "soft_bound", r.softBound)
		r.warnAt = 2 * n
	}
}

// revoked reports whether s was ended: by its ID, or by a match of its
// profile with s signed in at or before the match's time. It runs when a
// session is opened from its store, never on a cache hit.
func (r *revocations) revoked(s *Session) bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if _, ok := r.ids[s.ID]; ok {
		return true
	}
	if len(r.matches) == 0 {
		return false
	}
	at := s.SignedInAt.UnixMilli()
	for _, m := range matchesOf(&s.Profile) {
		if e, ok := r.matches[m]; ok && at <= e.before {
			return true
		}
	}
	return false
}

// len is the count of remembered revocations.
func (r *revocations) len() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.ids) + len(r.matches)
}
