package cache_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core/internal/cache"
)

// base is an arbitrary fixed instant; tests never read the real clock.
var base = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

// session stands in for a cached auth result.
type session struct {
	UserID string
	Roles  []string
}

func TestGetExpiry(t *testing.T) {
	c := cache.New[string](100)
	c.Set("k", "v", base.Add(10*time.Second))
	tests := []struct {
		name string
		key  string
		now  time.Time
		want string
		ok   bool
	}{
		{"long before", "k", base.Add(-time.Hour), "v", true},
		{"at set time", "k", base, "v", true},
		{"1ns before expiry", "k", base.Add(10*time.Second - time.Nanosecond), "v", true},
		{"at expiry", "k", base.Add(10 * time.Second), "", false},
		{"after expiry", "k", base.Add(time.Hour), "", false},
		{"zero now", "k", time.Time{}, "v", true},
		{"absent key", "other", base, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := c.Get(tt.key, tt.now)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Get(%q, %v) = %q, %v; want %q, %v", tt.key, tt.now, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestExtremeExpiries(t *testing.T) {
	c := cache.New[int](100)
	c.Set("zero", 1, time.Time{})
	c.Set("far", 2, time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC))
	c.Set("ancient", 3, time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC))
	if _, ok := c.Get("zero", base); ok {
		t.Error("entry with zero expiry is visible")
	}
	if _, ok := c.Get("ancient", base); ok {
		t.Error("entry that expired in the year 1000 is visible")
	}
	if v, ok := c.Get("far", time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)); !ok || v != 2 {
		t.Errorf("entry expiring in 3000, read in 2200 = %d, %v; want 2, true", v, ok)
	}
	c.Set("normal", 4, base.Add(time.Hour))
	if _, ok := c.Get("normal", time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)); ok {
		t.Error("entry read in the year 3000 is visible")
	}
}

func TestSetReplaces(t *testing.T) {
	c := cache.New[string](100)
	c.Set("k", "old", base.Add(time.Minute))
	c.Set("k", "new", base.Add(time.Second)) // shorter expiry wins too
	if got, ok := c.Get("k", base); !ok || got != "new" {
		t.Errorf("Get = %q, %v; want new, true", got, ok)
	}
	if _, ok := c.Get("k", base.Add(2*time.Second)); ok {
		t.Error("replaced expiry not applied")
	}
	c.Set("k", "again", base.Add(time.Hour))
	if got, ok := c.Get("k", base.Add(2*time.Second)); !ok || got != "again" {
		t.Errorf("Get after extending = %q, %v; want again, true", got, ok)
	}
	if n := c.Len(); n != 1 {
		t.Errorf("Len = %d, want 1", n)
	}
}

func TestDelete(t *testing.T) {
	c := cache.New[int](100)
	for i := range 10 {
		c.Set(fmt.Sprint(i), i, base.Add(time.Hour))
	}
	c.Delete("3")
	c.Delete("3")       // twice is fine
	c.Delete("missing") // absent is fine
	if _, ok := c.Get("3", base); ok {
		t.Error("deleted key still present")
	}
	if v, ok := c.Get("4", base); !ok || v != 4 {
		t.Errorf("neighbour key = %d, %v; want 4, true", v, ok)
	}
	if n := c.Len(); n != 9 {
		t.Errorf("Len = %d, want 9", n)
	}
}

func TestDeleteFunc(t *testing.T) {
	c := cache.New[session](1000)
	for i := range 300 {
		user := fmt.Sprintf("user_%d", i%3)
		c.Set(fmt.Sprintf("sess_%d", i), session{UserID: user}, base.Add(time.Hour))
	}
	c.Set("expired", session{UserID: "user_1"}, base.Add(-time.Hour))

	var visited []string
	c.DeleteFunc(func(key string, s session) bool {
		visited = append(visited, key)
		return s.UserID == "user_1"
	})
	if len(visited) != 301 {
		t.Errorf("DeleteFunc visited %d entries, want 301", len(visited))
	}
	slices.Sort(visited)
	if len(slices.Compact(visited)) != 301 {
		t.Error("DeleteFunc visited an entry twice")
	}
	if n := c.Len(); n != 200 {
		t.Errorf("Len after DeleteFunc = %d, want 200", n)
	}
	for i := range 300 {
		s, ok := c.Get(fmt.Sprintf("sess_%d", i), base)
		if wantOK := i%3 != 1; ok != wantOK || (ok && s.UserID != fmt.Sprintf("user_%d", i%3)) {
			t.Errorf("sess_%d = %+v, %v; want present=%v", i, s, ok, wantOK)
		}
	}
	c.DeleteFunc(func(string, session) bool { return true })
	if n := c.Len(); n != 0 {
		t.Errorf("Len after deleting all = %d, want 0", n)
	}
}

