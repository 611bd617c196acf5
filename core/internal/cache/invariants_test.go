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
	var cost int64
	for _, sl := range s.slots {
		if sl.cost < 0 {
			t.Fatalf("slot %q has negative cost %d", sl.key, sl.cost)
		}
		cost += sl.cost
	}
	if cost != s.cost {
		t.Fatalf("slot costs sum to %d, shard records %d", cost, s.cost)
	}
	if s.cost > s.maxCost {
		t.Fatalf("cost %d exceeds maxCost %d", s.cost, s.maxCost)
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
			s := &shard[int]{limit: limit, maxCost: noCostBound, index: make(map[string]int)}
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
					s.set(key, e.val, e.exp, 0)
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

// TestShardAgainstModelWithCost is TestShardAgainstModel with a cost bound:
// random costs (some over the whole budget), checking after every step that
// the budget holds, that refused entries are gone, that only entries
// expiring no later than every survivor were evicted, and no more than
// needed.
func TestShardAgainstModelWithCost(t *testing.T) {
	type entry struct {
		val  int
		exp  int64
		cost int64
	}
	for _, tt := range []struct {
		limit   int
		maxCost int64
	}{{1, 10}, {3, 10}, {16, 100}, {50, 200}, {50, 0}} {
		t.Run(fmt.Sprint(tt.limit, "/", tt.maxCost), func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(tt.limit), uint64(tt.maxCost)))
			s := &shard[int]{limit: tt.limit, maxCost: tt.maxCost, index: make(map[string]int)}
			model := make(map[string]entry)
			modelCost := func(except string) (n int64) {
				for k, m := range model {
					if k != except {
						n += m.cost
					}
				}
				return n
			}
			for step := range 5000 {
				key := fmt.Sprint(r.IntN(3 * tt.limit))
				switch op := r.IntN(10); {
				case op < 6:
					// Mostly small costs, sometimes up to just over the budget.
					cost := int64(r.IntN(int(tt.maxCost/4) + 2))
					if r.IntN(8) == 0 {
						cost = max(tt.maxCost-1+int64(r.IntN(3)), 0)
					}
					e := entry{val: step, exp: int64(r.IntN(100)), cost: cost}
					_, present := model[key]
					s.set(key, e.val, e.exp, e.cost)
					if present && e.cost <= tt.maxCost-modelCost(key) {
						// overwritten in place: nothing else moves
						model[key] = e
						break
					}
					delete(model, key)
					if e.cost > tt.maxCost {
						if _, ok := s.index[key]; ok {
							t.Fatalf("step %d: entry of cost %d stored over budget %d", step, e.cost, tt.maxCost)
						}
						break
					}
					var evicted []entry
					for k, m := range model {
						if _, ok := s.index[k]; !ok {
							evicted = append(evicted, m)
							delete(model, k)
						}
					}
					// fits reports whether the new entry would fit beside the
					// survivors and extra.
					fits := func(extra entry) bool {
						return len(model)+2 <= tt.limit && modelCost("")+extra.cost+e.cost <= tt.maxCost
					}
					if len(evicted) > 0 {
						var maxEvicted int64 = -1
						for _, m := range evicted {
							maxEvicted = max(maxEvicted, m.exp)
						}
						for k, m := range model {
							if m.exp < maxEvicted {
								t.Fatalf("step %d: evicted expiry %d while %q (expiry %d) stays", step, maxEvicted, k, m.exp)
							}
						}
						// The last eviction was needed: with any of the
						// latest-expiring evicted entries back, the new
						// one would not have fitted.
						needed := false
						for _, m := range evicted {
							if m.exp == maxEvicted && !fits(m) {
								needed = true
							}
						}
						if !needed {
							t.Fatalf("step %d: evicted %d entries, more than needed", step, len(evicted))
						}
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
				if s.cost != modelCost("") {
					t.Fatalf("step %d: shard cost %d, model %d", step, s.cost, modelCost(""))
				}
				for k, m := range model {
					if i, ok := s.index[k]; !ok || s.slots[i].val != m.val || s.slots[i].exp != m.exp || s.slots[i].cost != m.cost {
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

func TestCostLayout(t *testing.T) {
	one := func(string, int) int64 { return 1 }
	tests := []struct {
		maxEntries int
		maxCost    int64
	}{{1, 1}, {1, 1000}, {100, 7}, {100, 1000}, {10_000, 1 << 25}, {10_000, 31}, {10_000, 33}}
	for _, tt := range tests {
		c := NewWithCost(tt.maxEntries, tt.maxCost, one)
		var total int64
		for i := range c.shards {
			m := c.shards[i].maxCost
			if m < c.shards[0].maxCost-1 || m > c.shards[0].maxCost {
				t.Errorf("NewWithCost(%d, %d): shard %d budget %d unbalanced", tt.maxEntries, tt.maxCost, i, m)
			}
			total += m
		}
		if total != tt.maxCost {
			t.Errorf("NewWithCost(%d, %d): budgets sum to %d", tt.maxEntries, tt.maxCost, total)
		}
	}
	for _, maxCost := range []int64{0, -1} {
		c := NewWithCost(100, maxCost, one)
		for i := range c.shards {
			if c.shards[i].maxCost != noCostBound {
				t.Errorf("NewWithCost(100, %d): shard %d bounded by %d", maxCost, i, c.shards[i].maxCost)
			}
		}
	}
	c := New[int](1000)
	for i := range c.shards {
		if c.shards[i].maxCost != noCostBound {
			t.Errorf("New: shard %d bounded by %d", i, c.shards[i].maxCost)
		}
	}
}
