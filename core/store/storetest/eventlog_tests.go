package storetest

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core/store"
)

// eventLog runs the subtests of the EventLog contract.
func (s *suite) eventLog(t *testing.T) {
	subtests(t, s, []subtest[store.EventLog]{
		{"claim_once", s.claimOnce},
		{"in_progress", s.inProgress},
		{"release", s.release},
		{"done", s.done},
		{"release_after_done", s.releaseAfterDone},
		{"lease_expires", s.leaseExpires},
		{"concurrent_claims", s.concurrentClaims},
		{"cursor", s.cursor},
	})
}

// eventID returns an event ID as WorkOS makes them.
func eventID() string { return "event_" + newID() }

// claim claims id for a minute and returns what Claim said.
func claim(t *testing.T, l store.EventLog, id string) (bool, error) {
	t.Helper()
	return l.Claim(ctx(t), id, time.Minute)
}

// claimOnce: the first Claim of an event takes it.
func (s *suite) claimOnce(t *testing.T, l store.EventLog) {
	if ok, err := claim(t, l, eventID()); !ok || err != nil {
		t.Fatalf("the first Claim of an event: %v, %v; want true, nil", ok, err)
	}
}

// inProgress: while a lease runs, Claim says store.ErrEventInProgress.
func (s *suite) inProgress(t *testing.T, l store.EventLog) {
	id := eventID()
	claim(t, l, id)
	if ok, err := claim(t, l, id); ok || !errors.Is(err, store.ErrEventInProgress) {
		t.Fatalf("Claim of a leased event: %v, %v; want false, store.ErrEventInProgress", ok, err)
	}
}

// release: a released event can be claimed again.
func (s *suite) release(t *testing.T, l store.EventLog) {
	id := eventID()
	claim(t, l, id)
	if err := l.Release(ctx(t), id); err != nil {
		t.Fatalf("Release: %v", err)
	}
	if ok, err := claim(t, l, id); !ok || err != nil {
		t.Fatalf("Claim of a released event: %v, %v; want true, nil", ok, err)
	}
}

// done: an event done is never claimed again (within its ttl).
func (s *suite) done(t *testing.T, l store.EventLog) {
	id := eventID()
	claim(t, l, id)
	if err := l.Done(ctx(t), id, time.Hour); err != nil {
		t.Fatalf("Done: %v", err)
	}
	if ok, err := claim(t, l, id); ok || err != nil {
		t.Fatalf("Claim of an event done: %v, %v; want false, nil", ok, err)
	}
}

// releaseAfterDone: Release drops a lease only, never the record of an
// event done.
func (s *suite) releaseAfterDone(t *testing.T, l store.EventLog) {
	id := eventID()
	claim(t, l, id)
	if err := l.Done(ctx(t), id, time.Hour); err != nil {
		t.Fatalf("Done: %v", err)
	}
	if err := l.Release(ctx(t), id); err != nil {
		t.Fatalf("Release: %v", err)
	}
	if ok, err := claim(t, l, id); ok || err != nil {
		t.Fatalf("Claim of an event done, then released: %v, %v; want false, nil", ok, err)
	}
}

// leaseExpires: a lease nobody released (its answer was lost) expires
// after its ttl, and a later Claim takes the event.
func (s *suite) leaseExpires(t *testing.T, l store.EventLog) {
	id := eventID()
	if ok, err := l.Claim(ctx(t), id, 300*time.Millisecond); !ok || err != nil {
		t.Fatalf("Claim: %v, %v", ok, err)
	}
	eventually(t, "a later Claim takes the event once its lease expired", func() bool {
		ok, err := claim(t, l, id)
		if err != nil && !errors.Is(err, store.ErrEventInProgress) {
			t.Fatalf("Claim: %v", err)
		}
		return ok
	})
}

// concurrentClaims: of concurrent claims of one event, one takes it.
func (s *suite) concurrentClaims(t *testing.T, l store.EventLog) {
	id := eventID()
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		taken int
	)
	for range 16 {
		wg.Go(func() {
			ok, err := claim(t, l, id)
			if err != nil && !errors.Is(err, store.ErrEventInProgress) {
				t.Errorf("Claim: %v", err)
			}
			if ok {
				mu.Lock()
				taken++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if taken != 1 {
		t.Fatalf("%d of 16 concurrent claims took the event; want 1", taken)
	}
}

// cursor: Cursor is "" until SetCursor, then the cursor set last.
func (s *suite) cursor(t *testing.T, l store.EventLog) {
	if c, err := l.Cursor(ctx(t)); c != "" || err != nil {
		t.Fatalf("Cursor of a fresh log: %q, %v; want \"\", nil", c, err)
	}
	for _, want := range []string{"event_01A", "event_01B"} {
		if err := l.SetCursor(ctx(t), want); err != nil {
			t.Fatalf("SetCursor: %v", err)
		}
		if c, err := l.Cursor(ctx(t)); c != want || err != nil {
			t.Fatalf("Cursor: %q, %v; want %q", c, err, want)
		}
	}
}