func TestBoundNeverExceeded(t *testing.T) {
	for _, max := range []int{1, 2, 15, 16, 31, 32, 33, 100, 511, 512, 1000} {
		t.Run(fmt.Sprint(max), func(t *testing.T) {
			c := cache.New[int](max)
			for i := range 20 * max {
				c.Set(fmt.Sprint(i), i, base.Add(time.Duration(i)*time.Second))
				if n := c.Len(); n > max {
					t.Fatalf("after %d Sets Len = %d > %d", i+1, n, max)
				}
			}
			// Every shard is full by now, so the whole bound is in use.
			if n := c.Len(); n != max {
				t.Errorf("Len = %d, want %d", n, max)
			}
		})
	}
}

func TestDefaultMaxEntries(t *testing.T) {
	for _, max := range []int{0, -1} {
		c := cache.New[int](max)
		for i := range 3 * cache.DefaultMaxEntries {
			c.Set(fmt.Sprint(i), i, base.Add(time.Hour))
		}
		if n := c.Len(); n != cache.DefaultMaxEntries {
			t.Errorf("New(%d): Len = %d, want %d", max, n, cache.DefaultMaxEntries)
		}
	}
}

func TestEvictsEarliestExpiryFirst(t *testing.T) {
	c := cache.New[int](8) // below 32 entries: a single shard
	for _, i := range rand.Perm(8) {
		c.Set(fmt.Sprint(i), i, base.Add(time.Duration(i+1)*time.Second))
	}
	now := base.Add(2500 * time.Millisecond) // "0" and "1" have expired

	// Overwriting a present key must not evict anything.
	c.Set("5", 50, base.Add(time.Hour))
	if n := c.Len(); n != 8 {
		t.Fatalf("Len after overwrite = %d, want 8", n)
	}

	steps := []struct {
		add     string
		evicted string
	}{
		{"a", "0"}, // expired
		{"b", "1"}, // expired
		{"c", "2"}, // none expired: the one expiring soonest
		{"d", "3"},
	}
	for _, st := range steps {
		c.Set(st.add, 0, base.Add(time.Minute))
		if _, ok := c.Get(st.evicted, base); ok {
			t.Errorf("after adding %q, %q is still present", st.add, st.evicted)
		}
		if n := c.Len(); n != 8 {
			t.Errorf("Len = %d, want 8", n)
		}
	}
	for _, k := range []string{"4", "5", "6", "7", "a", "b", "c", "d"} {
		if _, ok := c.Get(k, now); !ok {
			t.Errorf("%q was evicted, want present", k)
		}
	}
}

func TestConcurrentUseStaysBounded(t *testing.T) {
	const max = 256
	c := cache.New[int](max)
	stop := make(chan struct{})
	var watcher sync.WaitGroup
	watcher.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			if n := c.Len(); n > max {
				t.Errorf("Len = %d > %d", n, max)
				return
			}
		}
	})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(g), 1))
			for i := range 5000 {
				key := fmt.Sprint(r.IntN(2000))
				switch r.IntN(10) {
				case 0:
					c.Delete(key)
				case 1, 2, 3, 4:
					c.Set(key, i, base.Add(time.Duration(r.IntN(100))*time.Second))
				default:
					c.Get(key, base.Add(50*time.Second))
				}
			}
			if g == 0 {
				c.DeleteFunc(func(_ string, v int) bool { return v%2 == 0 })
			}
		})
	}
	wg.Wait()
	close(stop)
	watcher.Wait()
	if n := c.Len(); n > max {
		t.Errorf("final Len = %d > %d", n, max)
	}
}

func TestGetDoesNotAllocate(t *testing.T) {
	sessionCost := func(k string, s session) int64 { return int64(len(k) + len(s.UserID) + 64) }
	for name, c := range map[string]*cache.Cache[session]{
		"New":         cache.New[session](1000),
		"NewWithCost": cache.NewWithCost(1000, 1<<20, sessionCost),
	} {
		c.Set("hit", session{UserID: "user_01", Roles: []string{"admin"}}, base.Add(time.Hour))
		c.Set("expired", session{UserID: "user_02"}, base.Add(-time.Hour))
		key := string([]byte("hit")) // not a constant
		for _, k := range []string{key, "expired", "missing"} {
			allocs := testing.AllocsPerRun(1000, func() {
				s, ok := c.Get(k, base)
				if ok && s.UserID != "user_01" {
					t.Fatal("wrong value")
				}
			})
			if allocs != 0 {
				t.Errorf("%s: Get(%q) allocates %v times per call, want 0", name, k, allocs)
			}
		}
	}
}
