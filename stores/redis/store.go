package redisstore

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ssokit/workosauth/core/store"
)

// A Store keeps sessions (updating them in place), shares revocations,
// keeps the event log, and learns the app it serves: every capability of
// package store. Core uses it for what the Config names it as.
var (
	_ store.Updater  = (*Store)(nil)
	_ store.Feed     = (*Store)(nil)
	_ store.EventLog = (*Store)(nil)
	_ store.Binder   = (*Store)(nil)
)

// Defaults and bounds of [Options].
const (
	// DefaultPrefix is the default of Options.Prefix.
	DefaultPrefix = "workosauth:"
	// DefaultTimeout is the default of Options.Timeout.
	DefaultTimeout = 2 * time.Second
	// MaxTimeout bounds Options.Timeout: a guarded request never waits
	// longer than this for Redis.
	MaxTimeout = 5 * time.Second
	// DefaultMaxPending is the default of Options.MaxPending.
	DefaultMaxPending = 100_000
)

// Options configures a [Store]. The zero value of every field stands for
// the default given in its comment.
type Options struct {
	// Prefix starts every key the store writes and the name of its pub/sub
	// channel. core.New binds the store to the app's WorkOS client ID
	// ([Store.Bind]), and the keys go under Prefix+clientID+":" (the
	// namespace below), so that apps of different WorkOS environments
	// sharing one Redis never see each other's sessions or revocations;
	// apps of one environment sharing a Redis need a Prefix each. Keys:
	// namespace+"s:"+ID for sessions, namespace+"revoked" (a sorted set)
	// and namespace+"revocations" (the channel) for revocations,
	// namespace+"epoch" (a random marker that tells the store when Redis
	// lost its data), namespace+"event:" and namespace+"events:cursor" for
	// webhook events. Default: "workosauth:".
	Prefix string
	// Timeout bounds every call to Redis, including the one a guarded
	// request makes for a session that is not in the cache of opened
	// sessions. A call that has no answer by then fails with an error
	// wrapping store.ErrUnavailable (the guard answers 503). The store
	// enforces it whatever the client: a client built with
	// ContextTimeoutEnabled (recommended) honours it itself, and a call
	// then costs no extra goroutine; with any other client each call runs
	// in a goroutine that the store stops waiting for at the timeout.
	// Default: 2 seconds. At most [MaxTimeout] (5 seconds); a larger value
	// is lowered to it.
	Timeout time.Duration
	// MaxPending bounds how many revocations and session deletions that
	// could not reach Redis are kept in memory to be retried. Past it, the
	// ones whose sessions have expired anyway are dropped first; then a
	// new one is refused with an error (and a line in the log), while the
	// revocation still holds in this process. Default: 100000.
	MaxPending int
}

// Store keeps sessions in Redis, shares their revocations and remembers
// the WorkOS events handled: a store.Store (and store.Updater), a
// store.Feed and a store.EventLog. Core uses it for what the Config names
// it as: core.Config.Sessions.Store for server-side sessions, Config.Sessions.Revocations
// for revocations every instance learns (beside the default cookie store
// too, for stateless sessions that still end everywhere), and
// Config.Events.Log for events handled once across the fleet. It logs one
// line per failure worth an operator's attention (Redis unreachable,
// revocations waiting to be shared, a malformed message on the channel;
// never a token or a session's contents) through the app's logger,
// core.Config.Logger, which core.New hands it ([Store.Bind]). Build it
// with [New]; it is safe for concurrent use.
type Store struct {
	client   redis.UniversalClient
	ctxBound bool   // the client honours context deadlines: calls run inline
	id       string // random, names this Store's event leases
	prefix   string
	timeout  time.Duration
	log      atomic.Pointer[slog.Logger] // the app's, from Bind; discard until then

	// The keys, under the namespace: Prefix, then Prefix+clientID+":"
	// once bound (Bind, before any other use).
	bindMu        sync.Mutex
	clientID      string
	sessionPrefix string
	revokedKey    string
	channel       string
	eventPrefix   string
	cursorKey     string
	epochKey      string

	pending    pendingQueue
	flushing   atomic.Bool
	flushKick  chan struct{}
	retryEvery time.Duration

	health health // whether Redis answers lately (health.go)
}

