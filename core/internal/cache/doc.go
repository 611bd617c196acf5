// Package cache provides a bounded (by entry count and, optionally, by a
// total cost such as estimated bytes), sharded, expiring in-memory cache for
// hot request paths, and Group, a minimal singleflight that coalesces
// concurrent loads of the same key.
//
// Cache.Get takes only a shard's read lock and does not allocate. Time is
// passed in by the caller (Get's now, Set's expires), so one time.Now per
// request suffices and tests need no real clock.
package cache
