package bench

import (
	"net/http"
	"testing"

	"github.com/ssokit/workosauth/core"
)

// BenchmarkGuardParallel runs guarded requests from GOMAXPROCS goroutines
// (-cpu 1,2): "nethttp" all with one session (one cache shard: the worst
// case for the shard's read lock), "nethttp-1024sessions" each goroutine
// cycling through 1024 sessions (spread over the shards), "floor" the
// net/http floor for reference.
func BenchmarkGuardParallel(b *testing.B) {
	b.Run("nethttp", func(b *testing.B) { benchParallel(b, 1, false) })
	b.Run("nethttp-1024sessions", func(b *testing.B) { benchParallel(b, 1024, false) })
	b.Run("floor", func(b *testing.B) { benchParallel(b, 1, true) })
}

// benchParallel serves n signed-in requests round robin in parallel,
// through the net/http guard or floor.
func benchParallel(b *testing.B, n int, floor bool) {
	auth := newAuth(b, nil)
	p := alice(b)
	reqs := make([]*http.Request, n)
	for i := range reqs {
		reqs[i] = signedIn(auth, p) // a fresh session ID, so a fresh cookie, each
	}
	pr := &probe{}
	want := aliceEmail
	var h http.Handler
	if floor {
		h = floorMiddleware(cookieName(auth))(floorHandler(pr))
		want = sessionCookie(b, auth, reqs[0])
	} else {
		h = guardHandler(auth, pr)
	}
	w := newSink()
	pr.arm()
	h.ServeHTTP(w, reqs[0])
	expectStatus(b, w, http.StatusOK)
	pr.expect(b, want)
	b.ReportAllocs()
	b.ResetTimer() // RunParallel, unlike b.Loop, does not leave the setup out
	stop := cpuMeter()
	b.RunParallel(func(pb *testing.PB) {
		w := newSink()
		for i := 0; pb.Next(); i++ {
			h.ServeHTTP(w, reqs[i%n])
		}
	})
	stop(b)
}

// guardHandler is the net/http guard around the no-op handler.
func guardHandler(auth *core.Auth, pr *probe) http.Handler {
	return nethttpRouter.guard(auth, pr).(httpServer).h
}
