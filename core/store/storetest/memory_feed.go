package storetest

import (
	"context"
	"errors"
	"time"

	"github.com/ssokit/workosauth/core/store"
)

// memFollower is a follower of a Memory's feed: what was published since
// it last looked, and a signal that there is more.
type memFollower struct {
	queue []store.Revocation // guarded by the Memory's mu
	more  chan struct{}      // capacity 1
}

// Publish records r and tells every follower.
func (m *Memory) Publish(_ context.Context, r store.Revocation) error {
	now := time.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	kept := m.revoked[:0]
	for _, old := range m.revoked {
		if old.Until.After(now) {
			kept = append(kept, old)
		}
	}
	m.revoked = kept
	if !r.Until.After(now) {
		return nil // every session it ends has expired
	}
	m.revoked = append(m.revoked, r)
	for f := range m.followers {
		f.queue = append(f.queue, r)
		select {
		case f.more <- struct{}{}:
		default:
		}
	}
	return nil
}

// Follow tells f every revocation in force, then Synced(true), then each
// one published, until ctx ends.
func (m *Memory) Follow(ctx context.Context, f store.Follower) error {
	mf := &memFollower{more: make(chan struct{}, 1)}
	now := time.Now()
	m.mu.Lock()
	var inForce []store.Revocation
	for _, r := range m.revoked {
		if r.Until.After(now) {
			inForce = append(inForce, r)
		}
	}
	m.followers[mf] = struct{}{}
	m.mu.Unlock()
	defer func() {
		m.mu.Lock()
		delete(m.followers, mf)
		m.mu.Unlock()
	}()
	for _, r := range inForce {
		f.Revoked(r)
	}
	f.Synced(true)
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-mf.more:
		}
		m.mu.Lock()
		rs := mf.queue
		mf.queue = nil
		m.mu.Unlock()
		for _, r := range rs {
			f.Revoked(r)
		}
	}
}

// RevokeSession deletes the record r names and publishes r
// ([store.SessionRevoker]).
func (m *Memory) RevokeSession(ctx context.Context, r store.Revocation) error {
	return errors.Join(m.Delete(ctx, r.SessionID), m.Publish(ctx, r))
}
