package redisstore

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// health is whether Redis answers lately. Once a call found it not
// answering (no answer within the timeout, a connection refused or
// broken), every call fails at once (core answers 503 with Retry-After)
// instead of each waiting the whole timeout, and one probe in the
// background pings Redis until it answers; a subscription to the
// revocation channel that succeeds proves it too. A Redis that answers
// with an error (a wrong password, MOVED) is not down: its calls fail
// as they come, fast.
type health struct {
	down    atomic.Bool // calls fail at once
	probing atomic.Bool // a probe runs
	moved   atomic.Bool // the MOVED warning was logged
}

// errDown is the error of a call made while Redis is known not to answer.
var errDown = errors.New("no answer from Redis lately (calls fail at once until a probe finds it back)")

// errNoAnswer is the cause of a call that had no answer within the
// store's own timeout (not the caller's deadline).
var errNoAnswer = errors.New("no answer in time")

// probeEvery is how often a probe pings Redis while it is down (each ping
// bounded by the timeout).
const probeEvery = 100 * time.Millisecond

// observe notes what a call's outcome says of Redis: an error that means
// Redis does not answer marks it down and starts the probe.
func (s *Store) observe(err error) {
	if err == nil || errors.Is(err, errFinal) {
		return
	}
	if isMoved(err) && s.health.moved.CompareAndSwap(false, true) {
		s.logger().Error("workosauth: redisstore: Redis answered MOVED: the client reaches a Redis Cluster as a single server, and most calls fail. Build a cluster client (redisstore.NewClientFromURL with redis://node1:port?addr=node2:port&addr=node3:port)", "error", err)
	}
	if !unreachable(err) {
		return
	}
	if s.health.down.CompareAndSwap(false, true) {
		s.logger().Warn("workosauth: redisstore: Redis does not answer; calls fail at once (503) until it does", "error", err)
		s.startProbe()
	}
}

// unreachable reports whether err means Redis does not answer: no answer
// within the store's timeout, or a connection that fails (refused,
// reset, a pool with no connection to give); or Redis not ready yet
// (LOADING its data after a restart, MASTERDOWN). Other answers from
// Redis, and a caller that gave up, are not.
func unreachable(err error) bool {
	switch {
	case errors.Is(err, errNoAnswer):
		return true
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded), errors.Is(err, redis.ErrClosed):
		return false // the caller gave up, or closed the client
	}
	var reply redis.Error
	if errors.As(err, &reply) {
		msg := reply.Error()
		return strings.HasPrefix(msg, "LOADING") || strings.HasPrefix(msg, "MASTERDOWN")
	}
	return !errors.Is(err, errPanic)
}

// isMoved reports whether err is Redis redirecting a single-server client
// to another Cluster node.
func isMoved(err error) bool {
	var reply redis.Error
	return errors.As(err, &reply) && (strings.HasPrefix(reply.Error(), "MOVED ") || strings.HasPrefix(reply.Error(), "ASK "))
}

// startProbe starts the probe unless one runs.
func (s *Store) startProbe() {
	if s.health.probing.CompareAndSwap(false, true) {
		go s.probe()
	}
}

// probe pings Redis, every probeEvery, while it is marked down; the first
// answer marks it up. A client closed meanwhile ends the probe too.
func (s *Store) probe() {
	for {
		for s.health.down.Load() {
			err := s.bounded(context.Background(), "probe", func(ctx context.Context) error { return s.client.Ping(ctx).Err() })
			if err == nil || errors.Is(err, redis.ErrClosed) {
				s.markUp()
				break
			}
			time.Sleep(probeEvery)
		}
		s.health.probing.Store(false)
		// marked down again between the loop's check and the Store: this
		// probe goes on, unless another took over
		if !s.health.down.Load() || !s.health.probing.CompareAndSwap(false, true) {
			return
		}
	}
}

// markUp records that Redis answers again, and has the writes that wait
// for it retried.
func (s *Store) markUp() {
	if s.health.down.CompareAndSwap(true, false) {
		s.logger().Info("workosauth: redisstore: Redis answers again")
		s.kickPending()
	}
}

// Healthy reports whether Redis answers, for readiness probes (core's
// Auth.Ready asks it, and each adapter's Ready handler answers 503 while
// it fails): an error wrapping core.ErrStoreUnavailable at once while
// Redis is known not to answer, or when a PING now gets no answer within
// the timeout (which marks it down, as any call does); nil once it
// answers.
func (s *Store) Healthy(ctx context.Context) error {
	return s.call(ctx, "ping", func(ctx context.Context) error { return s.client.Ping(ctx).Err() })
}
