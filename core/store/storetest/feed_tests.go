package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core/store"
)

// feed runs the subtests of the Feed contract.
func (s *suite) feed(t *testing.T) {
	subtests(t, s, []subtest[store.Feed]{
		{"published_then_followed", s.publishedThenFollowed},
		{"followed_then_published", s.followedThenPublished},
		{"match_kept", s.matchKept},
		{"follow_ends_with_ctx", s.followEnds},
	})
}

// recorder is a store.Follower that records what it is told.
type recorder struct {
	mu      sync.Mutex
	revoked []store.Revocation
	synced  bool
	// atSync is what had been revoked at the first Synced(true).
	atSync []store.Revocation
	syncs  int
}

func (r *recorder) Revoked(rv store.Revocation) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.revoked = append(r.revoked, rv)
}

func (r *recorder) Synced(ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if ok && r.syncs == 0 {
		r.atSync = append([]store.Revocation(nil), r.revoked...)
	}
	if ok {
		r.syncs++
	}
	r.synced = ok
}

func (r *recorder) Reset() []store.Revocation { return nil }

// has reports whether rs holds want (its fields equal: Match byte for
// byte, Before to the millisecond, Until to the second).
func has(rs []store.Revocation, want store.Revocation) bool {
	for _, r := range rs {
		if r.SessionID == want.SessionID && r.Match == want.Match &&
			r.Before.UnixMilli() == want.Before.UnixMilli() && r.Until.Unix() == want.Until.Unix() {
			return true
		}
	}
	return false
}

func (r *recorder) got(want store.Revocation) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return has(r.revoked, want)
}

func (r *recorder) isSynced() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.synced
}

// follow starts st.Follow(f) until the test ends, and fails the test if
// Follow does not return once its context ends.
func follow(t *testing.T, st store.Feed, f store.Follower) {
	t.Helper()
	c, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- st.Follow(c, f) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(waitLimit):
			t.Errorf("Follow did not return within %v of its context's end", waitLimit)
		}
	})
}

// revocations returns a revocation of a session and one by match, as
// core makes them: Until in whole seconds, Before in milliseconds.
func revocations() (bySession, byMatch store.Revocation) {
	now := time.Now()
	bySession = store.Revocation{SessionID: newID(), Until: now.Add(time.Hour).Truncate(time.Second)}
	byMatch = store.Revocation{Match: "u\x00prof_" + newID(), Before: now.Truncate(time.Millisecond), Until: now.Add(2 * time.Hour).Truncate(time.Second)}
	return bySession, byMatch
}

// publish publishes r and fails t on an error.
func publish(t *testing.T, st store.Feed, r store.Revocation) {
	t.Helper()
	if err := st.Publish(ctx(t), r); err != nil {
		t.Fatalf("Publish: %v", err)
	}
}

// publishedThenFollowed: a follower that starts after a revocation was
// published is told it, before Synced(true).
func (s *suite) publishedThenFollowed(t *testing.T, st store.Feed) {
	a, b := revocations()
	publish(t, st, a)
	publish(t, st, b)
	f := &recorder{}
	follow(t, st, f)
	eventually(t, "Synced(true)", f.isSynced)
	f.mu.Lock()
	defer f.mu.Unlock()
	if !has(f.atSync, a) || !has(f.atSync, b) {
		t.Fatalf("at Synced(true) the follower had been told %+v; want the revocations in force %+v and %+v", f.atSync, a, b)
	}
}

// followedThenPublished: a revocation published while a follower follows
// reaches it.
func (s *suite) followedThenPublished(t *testing.T, st store.Feed) {
	f := &recorder{}
	follow(t, st, f)
	eventually(t, "Synced(true)", f.isSynced)
	a, b := revocations()
	publish(t, st, a)
	publish(t, st, b)
	eventually(t, "the revocation of a session reaches the follower", func() bool { return f.got(a) })
	eventually(t, "the revocation by match reaches the follower", func() bool { return f.got(b) })
}

// matchKept: Match is carried byte for byte, whatever its bytes.
func (s *suite) matchKept(t *testing.T, st store.Feed) {
	f := &recorder{}
	follow(t, st, f)
	eventually(t, "Synced(true)", f.isSynced)
	_, r := revocations()
	r.Match = "e\x00org_01ÄÖ\x00" + newID() + "@example.test\"\\<>'%00"
	publish(t, st, r)
	eventually(t, "the revocation with its match as published", func() bool { return f.got(r) })
}

// followEnds: Follow returns once its context ends (checked by follow).
func (s *suite) followEnds(t *testing.T, st store.Feed) {
	f := &recorder{}
	follow(t, st, f)
	eventually(t, "Synced(true)", f.isSynced)
}
