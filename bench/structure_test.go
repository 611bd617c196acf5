package bench

import (
	"testing"
)

// TestStructure asserts, without timing anything, what the speed rests on:
// the guarded net/http request allocates at most 3 times more than the
// plumbing floor (workosauth's own allocations), and in fact at most 3
// times in all. (Opening a cookie allocates dozens of times, so this also
// shows that the session came from the cache.)
func TestStructure(t *testing.T) {
	auth := newAuth(t, nil)
	r := signedIn(auth, alice(t))
	pr := &probe{}
	guard, inspect := nethttpRouter.guard(auth, pr).prepare(r)
	floor, _ := nethttpRouter.floor(cookieName(auth), pr).prepare(r)
	pr.arm()
	guard()
	expectAnswer(t, inspect, 200, "")
	pr.expect(t, aliceEmail)

	g := testing.AllocsPerRun(1000, guard)
	f := testing.AllocsPerRun(1000, floor)
	t.Logf("allocations per request: guard %.0f, floor %.0f", g, f)
	if g-f > 3 {
		t.Errorf("the guard allocates %.0f times more than the floor, want at most 3", g-f)
	}
	if g > 3 {
		t.Errorf("the guard allocates %.0f times per request, want at most 3", g)
	}
}
