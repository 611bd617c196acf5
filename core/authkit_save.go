package core

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Saving refreshed AuthKit sessions. WorkOS has rotated the refresh token
// by the time a refresh is saved: a save that fails (the store could not
// be reached) must not lose the new tokens, or the next refresh anywhere
// spends the old token, gets invalid_grant and the user is signed out.
// The process that refreshed serves the session from memory and retries
// the save until it lands, the session expires or is revoked, or the
// store refuses it for good; meanwhile the other instances find the old
// token in the store and, refused by WorkOS, wait for it (they read the
// store again) or drop their copy of the cookie, never revoking the
// session. Only stores whose Update keeps the cookie's token
// (store.Updater) are retried: a token handed out later would reach no
// cookie.

// Retries of a pending save: soon after the failure, then backing off.
const (
	saveRetryFirst  = 50 * time.Millisecond
	saveRetryMax    = time.Second
	maxPendingSaves = 10000
)

// errSaveQueued: the refreshed session was not saved yet; it is retried
// until it lands.
var errSaveQueued = errors.New("workosauth: the refreshed session is saved as soon as the store answers")

// pendingSaves are refreshed sessions waiting for the store, by session
// ID: a newer refresh of a session replaces its older one, and a session
// with a save pending is only ever saved by the retry loop, in order, so
// that an older save never lands after a newer one. The zero value is
// ready.
type pendingSaves struct {
	mu      sync.Mutex
	byID    map[string]pendingSave
	running bool
	stop    chan struct{} // closed by close: the loop stops
}

type pendingSave struct {
	token string
	s     *Session
}

// saveRefreshed saves a refreshed session where its token's session was,
// and returns the token that opens it now. With a store.Updater whose
// Update fails for want of the store, or that already has a save of this
// session waiting, the save is queued (errSaveQueued) and the token stays.
func (a *Auth) saveRefreshed(ctx context.Context, token string, s *Session) (string, error) {
	if a.store.updater == nil {
		return a.store.renew(ctx, token, s)
	}
	if a.refreshes.saves.replace(token, s) {
		return token, errSaveQueued
	}
	err := a.store.update(ctx, token, s)
	if errors.Is(err, ErrStoreUnavailable) && a.refreshes.saves.add(token, s) {
		go a.retrySaves()
		return token, fmt.Errorf("%w: %w", errSaveQueued, err)
	}
	return token, err
}

// replace replaces the pending save of s's session, if there is one, and
// reports whether there was.
func (p *pendingSaves) replace(token string, s *Session) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.byID[s.ID]; !ok {
		return false
	}
	p.byID[s.ID] = pendingSave{token: token, s: s}
	return true
}

// waiting reports whether a save of the session with this ID is
// pending: the session in memory is newer than the store's.
func (p *pendingSaves) waiting(id string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, ok := p.byID[id]
	return ok
}

// add queues a save and reports whether the retry loop must be started
// (it was not running). A full queue keeps what it has.
func (p *pendingSaves) add(token string, s *Session) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.byID == nil {
		p.byID = map[string]pendingSave{}
	}
	if len(p.byID) >= maxPendingSaves {
		if _, ok := p.byID[s.ID]; !ok {
			return false
		}
	}
	p.byID[s.ID] = pendingSave{token: token, s: s}
	if p.running || p.stopped() {
		return false
	}
	p.running = true
	return true
}

func (p *pendingSaves) stopped() bool {
	if p.stop == nil {
		return false
	}
	select {
	case <-p.stop:
		return true
	default:
		return false
	}
}

// close stops the retry loop and drops what it holds.
func (p *pendingSaves) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.stopped() {
		if p.stop == nil {
			p.stop = make(chan struct{})
		}
		close(p.stop)
	}
	clear(p.byID)
}

// pending returns the saves waiting, or nil (and the loop ends) when none
// is.
func (p *pendingSaves) pending() []pendingSave {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.byID) == 0 || p.stopped() {
		p.running = false
		return nil
	}
	out := make([]pendingSave, 0, len(p.byID))
	for _, ps := range p.byID {
		out = append(out, ps)
	}
	return out
}

// done drops ps unless a newer save of its session replaced it.
func (p *pendingSaves) done(ps pendingSave) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if cur, ok := p.byID[ps.s.ID]; ok && cur.s == ps.s {
		delete(p.byID, ps.s.ID)
	}
}

// retrySaves saves the pending refreshed sessions until none is left.
func (a *Auth) retrySaves() {
	p := &a.refreshes.saves
	p.mu.Lock()
	if p.stop == nil {
		p.stop = make(chan struct{})
	}
	stop := p.stop
	p.mu.Unlock()
	wait := saveRetryFirst
	t := time.NewTimer(wait)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		saves := p.pending()
		if saves == nil {
			return
		}
		failed := false
		for _, ps := range saves {
			var err error
			if a.now().Before(ps.s.ExpiresAt) && !a.revoked.revoked(ps.s) {
				err = a.store.update(context.Background(), ps.token, ps.s)
			}
			switch {
			case errors.Is(err, ErrStoreUnavailable):
				failed = true
				continue
			case err != nil: // the session is gone from the store (signed out): nothing to save
				a.log.Warn("workosauth: a refreshed AuthKit session waiting to be saved was refused by the store; dropped", "session", ps.s.ID, "error", err)
			}
			p.done(ps)
		}
		if failed {
			wait = min(2*wait, saveRetryMax)
		} else {
			wait = saveRetryFirst
		}
		t.Reset(wait)
	}
}
