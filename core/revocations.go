package core

import (
	"log/slog"
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
	log       *slog.Logger
}

type revokedMatch struct {
	before int64 // sessions signed in at or before this, unix milliseconds
	until  int64 // when the entry may be forgotten, unix seconds
}

// defaultRevocationBound is the count of remembered revocations past which
// the log says memory is growing.
const defaultRevocationBound = 100_000

func newRevocations(softBound int, log *slog.Logger) *revocations {
	return &revocations{
		ids: map[string]int64{}, matches: map[Match]revokedMatch{},
		nextPrune: softBound, warnAt: softBound, softBound: softBound, log: log,
	}
}

// add records rv, unless everything it would end has expired, and
// reports whether it ends sessions the list did not end already (a
// session ID not listed, or a match that now reaches later sign-ins): only
// then may the cache of opened sessions hold one of them.
func (r *revocations) add(rv revocation, now time.Time) bool {
	until := ceilUnix(rv.Until)
	if until <= now.Unix() {
		return false // every session it would end has expired
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	news := false
	if rv.SessionID != "" {
		old, ok := r.ids[rv.SessionID]
		news = !ok
		r.ids[rv.SessionID] = max(old, until)
	}
	if !rv.Match.isZero() {
		old, ok := r.matches[rv.Match]
		before := rv.Before.UnixMilli()
		news = news || !ok || before > old.before
		if ok {
			before = max(old.before, before)
		}
		r.matches[rv.Match] = revokedMatch{before: before, until: max(old.until, until)}
	}
	r.bound(now)
	return news
}

// ceilUnix is t in unix seconds, rounded up: a revocation is kept at least
// until its Until.
func ceilUnix(t time.Time) int64 {
	s := t.Unix()
	if t.Nanosecond() > 0 {
		s++
	}
	return s
}

// list returns the revocations in force, rebuilt from the list: the
// sessions ended by ID and by match, each until it may be forgotten.
func (r *revocations) list(now time.Time) []revocation {
	r.mu.RLock()
	defer r.mu.RUnlock()
	t := now.Unix()
	out := make([]revocation, 0, len(r.ids)+len(r.matches))
	for id, until := range r.ids {
		if until > t {
			out = append(out, revocation{SessionID: id, Until: time.Unix(until, 0).UTC()})
		}
	}
	for m, e := range r.matches {
		if e.until > t {
			out = append(out, revocation{Match: m, Before: time.UnixMilli(e.before).UTC(), Until: time.Unix(e.until, 0).UTC()})
		}
	}
	return out
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
	if s.AuthKit != nil && !s.bearer { // Bearer tokens: see bearerSession
		if ended, _ := r.akState(s); ended {
			return true
		}
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
