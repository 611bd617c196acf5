package redisstore

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ssokit/workosauth/core/store"
)

// An instance must never trust what it learned from a Redis that has
// since lost it: after a restart without persistence, a failover to a
// replica that missed the last writes, or a flush, Redis no longer holds
// some revocations, and may hold sessions that were ended or none that
// were made. The store tells such a Redis by its identity: the run_id of
// every master (INFO server; a restart or a failover changes it) and an
// epoch marker, a random value under namespace+"epoch" written when there
// is none (a flush or a lost data set removes it). Follow reads it after
// each subscription and every identityEvery; when it changed, the
// follower drops its cache of opened sessions and hands back the
// revocations it knows, which the store records again.

// identityEvery is how often Follow checks the identity of Redis while
// subscribed (a restart also ends the subscription, and is checked on the
// next one).
const identityEvery = time.Second

// identity returns the identity of the Redis the store reaches now.
func (s *Store) identity(ctx context.Context) (string, error) {
	ids, err := s.runIDs(ctx)
	if err != nil {
		return "", err
	}
	epoch, err := s.epoch(ctx)
	if err != nil {
		return "", err
	}
	return ids + "/" + epoch, nil
}

// runIDs returns the run_id of every master, sorted and joined; "" when
// Redis refuses INFO (a managed Redis may): the epoch marker then tells
// alone.
func (s *Store) runIDs(ctx context.Context) (string, error) {
	var (
		mu  sync.Mutex
		ids []string
	)
	info := func(ctx context.Context, c redis.Cmdable) error {
		v, err := c.Info(ctx, "server").Result()
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		ids = append(ids, infoField(v, "run_id"))
		return nil
	}
	err := s.call(ctx, "info server", func(ctx context.Context) error {
		if cc, ok := s.client.(*redis.ClusterClient); ok {
			return cc.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error { return info(ctx, c) })
		}
		return info(ctx, s.client)
	})
	var reply redis.Error
	if errors.As(err, &reply) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	slices.Sort(ids)
	return strings.Join(ids, ","), nil
}

// infoField returns the value of a field of an INFO answer.
func infoField(info, name string) string {
	for line := range strings.Lines(info) {
		if v, ok := strings.CutPrefix(line, name+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// epoch returns the epoch marker, writing one when there is none.
func (s *Store) epoch(ctx context.Context) (string, error) {
	var epoch string
	err := s.call(ctx, "epoch", func(ctx context.Context) error {
		v, err := s.client.Get(ctx, s.epochKey).Result()
		if errors.Is(err, redis.Nil) {
			b := make([]byte, 16)
			rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
			if err := s.client.SetNX(ctx, s.epochKey, base64.RawURLEncoding.EncodeToString(b), 0).Err(); err != nil {
				return err
			}
			v, err = s.client.Get(ctx, s.epochKey).Result() // ours, or another instance's that came first
		}
		epoch = v
		return err
	})
	return epoch, err
}

// checkIdentity reads the identity of Redis and, when it is not the one
// known (an empty known is the first reading), has f drop what it cached
// and records again the revocations it hands back, and reports the
// change. known is updated only once that is done, so that a failure
// midway is tried again.
func (s *Store) checkIdentity(ctx context.Context, f store.Follower, known *string) (changed bool, err error) {
	id, err := s.identity(ctx)
	if err != nil {
		return false, err
	}
	if *known != "" && id != *known {
		s.logger().Warn("workosauth: redisstore: Redis lost its data or was replaced (a restart, a failover or a flush): sessions this instance holds are checked again, and the revocations it knows recorded again")
		if err := s.republish(ctx, f.Reset()); err != nil {
			return false, err
		}
		changed = true
	}
	*known = id
	return changed, nil
}

// errReplaced ends a subscription that may be on a Redis that is no
// longer the master (a Sentinel failover leaves subscriptions where they
// were): Follow subscribes again, to the master.
var errReplaced = errors.New("redisstore: Redis was replaced; subscribing again")

// republishBatch is how many revocations one round trip records again.
const republishBatch = 500

// republish records revs again in a Redis that lost them: each is added
// to the sorted set; one the set did not have is published, so that the
// instances that follow learn it, and the record of its session, if any,
// deleted (a Redis restored from an older copy may hold it again).
func (s *Store) republish(ctx context.Context, revs []store.Revocation) error {
	now := time.Now()
	for len(revs) > 0 {
		batch := revs[:min(len(revs), republishBatch)]
		revs = revs[len(batch):]
		type entry struct {
			member string
			score  float64
			sid    string
		}
		var entries []entry
		for _, r := range batch {
			m, err := encodeRevocation(r)
			if err != nil || !r.Until.After(now) {
				continue
			}
			entries = append(entries, entry{m, float64(r.Until.UnixMilli()), r.SessionID})
		}
		err := s.call(ctx, "record revocations again", func(ctx context.Context) error {
			added := make([]*redis.IntCmd, len(entries))
			if _, err := s.client.Pipelined(ctx, func(p redis.Pipeliner) error {
				for i, e := range entries {
					added[i] = p.ZAdd(ctx, s.revokedKey, redis.Z{Score: e.score, Member: e.member})
				}
				return nil
			}); err != nil {
				return err
			}
			var missing []entry // the set did not have them: the instances may not know them
			for i, e := range entries {
				if added[i].Val() == 1 {
					missing = append(missing, e)
				}
			}
			if len(missing) == 0 {
				return nil
			}
			_, err := s.client.Pipelined(ctx, func(p redis.Pipeliner) error {
				for _, e := range missing {
					p.Publish(ctx, s.channel, e.member)
					if e.sid != "" {
						p.Del(ctx, s.sessionPrefix+e.sid)
					}
				}
				return nil
			})
			return err
		})
		if err != nil {
			return fmt.Errorf("redisstore: record revocations again: %w", err)
		}
	}
	return nil
}
