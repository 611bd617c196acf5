package cache_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core/internal/cache"
)

// byLen weighs a string value by its length.
func byLen(_ string, v string) int64 { return int64(len(v)) }

// sumCosts adds up cost over the entries of c, expired or not.
func sumCosts[V any](c *cache.Cache[V], cost func(string, V) int64) (n int64) {
	c.DeleteFunc(func(k string, v V) bool {
		n += cost(k, v)
		return false
	})
	return n
}

func TestCostBoundNeverExceeded(t *testing.T) {
	for _, tt := range []struct {
		maxEntries int
		maxCost    int64
	}{{1, 10}, {8, 100}, {31, 1000}, {100, 1000}, {1000, 1000}, {1000, 64 << 10}, {10_000, 1 << 20}} {
		t.Run(fmt.Sprint(tt.maxEntries, "/", tt.maxCost), func(t *testing.T) {
			c := cache.NewWithCost(tt.maxEntries, tt.maxCost, byLen)
			r := rand.New(rand.NewPCG(uint64(tt.maxEntries), uint64(tt.maxCost)))
			perShard := tt.maxCost / 32 // the smallest share any layout gives
			xs := strings.Repeat("x", int(tt.maxCost)+1)
			for i := range min(20*tt.maxEntries, 5000) {
				// Mostly sizes any shard takes, sometimes up to just over
				// the whole budget.
				size := r.IntN(int(max(perShard, 1)) + 1)
				if r.IntN(10) == 0 {
					size = r.IntN(int(tt.maxCost) + 2)
				}
				c.Set(fmt.Sprint(r.IntN(2*tt.maxEntries)), xs[:size], base.Add(time.Duration(r.IntN(1000))*time.Second))
				if n := c.Cost(); n > tt.maxCost {
					t.Fatalf("after %d Sets Cost = %d > %d", i+1, n, tt.maxCost)
				}
				if n := c.Len(); n > tt.maxEntries {
					t.Fatalf("after %d Sets Len = %d > %d", i+1, n, tt.maxEntries)
				}
			}
			if got, want := c.Cost(), sumCosts(c, byLen); got != want {
				t.Errorf("Cost = %d, entries cost %d", got, want)
			}
			if c.Len() == 0 {
				t.Error("nothing was stored")
			}
		})
	}
}

func TestCostTooLargeIsRefused(t *testing.T) {
	c := cache.NewWithCost(8, 100, byLen) // below 32 entries: one shard, budget 100
	c.Set("small", "abc", base.Add(time.Hour))
	c.Set("huge", strings.Repeat("x", 101), base.Add(time.Hour))
	if _, ok := c.Get("huge", base); ok {
		t.Error("entry over the whole budget was stored")
	}
	if v, ok := c.Get("small", base); !ok || v != "abc" {
		t.Errorf("refused Set evicted another entry: small = %q, %v", v, ok)
	}
	if n, cost := c.Len(), c.Cost(); n != 1 || cost != 3 {
		t.Errorf("Len, Cost = %d, %d; want 1, 3", n, cost)
	}

	// Refusing a new value under a present key drops the old value: Get
	// must not return what an earlier Set stored.
	c.Set("small", strings.Repeat("y", 101), base.Add(time.Hour))
	if v, ok := c.Get("small", base); ok {
		t.Errorf("after a refused overwrite, Get = %q, true; want the old value gone", v)
	}
	if n, cost := c.Len(), c.Cost(); n != 0 || cost != 0 {
		t.Errorf("Len, Cost = %d, %d; want 0, 0", n, cost)
	}

	// An entry of exactly the budget fits, after evicting everything else.
	for i := range 5 {
		c.Set(fmt.Sprint(i), "0123456789", base.Add(time.Hour))
	}
	c.Set("full", strings.Repeat("z", 100), base.Add(time.Hour))
	if _, ok := c.Get("full", base); !ok {
		t.Error("entry of exactly the budget was not stored")
	}
	if n, cost := c.Len(), c.Cost(); n != 1 || cost != 100 {
		t.Errorf("Len, Cost = %d, %d; want 1, 100", n, cost)
	}
}

func TestCostTooLargeForAShard(t *testing.T) {
	// 32 shards of 1000/32 = 31 or 32 each: 40 fits the cache but no shard.
	c := cache.NewWithCost(1000, 1000, byLen)
	for i := range 100 {
		c.Set(fmt.Sprint(i), strings.Repeat("x", 40), base.Add(time.Hour))
	}
	if n, cost := c.Len(), c.Cost(); n != 0 || cost != 0 {
		t.Errorf("Len, Cost = %d, %d; want 0, 0", n, cost)
	}
}

func TestCostReleased(t *testing.T) {
	c := cache.NewWithCost(8, 100, byLen)
	check := func(step string, want int64) {
		t.Helper()
		if got := c.Cost(); got != want {
			t.Errorf("%s: Cost = %d, want %d", step, got, want)
		}
		if got := sumCosts(c, byLen); got != want {
			t.Errorf("%s: entries cost %d, want %d", step, got, want)
		}
	}
	c.Set("a", "aaaaaaaaaa", base.Add(time.Hour))           // 10
	c.Set("b", "bbbbbbbbbbbbbbbbbbbb", base.Add(time.Hour)) // 20
	c.Set("c", "ccccc", base.Add(time.Hour))                // 5
	check("three Sets", 35)
	c.Set("a", "a", base.Add(time.Hour))
	check("overwrite smaller", 26)
	c.Set("a", strings.Repeat("a", 40), base.Add(time.Hour))
	check("overwrite larger", 65)
	c.Delete("b")
	check("Delete", 45)
	c.Delete("b")
	check("Delete again", 45)
	c.DeleteFunc(func(k, _ string) bool { return k == "c" })
	check("DeleteFunc", 40)
	c.Set("d", strings.Repeat("d", 70), base.Add(2*time.Hour)) // evicts a
	if _, ok := c.Get("a", base); ok {
		t.Error("a not evicted")
	}
	check("eviction", 70)
	c.DeleteFunc(func(string, string) bool { return true })
	check("DeleteFunc all", 0)
}

