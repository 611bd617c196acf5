package cache_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core/internal/cache"
)

// benchCache returns a cache holding n live sessions and their keys.
func benchCache(b *testing.B, n int) (*cache.Cache[session], []string) {
	b.Helper()
	c := cache.New[session](2 * n)
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("session_01HXYZ%010d", i)
		c.Set(keys[i], session{UserID: "user_01"}, base.Add(time.Hour))
	}
	return c, keys
}

func BenchmarkGetHit(b *testing.B) {
	c, keys := benchCache(b, 1024)
	b.Run("serial", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, ok := c.Get(keys[i&1023], base); !ok {
				b.Fatal("miss")
			}
			i++
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				if _, ok := c.Get(keys[i&1023], base); !ok {
					b.Fatal("miss")
				}
				i++
			}
		})
	})
}

func BenchmarkSet(b *testing.B) {
	b.Run("overwrite", func(b *testing.B) {
		c, keys := benchCache(b, 1024)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			c.Set(keys[i&1023], session{}, base.Add(time.Duration(i)))
			i++
		}
	})
	b.Run("evict", func(b *testing.B) {
		c := cache.New[session](1024)
		keys := make([]string, 1<<16)
		for i := range keys {
			keys[i] = fmt.Sprint(i)
		}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			c.Set(keys[i&(1<<16-1)], session{}, base.Add(time.Duration(i)))
			i++
		}
	})
}

// sessionCost weighs a benchmark session roughly by its memory.
func sessionCost(key string, s session) int64 {
	n := int64(len(key)+len(s.UserID)) + 64
	for _, r := range s.Roles {
		n += int64(len(r)) + 16
	}
	return n
}

func BenchmarkSetWithCost(b *testing.B) {
	roles := []string{"admin", "member"}
	b.Run("overwrite", func(b *testing.B) {
		c := cache.NewWithCost(2048, 1<<20, sessionCost)
		keys := make([]string, 1024)
		for i := range keys {
			keys[i] = fmt.Sprintf("session_01HXYZ%010d", i)
			c.Set(keys[i], session{UserID: "user_01", Roles: roles}, base.Add(time.Hour))
		}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			c.Set(keys[i&1023], session{UserID: "user_01", Roles: roles}, base.Add(time.Duration(i)))
			i++
		}
	})
	// The cost bound, not the entry bound, drives eviction: room for
	// about 1024 of these sessions, 1<<16 entries allowed.
	b.Run("evict", func(b *testing.B) {
		keys := make([]string, 1<<16)
		for i := range keys {
			keys[i] = fmt.Sprintf("session_01HXYZ%010d", i)
		}
		per := sessionCost(keys[0], session{UserID: "user_01", Roles: roles})
		c := cache.NewWithCost(1<<16, 1024*per, sessionCost)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			c.Set(keys[i&(1<<16-1)], session{UserID: "user_01", Roles: roles}, base.Add(time.Duration(i)))
			i++
		}
		if c.Len() > 1024 {
			b.Fatalf("Len = %d, the cost bound allows 1024", c.Len())
		}
	})
}
