package cache

// Min-heap of slot indexes by expiry, in the manner of container/heap but
// without its interface boxing. Every move keeps slot.pos in step.

func (s *shard[V]) heapLess(a, b int) bool {
	return s.slots[s.heap[a]].exp < s.slots[s.heap[b]].exp
}

func (s *shard[V]) heapSwap(a, b int) {
	s.heap[a], s.heap[b] = s.heap[b], s.heap[a]
	s.slots[s.heap[a]].pos = a
	s.slots[s.heap[b]].pos = b
}

// heapUp moves the element at j towards the root while it is smaller than
// its parent.
func (s *shard[V]) heapUp(j int) {
	for j > 0 {
		parent := (j - 1) / 2
		if !s.heapLess(j, parent) {
			return
		}
		s.heapSwap(j, parent)
		j = parent
	}
}

// heapDown moves the element at j towards the leaves while a child is
// smaller, and reports whether it moved.
func (s *shard[V]) heapDown(j int) bool {
	start, n := j, len(s.heap)
	for {
		child := 2*j + 1
		if child >= n {
			break
		}
		if right := child + 1; right < n && s.heapLess(right, child) {
			child = right
		}
		if !s.heapLess(child, j) {
			break
		}
		s.heapSwap(j, child)
		j = child
	}
	return j > start
}

// heapFix restores the heap after the expiry at position j changed.
func (s *shard[V]) heapFix(j int) {
	if !s.heapDown(j) {
		s.heapUp(j)
	}
}

// heapRemove drops position j from the heap.
func (s *shard[V]) heapRemove(j int) {
	last := len(s.heap) - 1
	if j != last {
		s.heapSwap(j, last)
	}
	s.heap = s.heap[:last]
	if j != last {
		s.heapFix(j)
	}
}