// New returns a Store on the caller's client: a *redis.Client, a
// *redis.ClusterClient or a Sentinel failover client (redis.NewUniversalClient). The
// Store does not own the client: close it when the app shuts down, after
// core.Auth.Close.
func New(client redis.UniversalClient, opts Options) *Store {
	if opts.Prefix == "" {
		opts.Prefix = DefaultPrefix
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	opts.Timeout = min(opts.Timeout, MaxTimeout)
	if opts.MaxPending <= 0 {
		opts.MaxPending = DefaultMaxPending
	}
	s := &Store{
		client:     client,
		ctxBound:   boundsByContext(client),
		id:         rand.Text(),
		prefix:     opts.Prefix,
		timeout:    opts.Timeout,
		pending:    pendingQueue{max: opts.MaxPending, ops: map[string]pendingOp{}},
		flushKick:  make(chan struct{}, 1),
		retryEvery: min(opts.Timeout/4, 500*time.Millisecond),
	}
	s.log.Store(slog.New(slog.DiscardHandler))
	s.setNamespace(opts.Prefix)
	return s
}

// logger is the app's logger, once bound.
func (s *Store) logger() *slog.Logger { return s.log.Load() }

// setNamespace names every key under ns.
func (s *Store) setNamespace(ns string) {
	s.sessionPrefix = ns + "s:"
	s.revokedKey = ns + "revoked"
	s.channel = ns + "revocations"
	s.eventPrefix = ns + "event:"
	s.cursorKey = ns + "events:cursor"
	s.epochKey = ns + "epoch"
}

// Bind puts every key of the store under Prefix+ClientID+":", so that
// apps of different WorkOS environments (client IDs) sharing one Redis
// keep their sessions, revocations and events apart, as sealed cookies
// are bound to their client ID, and has the store log through b.Logger.
// core.New calls it (store.Binder) before using the store; call it
// yourself only for a store used without core, before any other method.
// Binding again to the same client ID only takes the logger; to another
// is an error (a Store serves one app).
func (s *Store) Bind(b store.Binding) error {
	s.bindMu.Lock()
	defer s.bindMu.Unlock()
	switch {
	case b.ClientID != "" && s.clientID != "" && s.clientID != b.ClientID:
		return fmt.Errorf("redisstore: the store is bound to client ID %q already, not %q: make a Store per app", s.clientID, b.ClientID)
	case b.ClientID != "" && s.clientID == "":
		s.clientID = b.ClientID
		s.setNamespace(s.prefix + b.ClientID + ":")
	}
	if b.Logger != nil {
		s.log.Store(b.Logger)
	}
	return nil
}

// call runs f, a call to Redis, and returns within the store's timeout
// whatever Redis does. A client built with ContextTimeoutEnabled bounds
// every wait (pool, dial, socket, retries) by the context's deadline, so f
// runs inline. Any other client may wait longer (its ReadTimeout, pool
// timeout and retries), so f runs in a goroutine of its own and call
// stops waiting at the deadline; f must then only write variables that
// the caller reads after call returns nil (the result channel orders
// them). Every error but redis.Nil (which f handles itself) is Redis
// failing to answer, and wraps store.ErrUnavailable.
//
// Once a call found Redis not answering (see health.go), every call fails
// at once, without asking Redis, until a probe in the background finds it
// answering again.
func (s *Store) call(ctx context.Context, what string, f func(ctx context.Context) error) error {
	if s.health.down.Load() {
		return fmt.Errorf("%w: redis %s: %w", store.ErrUnavailable, what, errDown)
	}
	err := s.bounded(ctx, what, f)
	s.observe(err)
	return err
}

// bounded is call without the health check: f bounded by the timeout.
func (s *Store) bounded(ctx context.Context, what string, f func(ctx context.Context) error) error {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithTimeoutCause(ctx, s.timeout, errNoAnswer)
	defer cancel()
	var err error
	if s.ctxBound {
		err = guarded(ctx, f)
	} else {
		done := make(chan error, 1)
		go func() { done <- guarded(ctx, f) }()
		select {
		case err = <-done:
		case <-ctx.Done():
			err = context.Cause(ctx) // f may still write its results: never nil here
		}
	}
	switch {
	case err == nil || errors.Is(err, errFinal):
		return err
	case ctx.Err() != nil:
		return fmt.Errorf("%w: redis %s: no answer within %v: %w", store.ErrUnavailable, what, s.timeout, context.Cause(ctx))
	}
	return fmt.Errorf("%w: redis %s: %w", store.ErrUnavailable, what, err)
}

// guarded runs f and turns a panic in the client into an error.
func guarded(ctx context.Context, f func(ctx context.Context) error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v", errPanic, p)
		}
	}()
	return f(ctx)
}

var errPanic = errors.New("panic in the Redis client")

// boundsByContext reports whether the client bounds every wait by the
// context's deadline: built with ContextTimeoutEnabled.
func boundsByContext(c redis.UniversalClient) bool {
	switch c := c.(type) {
	case *redis.Client: // also what NewFailoverClient returns
		return c.Options().ContextTimeoutEnabled
	case *redis.ClusterClient:
		return c.Options().ContextTimeoutEnabled
	}
	return false
}

