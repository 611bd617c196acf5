package cache

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Long keys pick their shard by their tails, and are still told apart by
// the whole key: two tokens that share their last bytes are two entries,
// in one shard.
func TestLongKeysShareTailsNotEntries(t *testing.T) {
	c := New[int](1024)
	tail := strings.Repeat("t", shardKeyTail)
	a := strings.Repeat("a", 100) + tail
	b := strings.Repeat("b", 100) + tail
	if c.shardFor(a) != c.shardFor(b) {
		t.Fatal("keys with one tail in two shards")
	}
	exp := time.Now().Add(time.Hour)
	c.Set(a, 1, exp)
	c.Set(b, 2, exp)
	for key, want := range map[string]int{a: 1, b: 2} {
		if v, ok := c.Get(key, time.Now()); !ok || v != want {
			t.Errorf("Get = %d, %v; want %d", v, ok, want)
		}
	}
	if _, ok := c.Get(strings.Repeat("c", 100)+tail, time.Now()); ok {
		t.Error("a third key with the same tail found an entry")
	}
	// Long keys with random tails spread over the shards.
	seen := map[*shard[int]]bool{}
	for i := range 256 {
		seen[c.shardFor(strings.Repeat("k", 100)+fmt.Sprintf("%032d", i*7919))] = true
	}
	if len(seen) < len(c.shards)/2 {
		t.Errorf("256 long keys in %d of %d shards", len(seen), len(c.shards))
	}
}
