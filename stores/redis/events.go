package redisstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Claim records that the webhook event with this ID is being handled, for
// ttl, and reports whether this caller is the first to claim it (SET NX
// PX): instances that receive the same event more than once handle it
// once. An error wrapping core.ErrStoreUnavailable means Redis did not
// answer; the caller should not handle the event now (WorkOS retries).
// Redis may have recorded a claim whose answer came too late: such an
// event is claimed until ttl passes, so keep ttl short enough (minutes)
// for a retry to find it free.
func (s *Store) Claim(ctx context.Context, eventID string, ttl time.Duration) (bool, error) {
	if eventID == "" {
		return false, errors.New("redisstore: claim of an event without an ID")
	}
	if ttl < time.Millisecond {
		ttl = time.Millisecond
	}
	var first bool
	err := s.call(ctx, "claim event", func(ctx context.Context) error {
		err := s.client.SetArgs(ctx, s.eventPrefix+eventID, "1", redis.SetArgs{Mode: "NX", TTL: ttl}).Err()
		switch {
		case errors.Is(err, redis.Nil):
			first = false
			return nil
		case err != nil:
			return err
		}
		first = true
		return nil
	})
	if err != nil {
		return false, err
	}
	return first, nil
}

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
