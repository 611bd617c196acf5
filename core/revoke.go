package core

import (
	"context"
	"sync"
	"time"
)

// revocations remembers, in this process, sessions ended before their
// expiry, until they would have expired anyway.
type revocations struct {
	mu  sync.RWMutex
	ids map[string]int64 // session ID -> its expiry, unix seconds
}

const maxRevocations = 100000

func newRevocations() *revocations { return &revocations{ids: map[string]int64{}} }

func (r *revocations) add(id string, expires time.Time, now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.ids) >= maxRevocations {
		for k, exp := range r.ids {
			if exp <= now.Unix() {
				delete(r.ids, k)
			}
		}
	}
	if len(r.ids) < maxRevocations {
		r.ids[id] = expires.Unix()
	}
}

func (r *revocations) has(id string) bool {
	r.mu.RLock()
	_, ok := r.ids[id]
	r.mu.RUnlock()
	return ok
}

// Revoke ends a session before its expiry: in this process, no cookie of
// it opens again, and the store is told. Sign-out revokes the signed-out
// session; call Revoke to end one yourself (an admin's "sign out
// everywhere"). With several processes and the cookie store, each process
// must be told; a server-side [SessionStore] ends it everywhere.
func (a *Auth) Revoke(ctx context.Context, s *Session) {
	a.revoked.add(s.ID, s.ExpiresAt, a.now())
	if a.sessions != nil {
		a.sessions.DeleteFunc(func(_ string, c *Session) bool { return c.ID == s.ID })
	}
}
