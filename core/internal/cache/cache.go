package cache

import (
	"hash/maphash"
	"math"
	"time"
)

// DefaultMaxEntries is the bound New uses when maxEntries <= 0.
const DefaultMaxEntries = 10_000

const (
	// maxShards is the shard count of all but small caches.
	maxShards = 32
	// minShardEntries is the smallest per-shard bound New accepts before
	// using fewer shards, so small caches still evict sensibly.
	minShardEntries = 16
)

// Cache maps string keys to values of type V that expire. It is safe for
// concurrent use and must be created with New or NewWithCost.
//
// Entries are spread over up to 32 shards by a per-Cache hash/maphash seed
// (keys longer than shardKeyMax by their last shardKeyTail bytes); each
// shard has its own lock and an equal share of the bounds (entries and,
// with NewWithCost, cost). Get takes only its shard's read lock.
//
// Eviction policy: when Set adds a key to a full shard (one at its entry
// bound, or, with NewWithCost, one whose cost would exceed its share with
// the new entry; this includes an overwrite that raises an entry's cost),
// it removes the shard's other entry with the earliest expiry, as often as
// needed to make room. Expired entries therefore always go first;
// if none has expired, the entry closest to expiring goes (ties are broken
// arbitrarily). Each eviction costs O(log n) in the shard's size. Expired
// entries are otherwise not removed until evicted, deleted or overwritten,
// and they count toward Len and Cost.
type Cache[V any] struct {
	seed   maphash.Seed
	mask   uint64
	shards []shard[V]
	cost   func(key string, v V) int64 // nil: New's cache, every entry costs 0
}

// noCostBound is a shard's maxCost when the cache has no cost bound.
const noCostBound = math.MaxInt64

// New returns a Cache holding at most maxEntries entries in all
// ([DefaultMaxEntries] if maxEntries <= 0). Caches of at least 512 entries use
// 32 shards; smaller ones use fewer (down to one, below 32 entries) so that
// each shard holds at least 16 entries.
func New[V any](maxEntries int) *Cache[V] {
	return newCache[V](maxEntries, 0, nil)
}

// NewWithCost returns a Cache bounded both by entry count, as [New] with
// maxEntries (same default and shard layout), and by total cost: cost
// weighs each entry (typically an estimate of its memory in bytes) and the
// entries held never weigh more than maxCost in all. Each shard gets an
// equal share of maxCost (maxCost/shards, the remainder spread over the
// first shards) and keeps within it.
//
// Set calls cost once per call, before taking any lock; a negative cost
// counts as 0. An entry that costs more than its shard's whole share is not
// stored (see [Cache.Set]). With maxCost <= 0 costs are tracked, and
// reported by [Cache.Cost], but not bounded. NewWithCost panics if cost is
// nil.
func NewWithCost[V any](maxEntries int, maxCost int64, cost func(key string, v V) int64) *Cache[V] {
	if cost == nil {
		panic("cache: NewWithCost with a nil cost function")
	}
	if maxCost <= 0 {
		maxCost = 0 // unbounded
	}
	return newCache(maxEntries, maxCost, cost)
}

// newCache builds the shards; maxCost 0 means no cost bound.
func newCache[V any](maxEntries int, maxCost int64, cost func(string, V) int64) *Cache[V] {
	if maxEntries <= 0 {
		maxEntries = DefaultMaxEntries
	}
	n := maxShards
	for n > 1 && maxEntries/n < minShardEntries {
		n /= 2
	}
	shards := make([]shard[V], n)
	for i := range shards {
		limit := maxEntries / n
		if i < maxEntries%n {
			limit++
		}
		shardCost := int64(noCostBound)
		if maxCost > 0 {
			shardCost = maxCost / int64(n)
			if int64(i) < maxCost%int64(n) {
				shardCost++
			}
		}
		shards[i] = shard[V]{limit: limit, maxCost: shardCost, index: make(map[string]int)}
	}
	return &Cache[V]{seed: maphash.MakeSeed(), mask: uint64(n - 1), shards: shards, cost: cost}
}

// Keys longer than shardKeyMax bytes pick their shard by their last
// shardKeyTail bytes: the long keys are session tokens, whose tails are
// random (an AEAD tag, a random ID), and hashing a few hundred bytes was a
// tenth of a cached guard. The seed is secret, so no client can aim keys
// at a shard; keys made alike in their tails (never valid tokens, which
// alone are cached) crowd their one shard, never the others.
const (
	shardKeyMax  = 64
	shardKeyTail = 32
)

// shardFor returns the shard that owns key.
func (c *Cache[V]) shardFor(key string) *shard[V] {
	if len(key) > shardKeyMax {
		key = key[len(key)-shardKeyTail:]
	}
	return &c.shards[maphash.String(c.seed, key)&c.mask]
}

// Get returns the value stored under key. It reports false if there is none
// or it has expired, that is if now is not before its expiry. Get does not
// allocate.
func (c *Cache[V]) Get(key string, now time.Time) (V, bool) {
	return c.shardFor(key).get(key, unixNano(now))
}

// Set stores v under key until expires, replacing any previous value and
// expiry. If its shard is full, Set first evicts as described on [Cache].
//
// With [NewWithCost], an entry whose cost exceeds its shard's whole share
// of maxCost is not stored: Set then evicts nothing and stores nothing, but
// it still removes any previous value under key, so that Get never returns
// a value older than the last Set.
func (c *Cache[V]) Set(key string, v V, expires time.Time) {
	var cost int64
	if c.cost != nil {
		cost = max(c.cost(key, v), 0)
	}
	c.shardFor(key).set(key, v, unixNano(expires), cost)
}

// Delete removes key, if present.
func (c *Cache[V]) Delete(key string) {
	c.shardFor(key).delete(key)
}

// DeleteFunc removes every entry, expired or not, for which del returns
// true. It locks each shard in turn for writing while it walks it, so it is
// meant for rare administrative work such as revoking a user's sessions.
// del must not call methods of c.
func (c *Cache[V]) DeleteFunc(del func(key string, v V) bool) {
	for i := range c.shards {
		c.shards[i].deleteFunc(del)
	}
}

// Len returns the number of entries, including expired entries not yet
// removed. It never exceeds the bound given to New or NewWithCost.
func (c *Cache[V]) Len() int {
	n := 0
	for i := range c.shards {
		n += c.shards[i].len()
	}
	return n
}

// Cost returns the total cost of the entries, including expired entries not
// yet removed: 0 for a cache made by New. With a cost bound it never
// exceeds the maxCost given to NewWithCost. Like Len, it reads the shards
// one after the other, so under concurrent writes it is a snapshot of each
// shard, not of the whole cache at one instant.
func (c *Cache[V]) Cost() int64 {
	var n int64
	for i := range c.shards {
		n += c.shards[i].totalCost()
	}
	return n
}

// maxUnixSec is the largest whole second whose nanosecond count fits in an
// int64 (in the year 2262).
const maxUnixSec = math.MaxInt64 / int64(time.Second)

// unixNano returns t as Unix nanoseconds, saturating at the int64 limits
// instead of overflowing (time.Time.UnixNano is undefined outside about
// 1678..2262). In particular the zero time.Time maps to math.MinInt64, so an
// entry set with a zero expiry is always expired. All instants after 2262
// compare equal, so an entry expiring then is expired when read then.
func unixNano(t time.Time) int64 {
	switch sec := t.Unix(); {
	case sec >= maxUnixSec:
		return math.MaxInt64
	case sec <= -maxUnixSec:
		return math.MinInt64
	}
	return t.UnixNano()
}
