package core

import (
	"sync"
	"time"

	"github.com/ssokit/workosauth/core/internal/cache"
)

// The refresher: what a process shares between the refreshes of its
// AuthKit sessions. Outcomes just made, by the refresh token they spent
// (handed to requests that still carry it), and the backoff after a
// transient failure, by session ID.

// refresher holds the refreshes under way and just done. The zero value
// is ready.
type refresher struct {
	group   cache.Group[*refreshed]
	mu      sync.Mutex
	done    map[string]*refreshed // by the refresh token used
	waitTil map[string]time.Time  // session ID: no refresh before
	saves   pendingSaves          // refreshed sessions the store did not take yet
}

// recent returns the outcome of the refresh that spent refreshToken while
// it is still handed out (until its until), else nil.
func (r *refresher) recent(refreshToken string, now time.Time) *refreshed {
	r.mu.Lock()
	defer r.mu.Unlock()
	if o := r.done[refreshToken]; o != nil && now.Before(o.until) {
		return o
	}
	return nil
}

// remember keeps o as the outcome of spending refreshToken, dropping the
// outcomes whose time is over.
func (r *refresher) remember(refreshToken string, o *refreshed, now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.done == nil {
		r.done = map[string]*refreshed{}
	}
	for k, v := range r.done {
		if !now.Before(v.until) {
			delete(r.done, k)
		}
	}
	r.done[refreshToken] = o
}

// backoff holds the refreshes of session id off until then, after a
// transient failure. The map is cleared past 10000 sessions, so that it
// stays bounded.
func (r *refresher) backoff(id string, until time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.waitTil == nil {
		r.waitTil = map[string]time.Time{}
	}
	if len(r.waitTil) > 10000 {
		clear(r.waitTil)
	}
	r.waitTil[id] = until
}

// mustWait reports whether session id's refresh is held off at now by a
// backoff, and for how long; a backoff that is over is dropped.
func (r *refresher) mustWait(id string, now time.Time) (time.Duration, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	t, ok := r.waitTil[id]
	if !ok {
		return 0, false
	}
	if !now.Before(t) {
		delete(r.waitTil, id)
		return 0, false
	}
	return t.Sub(now), true
}
