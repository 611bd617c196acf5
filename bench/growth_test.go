package bench

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/ssokit/workosauth/core"
)

// groupCounts are the session sizes of the growth benchmarks.
var groupCounts = []int{1, 10, 100}

// BenchmarkGuardGroups is the guarded request (net/http, cache hit) with
// sessions of 1, 10 and 100 groups: the cache is keyed by the cookie, so
// the cost should not depend on the session's size beyond the cookie scan.
func BenchmarkGuardGroups(b *testing.B) {
	for _, n := range groupCounts {
		b.Run(strconv.Itoa(n), func(b *testing.B) { benchGuardSize(b, n, nil) })
	}
}

// BenchmarkGuardColdOpen is the same request with the cache disabled
// (SessionCacheSize -1): every request opens and decodes its cookie, as
// the first request of a session in a process does.
func BenchmarkGuardColdOpen(b *testing.B) {
	for _, n := range groupCounts {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			benchGuardSize(b, n, func(c *core.Config) { c.Sessions.CacheSize = -1 })
		})
	}
}

// benchGuardSize measures the net/http guard on alice in n groups.
func benchGuardSize(b *testing.B, n int, edit func(*core.Config)) {
	benchGuardProfile(b, aliceWithGroups(b, n), edit)
}

// benchGuardProfile measures the net/http guard on a session of p, the
// Auth as edit leaves it.
func benchGuardProfile(b *testing.B, p core.Profile, edit func(*core.Config)) {
	auth := newAuth(b, edit)
	r := signedIn(auth, p)
	pr := &probe{}
	serve, inspect := nethttpRouter.guard(auth, pr).prepare(r)
	pr.arm()
	serve()
	expectAnswer(b, inspect, http.StatusOK, "")
	pr.expect(b, aliceEmail)
	measure(b, serve)
	b.ReportMetric(float64(len(sessionCookie(b, auth, r))), "cookie-B") // after measure: b.Loop resets metrics
}
