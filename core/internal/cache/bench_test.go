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
