package cache

import "sync"

// shard is one lock's worth of a Cache: a map from key to a dense slot
// slice, plus a min-heap of slot indexes ordered by expiry for eviction.
type shard[V any] struct {
	mu      sync.RWMutex
	limit   int            // maximum len(slots); at least 1
	maxCost int64          // maximum cost; noCostBound when unbounded
	cost    int64          // sum of slots[i].cost; never above maxCost
	index   map[string]int // key -> index in slots
	slots   []slot[V]
	heap    []int // indexes into slots; heap[0] expires first

	_ [64]byte // keep neighbouring shards' locks off this cache line
}

// slot is one entry.
type slot[V any] struct {
	key  string
	val  V
	exp  int64 // Unix nanoseconds; expired when now >= exp
	pos  int   // index of this slot in shard.heap
	cost int64 // at least 0
}

func (s *shard[V]) get(key string, now int64) (V, bool) {
	s.mu.RLock()
	if i, ok := s.index[key]; ok && now < s.slots[i].exp {
		v := s.slots[i].val
		s.mu.RUnlock()
		return v, true
	}
	s.mu.RUnlock()
	var zero V
	return zero, false
}

// set stores v under key with the given cost (at least 0). An entry that
// costs more than maxCost is not stored, and any previous one under key is
// removed.
func (s *shard[V]) set(key string, v V, exp int64, cost int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i, ok := s.index[key]; ok {
		// Overwrite in place when the new cost fits beside the others;
		// otherwise drop the old entry and add the new one as a new key.
		if old := s.slots[i].cost; cost <= s.maxCost-(s.cost-old) {
			s.slots[i].val = v
			s.slots[i].exp = exp
			s.slots[i].cost = cost
			s.cost += cost - old
			s.heapFix(s.slots[i].pos)
			return
		}
		s.remove(i)
	}
	if cost > s.maxCost {
		return
	}
	// s.cost <= s.maxCost always, so the subtraction cannot overflow; once
	// the shard is empty its cost is 0 and the entry fits.
	for len(s.slots) > 0 && (len(s.slots) >= s.limit || cost > s.maxCost-s.cost) {
		s.remove(s.heap[0])
	}
	i := len(s.slots)
	s.slots = append(s.slots, slot[V]{key: key, val: v, exp: exp, pos: len(s.heap), cost: cost})
	s.index[key] = i
	s.heap = append(s.heap, i)
	s.heapUp(len(s.heap) - 1)
	s.cost += cost
}

func (s *shard[V]) delete(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i, ok := s.index[key]; ok {
		s.remove(i)
	}
}

func (s *shard[V]) deleteFunc(del func(string, V) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	// Walk backwards: remove moves the last slot into the hole, and that
	// slot has already been visited.
	for i := len(s.slots) - 1; i >= 0; i-- {
		if del(s.slots[i].key, s.slots[i].val) {
			s.remove(i)
		}
	}
}

func (s *shard[V]) len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.slots)
}

func (s *shard[V]) totalCost() int64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.cost
}

// remove deletes slot i and releases its cost, keeping slots dense by
// moving the last slot into its place. The caller holds the write lock.
func (s *shard[V]) remove(i int) {
	s.heapRemove(s.slots[i].pos)
	delete(s.index, s.slots[i].key)
	s.cost -= s.slots[i].cost
	last := len(s.slots) - 1
	if i != last {
		s.slots[i] = s.slots[last]
		s.index[s.slots[i].key] = i
		s.heap[s.slots[i].pos] = i
	}
	s.slots[last] = slot[V]{} // release key and value to the GC
	s.slots = s.slots[:last]
}
