package redisstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ssokit/workosauth/core/store"
)

// RevokeSession ends the session r names and records and publishes r in
// one round trip (store.SessionRevoker: core calls it for a sign-out or
// a RevokeSession when this store is both its Store and its
// Revocations): Delete's DEL and Publish's commands in one pipeline. On
// Redis Cluster the pipeline goes to the session's node and the sorted
// set's node at once. When Redis cannot be reached, what did not land is
// queued and retried, as Delete and Publish do.
func (s *Store) RevokeSession(ctx context.Context, r store.Revocation) error {
	id := r.SessionID
	if id == "" || len(id) > maxIDLen {
		return s.Publish(ctx, r) // no record such an ID could name
	}
	member, err := encodeRevocation(r)
	if err != nil {
		return errors.Join(err, s.Delete(ctx, id))
	}
	message, err := encodeMessage(r)
	if err != nil {
		return errors.Join(err, s.Delete(ctx, id))
	}
	now := time.Now()
	publish := r.Until.After(now) // else every session it ends has expired
	key := s.sessionPrefix + id
	err = s.call(ctx, "revoke session", func(ctx context.Context) error {
		_, err := s.client.Pipelined(ctx, func(p redis.Pipeliner) error {
			p.Del(ctx, key)
			if publish {
				s.pipePublish(ctx, p, member, message, r.Until, now)
			}
			return nil
		})
		return err
	})
	if err == nil {
		return nil
	}
	qerr := s.queueDelete(id)
	if publish {
		qerr = errors.Join(qerr, s.queueRevocation(r, member))
	}
	if qerr != nil {
		return errors.Join(err, qerr)
	}
	return fmt.Errorf("%w (queued; retried until Redis answers)", err)
}

// pipePublish adds Publish's commands to p: r (as member) recorded in the
// sorted set until until, published on the channel, and the revocations
// past their end pruned.
func (s *Store) pipePublish(ctx context.Context, p redis.Pipeliner, member, message string, until, now time.Time) {
	p.ZAdd(ctx, s.revokedKey, redis.Z{Score: float64(until.UnixMilli()), Member: member})
	p.Publish(ctx, s.channel, message)
	p.ZRemRangeByScore(ctx, s.revokedKey, "-inf", strconv.FormatInt(now.UnixMilli(), 10))
}

// queueDelete queues the deletion of the session id for the retry loop.
func (s *Store) queueDelete(id string) error {
	return s.queue("del\x00"+id, pendingOp{deleteID: id, until: time.Now().Add(deleteRetryFor)})
}

// queueRevocation queues r, encoded as member, for the retry loop.
func (s *Store) queueRevocation(r store.Revocation, member string) error {
	return s.queue("rev\x00"+member, pendingOp{rev: &r, member: member, until: r.Until})
}

var _ store.SessionRevoker = (*Store)(nil)