// errFinal marks an answer from Redis that is not a failure to answer (a
// session that is not there): call returns it as it is.
var errFinal = errors.New("redisstore: final answer")

// pendingOp is a write that could not reach Redis: a revocation to record
// and publish, or a session to delete.
type pendingOp struct {
	rev      *store.Revocation
	member   string // the revocation's JSON, its member in the sorted set
	deleteID string
	until    time.Time // the op can be dropped after this
}

// pendingQueue holds the writes that wait for Redis, keyed so that the
// same one is kept once.
type pendingQueue struct {
	mu  sync.Mutex
	ops map[string]pendingOp
	max int
}

// add queues op under key and reports whether it was kept.
func (q *pendingQueue) add(key string, op pendingOp, now time.Time) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if _, ok := q.ops[key]; ok {
		return true
	}
	if len(q.ops) >= q.max {
		for k, o := range q.ops {
			if !o.until.After(now) {
				delete(q.ops, k)
			}
		}
		if len(q.ops) >= q.max {
			return false
		}
	}
	q.ops[key] = op
	return true
}

// snapshot returns up to n queued ops with their keys.
func (q *pendingQueue) snapshot(n int) (keys []string, ops []pendingOp) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for k, o := range q.ops {
		if len(keys) == n {
			break
		}
		keys = append(keys, k)
		ops = append(ops, o)
	}
	return keys, ops
}

func (q *pendingQueue) remove(keys []string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, k := range keys {
		delete(q.ops, k)
	}
}

func (q *pendingQueue) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.ops)
}

// Pending is how many revocations and session deletions wait for Redis
// in this process (they are retried until they land).
func (s *Store) Pending() int { return s.pending.len() }

// queue keeps op for the retry loop and starts the loop if it is not
// running. It returns an error when the queue is full.
func (s *Store) queue(key string, op pendingOp) error {
	if !s.pending.add(key, op, time.Now()) {
		s.logger().Warn("workosauth: redisstore: too many writes waiting for Redis; this one is dropped (it still holds in this process)", "max_pending", s.pending.max)
		return fmt.Errorf("%w: redisstore: %d writes already wait for Redis", store.ErrUnavailable, s.pending.max)
	}
	s.startFlusher()
	return nil
}

// startFlusher starts the retry loop unless it runs.
func (s *Store) startFlusher() {
	if s.flushing.CompareAndSwap(false, true) {
		go s.flushLoop()
	}
}

// kick asks a running retry loop to try now.
func (s *Store) kick() {
	select {
	case s.flushKick <- struct{}{}:
	default:
	}
}

// flushLoop retries the queued writes until none is left.
func (s *Store) flushLoop() {
	t := time.NewTimer(0)
	defer t.Stop()
	warned := time.Time{}
	for {
		select {
		case <-t.C:
		case <-s.flushKick:
		}
		err := s.flush(context.Background())
		if s.pending.len() == 0 {
			s.flushing.Store(false)
			// a write queued between the check and the Store starts its own loop,
			// unless this one takes it back
			if s.pending.len() == 0 || !s.flushing.CompareAndSwap(false, true) {
				return
			}
		}
		if err != nil && time.Since(warned) > 30*time.Second {
			warned = time.Now()
			s.logger().Warn("workosauth: redisstore: revocations wait for Redis; retrying", "pending", s.pending.len(), "error", err)
		}
		t.Reset(s.retryEvery)
	}
}

// flush writes the queued ops to Redis, in batches, until the queue is
// empty or Redis fails.
func (s *Store) flush(ctx context.Context) error {
	for {
		keys, ops := s.pending.snapshot(256)
		if len(keys) == 0 {
			return nil
		}
		now := time.Now()
		err := s.call(ctx, "flush pending", func(ctx context.Context) error {
			_, err := s.client.Pipelined(ctx, func(p redis.Pipeliner) error {
				for _, o := range ops {
					switch {
					case !o.until.After(now): // nothing left to end
					case o.rev != nil:
						p.ZAdd(ctx, s.revokedKey, redis.Z{Score: float64(o.rev.Until.UnixMilli()), Member: o.member})
						p.Publish(ctx, s.channel, o.member)
					case o.deleteID != "":
						p.Del(ctx, s.sessionPrefix+o.deleteID)
					}
				}
				p.ZRemRangeByScore(ctx, s.revokedKey, "-inf", fmt.Sprint(now.UnixMilli()))
				return nil
			})
			return err
		})
		if err != nil {
			return err
		}
		s.pending.remove(keys)
	}
}
