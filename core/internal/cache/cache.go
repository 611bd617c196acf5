package cache

import (
	"hash/maphash"
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
// concurrent use and must be created with New.
//
// Entries are spread over up to 32 shards by a per-Cache hash/maphash seed;
// each shard has its own lock and an equal share of the bound. Get takes
// only its shard's read lock.
//
// Eviction policy: when Set adds a key to a full shard, it first removes the
// shard's entry with the earliest expiry. Expired entries therefore always go
// first; if none has expired, the entry closest to expiring goes (ties are
// broken arbitrarily). Eviction costs O(log n) in the shard's size. Expired
// entries are otherwise not removed until evicted, deleted or overwritten,
// and they count toward Len.
type Cache[V any] struct {
	seed   maphash.Seed
	mask   uint64
	shards []shard[V]
}

// New returns a Cache holding at most maxEntries entries in all
// ([DefaultMaxEntries] if maxEntries <= 0). Caches of at least 512 entries use
// 32 shards; smaller ones use fewer (down to one, below 32 entries) so that
// each shard holds at least 16 entries.
func New[V any](maxEntries int) *Cache[V] {
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
		shards[i] = shard[V]{limit: limit, index: make(map[string]int)}
	}
	return &Cache[V]{seed: maphash.MakeSeed(), mask: uint64(n - 1), shards: shards}
}

// shardFor returns the shard that owns key.
func (c *Cache[V]) shardFor(key string) *shard[V] {
	return &c.shards[maphash.String(c.seed, key)&c.mask]
}

// Get returns the value stored under key. It reports false if there is none
// or it has expired, that is if now is not before its expiry. Get does not
// allocate.
func (c *Cache[V]) Get(key string, now time.Time) (V, bool) {
	return c.shardFor(key).get(key, unixNano(now))
}

// Set stores v under key until expires, replacing any previous value and
// expiry. If key is new and its shard is full, Set first evicts as described
// on [Cache].
func (c *Cache[V]) Set(key string, v V, expires time.Time) {
	c.shardFor(key).set(key, v, unixNano(expires))
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
// removed. It never exceeds the bound given to New.
func (c *Cache[V]) Len() int {
	n := 0
	for i := range c.shards {
		n += c.shards[i].len()
	}
	return n
}
