package redisstore

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ssokit/workosauth/core/store"
)

// Revocations travel two ways: a sorted set (namespace+"revoked", member: the
// revocation's JSON, score: when it may be forgotten, unix ms) that holds
// every revocation in force, and a pub/sub channel (namespace+"revocations")
// that carries each new one to the instances that follow it. An instance
// subscribes first and then reads the set, so a revocation published
// meanwhile reaches it one way or the other. Both are single keys, so
// this works on Redis Cluster too (PUBLISH reaches every node).

// maxMessageLen bounds a revocation read from Redis.
const maxMessageLen = 4096

// Publish records r in the sorted set and publishes it on the channel.
// When Redis cannot be reached, r is queued in memory and retried until
// it lands; the error says so (wrapping store.ErrUnavailable).
func (s *Store) Publish(ctx context.Context, r store.Revocation) error {
	if r.SessionID == "" && r.Match == "" {
		return nil
	}
	member, err := encodeRevocation(r)
	if err != nil {
		return err
	}
	message, err := encodeMessage(r)
	if err != nil {
		return err
	}
	now := time.Now()
	if !r.Until.After(now) {
		return nil // every session it ends has expired
	}
	err = s.call(ctx, "publish revocation", func(ctx context.Context) error {
		_, err := s.client.Pipelined(ctx, func(p redis.Pipeliner) error {
			s.pipePublish(ctx, p, member, message, r.Until, now)
			return nil
		})
		return err
	})
	if err == nil {
		return nil
	}
	if qerr := s.queueRevocation(r, member); qerr != nil {
		return errors.Join(err, qerr)
	}
	return fmt.Errorf("%w (queued; retried until Redis answers)", err)
}

// Follow subscribes to the channel and, after each subscription (the
// first and every reconnection), checks that Redis is the one it knew
// (identity.go: else f.Reset, and the revocations f knows are recorded
// again), reads every revocation in force from the sorted set, applies
// them and reports f.Synced(true); then it applies each revocation
// published, and checks the identity of Redis every second. When the
// connection fails or goes quiet (no answer to a ping within the timeout)
// it reports f.Synced(false) and reconnects, backing off up to a second.
// It returns nil when ctx ends (without calling Synced: the follower
// ended it).
func (s *Store) Follow(ctx context.Context, f store.Follower) error {
	synced := false
	known := "" // the identity of Redis, once read
	backoff := 50 * time.Millisecond
	var warned time.Time
	for ctx.Err() == nil {
		err := s.followOnce(ctx, f, &synced, &known)
		if ctx.Err() != nil {
			break // the follower stopped following: it knows
		}
		if synced {
			synced = false
			f.Synced(false)
			backoff = 50 * time.Millisecond // it worked: reconnect quickly
		}
		if err != nil && time.Since(warned) > 30*time.Second {
			warned = time.Now()
			s.logger().Warn("workosauth: redisstore: lost the revocation channel; reconnecting", "error", err)
		}
		t := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
		case <-t.C:
		}
		t.Stop()
		backoff = min(2*backoff, time.Second)
	}
	return nil
}

var errQuiet = errors.New("redisstore: no answer to a ping on the revocation channel")

// followOnce follows the channel on one connection until it fails.
func (s *Store) followOnce(ctx context.Context, f store.Follower, synced *bool, known *string) error {
	ps := s.client.Subscribe(ctx, s.channel)
	defer ps.Close()
	stop := context.AfterFunc(ctx, func() { ps.Close() })
	defer stop()
	interval := max(s.timeout/2, 10*time.Millisecond)
	awaitingPong := false
	lastFlush, lastCheck := time.Now(), time.Now()
	for {
		msg, err := ps.ReceiveTimeout(ctx, interval)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			var ne net.Error
			if !errors.As(err, &ne) || !ne.Timeout() {
				return err
			}
			if awaitingPong || !*synced {
				return errQuiet
			}
			if err := ps.Ping(ctx); err != nil {
				return err
			}
			awaitingPong = true
			continue
		}
		awaitingPong = false
		switch m := msg.(type) {
		case *redis.Subscription:
			if m.Kind != "subscribe" || m.Channel != s.channel {
				continue
			}
			s.markUp() // Redis answers
			if _, err := s.checkIdentity(ctx, f, known); err != nil {
				return err
			}
			lastCheck = time.Now()
			if err := s.loadRevocations(ctx, f); err != nil {
				return err
			}
			*synced = true
			f.Synced(true)
			s.kickPending()
		case *redis.Message:
			r, err := decodeRevocation([]byte(m.Payload))
			if err != nil {
				s.logger().Warn("workosauth: redisstore: ignored a malformed message on the revocation channel", "error", err)
				continue
			}
			f.Revoked(r)
		}
		if time.Since(lastFlush) > s.retryEvery {
			lastFlush = time.Now()
			s.kickPending()
		}
		if *synced && time.Since(lastCheck) >= identityEvery {
			lastCheck = time.Now()
			if changed, err := s.checkIdentity(ctx, f, known); err != nil || changed {
				return cmp.Or(err, errReplaced)
			}
		}
	}
}

