package redisstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ssokit/workosauth/core/store"
)

// A handled event's key holds "done"; a lease on an event being handled,
// leasePrefix and the ID of the Store that took it, so that only that
// Store gives it back. Anything else (the "1" of earlier versions) counts
// as done.
const (
	eventDone   = "done"
	leasePrefix = "lease:"
)

// claimScript takes a lease unless the event is done or leased: 1 taken,
// 0 done, 2 leased by someone.
var claimScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if not v then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if string.sub(v, 1, string.len(ARGV[3])) == ARGV[3] then
  return 2
end
return 0`)

// releaseScript deletes the key if it still holds this Store's lease.
var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`)

// Claim takes a lease on the webhook event with this ID for ttl (a
// short time: store.EventLog's first step) unless it is done or leased,
// and reports whether this call took it; while another lease runs it
// returns store.ErrEventInProgress. An error wrapping
// store.ErrUnavailable means Redis did not answer: the lease may have
// landed all the same, and then expires after ttl.
func (s *Store) Claim(ctx context.Context, eventID string, ttl time.Duration) (bool, error) {
	if eventID == "" {
		return false, errors.New("redisstore: claim of an event without an ID")
	}
	ttl = max(ttl, time.Millisecond)
	var state int64
	err := s.call(ctx, "claim event", func(ctx context.Context) error {
		v, err := claimScript.Run(ctx, s.client, []string{s.eventPrefix + eventID}, s.lease(), ttl.Milliseconds(), leasePrefix).Int64()
		state = v
		return err
	})
	switch {
	case err != nil:
		return false, err
	case state == 2:
		return false, store.ErrEventInProgress
	}
	return state == 1, nil
}

// Done records the event handled, for ttl, in place of its lease.
func (s *Store) Done(ctx context.Context, eventID string, ttl time.Duration) error {
	ttl = max(ttl, time.Millisecond)
	return s.call(ctx, "event done", func(ctx context.Context) error {
		return s.client.Set(ctx, s.eventPrefix+eventID, eventDone, ttl).Err()
	})
}

// Release gives back this Store's lease on the event, if it still holds
// it (one that expired and that another instance took is left alone).
func (s *Store) Release(ctx context.Context, eventID string) error {
	return s.call(ctx, "release event", func(ctx context.Context) error {
		return releaseScript.Run(ctx, s.client, []string{s.eventPrefix + eventID}, s.lease()).Err()
	})
}

// lease is the value of this Store's leases.
func (s *Store) lease() string { return leasePrefix + s.id }

// Cursor returns the position in the WorkOS events stream recorded by
// SetCursor, or "" when none was.
func (s *Store) Cursor(ctx context.Context) (string, error) {
	var cursor string
	err := s.call(ctx, "get events cursor", func(ctx context.Context) error {
		v, err := s.client.Get(ctx, s.cursorKey).Result()
		if errors.Is(err, redis.Nil) {
			return nil
		}
		cursor = v
		return err
	})
	if err != nil {
		return "", err
	}
	return cursor, nil
}

// SetCursor records the position in the WorkOS events stream, for every
// instance.
func (s *Store) SetCursor(ctx context.Context, cursor string) error {
	if err := s.call(ctx, "set events cursor", func(ctx context.Context) error {
		return s.client.Set(ctx, s.cursorKey, cursor, 0).Err()
	}); err != nil {
		return fmt.Errorf("redisstore: events cursor: %w", err)
	}
	return nil
}
