package cache

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// checkShard verifies that index, slots and heap agree and that heap is a
// min-heap by expiry.
func checkShard[V any](t *testing.T, s *shard[V]) {
	t.Helper()
	if len(s.index) != len(s.slots) || len(s.heap) != len(s.slots) {
		t.Fatalf("sizes differ: index %d, slots %d, heap %d", len(s.index), len(s.slots), len(s.heap))
	}
	if len(s.slots) > s.limit {
		t.Fatalf("%d slots exceed limit %d", len(s.slots), s.limit)
	}
	for i, sl := range s.slots {
		if s.index[sl.key] != i {
			t.Fatalf("index[%q] = %d, want %d", sl.key, s.index[sl.key], i)
		}
		if sl.pos < 0 || sl.pos >= len(s.heap) || s.heap[sl.pos] != i {
			t.Fatalf("slot %d has heap position %d, which does not point back", i, sl.pos)
		}
	}
	for j := 1; j < len(s.heap); j++ {
		if s.heapLess(j, (j-1)/2) {
			t.Fatalf("heap order violated at %d", j)
		}
	}
}

// TestShardAgainstModel runs random operations on one shard and compares it
// with a plain map, checking the internal invariants after every step and
// that each eviction removed an entry with the smallest expiry.
func TestShardAgainstModel(t *testing.T) {
	type entry struct {
		val int
		exp int64
	}
	for _, limit := range []int{1, 2, 3, 16, 50} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(limit), 7))
			s := &shard[int]{limit: limit, index: make(map[string]int)}
			model := make(map[string]entry)
			for step := range 5000 {
				key := fmt.Sprint(r.IntN(3 * limit))
				switch op := r.IntN(10); {
				case op < 6:
					e := entry{val: step, exp: int64(r.IntN(100))}
					_, present := model[key]
					var minExp int64 = 1 << 62
					for _, m := range model {
						minExp = min(minExp, m.exp)
					}
					s.set(key, e.val, e.exp)
					if !present && len(model) == limit {
						evicted := ""
						for k := range model {
							if _, ok := s.index[k]; !ok {
								evicted = k
							}
						}
						if evicted == "" {
							t.Fatalf("step %d: full shard, nothing evicted", step)
						}
						if model[evicted].exp != minExp {
							t.Fatalf("step %d: evicted expiry %d, smallest was %d", step, model[evicted].exp, minExp)
						}
						delete(model, evicted)
					}
					model[key] = e
				case op < 8:
					s.delete(key)
					delete(model, key)
				case op < 9:
					s.deleteFunc(func(_ string, v int) bool { return v%7 == 0 })
					for k, m := range model {
						if m.val%7 == 0 {
							delete(model, k)
						}
					}
				default:
					now := int64(r.IntN(100))
					v, ok := s.get(key, now)
					m, present := model[key]
					if want := present && now < m.exp; ok != want || (ok && v != m.val) {
						t.Fatalf("step %d: get(%q, %d) = %d, %v; model %+v, %v", step, key, now, v, ok, m, present)
					}
				}
				checkShard(t, s)
				if len(s.slots) != len(model) {
					t.Fatalf("step %d: shard has %d entries, model %d", step, len(s.slots), len(model))
				}
				for k, m := range model {
					if i, ok := s.index[k]; !ok || s.slots[i].val != m.val || s.slots[i].exp != m.exp {
						t.Fatalf("step %d: key %q missing or stale", step, k)
					}
				}
			}
		})
	}
}

func TestShardLayout(t *testing.T) {
	tests := []struct{ max, shards int }{
		{1, 1}, {31, 1}, {32, 2}, {63, 2}, {64, 4}, {511, 16}, {512, 32}, {10_000, 32}, {0, 32},
	}
	for _, tt := range tests {
		c := New[int](tt.max)
		if len(c.shards) != tt.shards {
			t.Errorf("New(%d): %d shards, want %d", tt.max, len(c.shards), tt.shards)
		}
		total, want := 0, tt.max
		if want <= 0 {
			want = DefaultMaxEntries
		}
		for i := range c.shards {
			l := c.shards[i].limit
			if l < 1 || l < c.shards[0].limit-1 || l > c.shards[0].limit {
				t.Errorf("New(%d): shard %d limit %d unbalanced", tt.max, i, l)
			}
			total += l
		}
		if total != want {
			t.Errorf("New(%d): limits sum to %d, want %d", tt.max, total, want)
		}
	}
}