// kickPending has queued writes retried now that Redis answers.
func (s *Store) kickPending() {
	if s.pending.len() > 0 {
		s.startFlusher()
		s.kick()
	}
}

// loadRevocations applies every revocation in force in the sorted set.
// ZSCAN returns every member present from the start to the end of the
// scan, whatever is added or pruned meanwhile.
func (s *Store) loadRevocations(ctx context.Context, f store.Follower) error {
	var cursor uint64
	now := time.Now().UnixMilli()
	bad := 0
	for {
		var page []string
		err := s.call(ctx, "load revocations", func(ctx context.Context) error {
			var err error
			page, cursor, err = s.client.ZScan(ctx, s.revokedKey, cursor, "", 1000).Result()
			return err
		})
		if err != nil {
			return err
		}
		for i := 0; i+1 < len(page); i += 2 { // member, score, member, score...
			if score, err := strconv.ParseFloat(page[i+1], 64); err == nil && int64(score) <= now {
				continue
			}
			r, err := decodeRevocation([]byte(page[i]))
			if err != nil {
				bad++
				continue
			}
			f.Revoked(r)
		}
		if cursor == 0 {
			break
		}
	}
	if bad > 0 {
		s.logger().Warn("workosauth: redisstore: ignored malformed revocations in Redis", "count", bad, "key", s.revokedKey)
	}
	return nil
}

// wireRevocation is a revocation as Redis holds it: JSON, the Match (core's
// text form) as a string. Its form is the one every version of the store
// wrote, so that members already in the sorted set stay the same: Made
// (when the revocation was made, for the delay to its application
// elsewhere) is left out of the member, and carried only by the message
// on the channel (encodeMessage), so that a revocation recorded again
// after Redis lost it is the same member.
type wireRevocation struct {
	SessionID string    `json:"sid,omitempty"`
	Match     string    `json:"match,omitempty"`
	Before    time.Time `json:"before,omitzero"`
	Until     time.Time `json:"until"`
	Made      time.Time `json:"made,omitzero"`
}

// encodeRevocation is the JSON of r: its member in the sorted set and its
// message on the channel. Its times are written in one form (UTC, Until
// rounded up to the second, Before to the millisecond, as core keeps
// them), so that a revocation an instance records again after Redis lost
// it is the same member as the one it was published as.
func encodeRevocation(sr store.Revocation) (string, error) {
	sr.Made = time.Time{}
	return encodeWire(sr)
}

// encodeMessage is the message on the channel: the member's form with
// Made, to the millisecond, when known.
func encodeMessage(sr store.Revocation) (string, error) { return encodeWire(sr) }

// encodeWire is r's JSON, its times in one form.
func encodeWire(sr store.Revocation) (string, error) {
	r := wireRevocation(sr)
	if !r.Until.IsZero() {
		until := r.Until.Truncate(time.Second)
		if until.Before(r.Until) {
			until = until.Add(time.Second)
		}
		r.Until = until.UTC()
	}
	if !r.Before.IsZero() {
		r.Before = time.UnixMilli(r.Before.UnixMilli()).UTC()
	}
	if !r.Made.IsZero() {
		r.Made = time.UnixMilli(r.Made.UnixMilli()).UTC()
	}
	b, err := json.Marshal(r)
	if err != nil {
		return "", fmt.Errorf("redisstore: encode revocation: %w", err)
	}
	return string(b), nil
}

// decodeRevocation reads a revocation from Redis, refusing what no
// instance would have published: too long, not JSON, neither a session
// nor a match, a match without its time, no end. Core reads the match
// and refuses one that is not its own.
func decodeRevocation(b []byte) (store.Revocation, error) {
	var r wireRevocation
	if len(b) > maxMessageLen {
		return store.Revocation{}, fmt.Errorf("redisstore: revocation of %d bytes", len(b))
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return store.Revocation{}, fmt.Errorf("redisstore: revocation: %w", err)
	}
	switch {
	case r.SessionID == "" && r.Match == "":
		return store.Revocation{}, errors.New("redisstore: revocation of nothing")
	case len(r.SessionID) > maxIDLen:
		return store.Revocation{}, errors.New("redisstore: revocation of an overlong session ID")
	case r.Match != "" && r.Before.IsZero():
		return store.Revocation{}, errors.New("redisstore: revocation by match without a time")
	case r.Until.IsZero():
		return store.Revocation{}, errors.New("redisstore: revocation without an end")
	}
	return store.Revocation(r), nil
}