func TestCostEvictsEarliestExpiryFirst(t *testing.T) {
	c := cache.NewWithCost(16, 100, byLen) // one shard, room for 16 entries
	for i := range 5 {
		c.Set(fmt.Sprint(i), strings.Repeat("x", 20), base.Add(time.Duration(i+1)*time.Second))
	}
	// 100 of 100 used. "0" and "1" have expired by now; 30 more needs two
	// of the 20s to go: the expired ones, not "4" that expires later than
	// the newcomer would sort.
	now := base.Add(2500 * time.Millisecond)
	c.Set("new", strings.Repeat("n", 30), base.Add(time.Minute))
	for k, want := range map[string]bool{"0": false, "1": false, "2": true, "3": true, "4": true, "new": true} {
		if _, ok := c.Get(k, now); ok != want {
			t.Errorf("%q present = %v, want %v", k, ok, want)
		}
	}
	if n, cost := c.Len(), c.Cost(); n != 4 || cost != 90 {
		t.Errorf("Len, Cost = %d, %d; want 4, 90", n, cost)
	}
	// Growing a present entry evicts others, never the entry itself.
	c.Set("4", strings.Repeat("x", 50), base.Add(time.Minute))
	for k, want := range map[string]bool{"2": false, "3": true, "4": true, "new": true} {
		if _, ok := c.Get(k, base); ok != want {
			t.Errorf("after growing 4: %q present = %v, want %v", k, ok, want)
		}
	}
	if cost := c.Cost(); cost != 100 {
		t.Errorf("Cost = %d, want 100", cost)
	}
}

func TestCostCalledOncePerSet(t *testing.T) {
	var calls atomic.Int64
	c := cache.NewWithCost(100, 1000, func(k string, v int) int64 {
		calls.Add(1)
		return int64(v)
	})
	c.Set("a", 10, base.Add(time.Hour))
	c.Set("a", 20, base.Add(time.Hour))
	c.Set("b", 2000, base.Add(time.Hour)) // refused
	c.Get("a", base)
	c.Delete("a")
	c.DeleteFunc(func(string, int) bool { return true })
	if n := calls.Load(); n != 3 {
		t.Errorf("cost called %d times for 3 Sets", n)
	}
}

func TestCostNegativeCountsAsZero(t *testing.T) {
	c := cache.NewWithCost(8, 10, func(_ string, v int) int64 { return int64(v) })
	c.Set("neg", -1000, base.Add(time.Hour))
	c.Set("big", 10, base.Add(time.Hour))
	if n, cost := c.Len(), c.Cost(); n != 2 || cost != 10 {
		t.Errorf("Len, Cost = %d, %d; want 2, 10", n, cost)
	}
}

func TestCostUnbounded(t *testing.T) {
	for _, maxCost := range []int64{0, -1} {
		c := cache.NewWithCost(1000, maxCost, byLen) // 100 entries never fill a shard of 31
		for i := range 100 {
			c.Set(fmt.Sprint(i), strings.Repeat("x", 1000), base.Add(time.Hour))
		}
		if n, cost := c.Len(), c.Cost(); n != 100 || cost != 100_000 {
			t.Errorf("NewWithCost(100, %d): Len, Cost = %d, %d; want 100, 100000", maxCost, n, cost)
		}
	}
	c := cache.New[string](100)
	c.Set("k", "value", base.Add(time.Hour))
	if cost := c.Cost(); cost != 0 {
		t.Errorf("New: Cost = %d, want 0", cost)
	}
}

func TestNewWithCostNilPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("NewWithCost with a nil cost did not panic")
		}
	}()
	cache.NewWithCost[string](100, 100, nil)
}

func TestCostConcurrentUseStaysBounded(t *testing.T) {
	const maxEntries, maxCost = 4096, 32 << 10 // 32 shards of 1 KiB
	c := cache.NewWithCost(maxEntries, maxCost, byLen)
	values := make([]string, 1100) // up to just over a shard's budget
	for i := range values {
		values[i] = strings.Repeat("v", i)
	}
	stop := make(chan struct{})
	var watcher sync.WaitGroup
	watcher.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			if n := c.Cost(); n > maxCost {
				t.Errorf("Cost = %d > %d", n, maxCost)
				return
			}
			if n := c.Len(); n > maxEntries {
				t.Errorf("Len = %d > %d", n, maxEntries)
				return
			}
		}
	})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(g), 2))
			for i := range 5000 {
				key := fmt.Sprint(r.IntN(2000))
				switch r.IntN(10) {
				case 0:
					c.Delete(key)
				case 1, 2, 3, 4:
					c.Set(key, values[r.IntN(len(values))], base.Add(time.Duration(r.IntN(100))*time.Second))
				default:
					if v, ok := c.Get(key, base.Add(50*time.Second)); ok && len(v) > 1024 {
						t.Errorf("Get(%q) returned a value of %d bytes, over a shard's budget", key, len(v))
					}
				}
				if g == 0 && i%1000 == 0 {
					c.DeleteFunc(func(_ string, v string) bool { return len(v)%2 == 0 })
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	watcher.Wait()
	if got, want := c.Cost(), sumCosts(c, byLen); got != want || got > maxCost {
		t.Errorf("final Cost = %d, entries cost %d, bound %d", got, want, maxCost)
	}
}
