package redisstore_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ssokit/workosauth/core/store"
	"github.com/ssokit/workosauth/internal/redistest"
	"github.com/ssokit/workosauth/workostest"
)

// The answers each kind of session may get while Redis fails, and after.
type kind struct {
	name    string
	cookies [][]*http.Cookie
	during  []int // allowed while Redis fails
}

// loadStats records what a load of requests got.
type loadStats struct {
	mu      sync.Mutex
	counts  map[string]map[int]int
	slowest time.Duration
	bad     []string
}

func (s *loadStats) record(k *kind, inst string, st int, took time.Duration, allowed []int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.counts[k.name] == nil {
		s.counts[k.name] = map[int]int{}
	}
	s.counts[k.name][st]++
	s.slowest = max(s.slowest, took)
	for _, a := range allowed {
		if a == st {
			return
		}
	}
	if len(s.bad) < 10 {
		s.bad = append(s.bad, fmt.Sprintf("%s on %s: %d (allowed %v)", k.name, inst, st, allowed))
	}
}

// TestRedisFailuresUnderLoad: Redis paused, killed and restarted, or made
// slow, while many goroutines ask two instances for sessions of every
// kind. Never a 500; no revoked session or garbage cookie let in; sessions
// the instance holds keep answering 200 while Redis keeps them, the
// others 200 or 503; every answer within the timeout; and by itself, once
// Redis is back, every session Redis kept opens again and every session
// it lost is refused on every instance.
func TestRedisFailuresUnderLoad(t *testing.T) {
	const timeout = 300 * time.Millisecond
	faults := []struct {
		name        string
		kept        bool // Redis keeps its data through the fault
		ctxTimeouts bool // clients built with ContextTimeoutEnabled: calls run inline
		run         func(srv *redistest.Server)
	}{
		{"paused beyond the timeout (CLIENT PAUSE)", true, false, func(srv *redistest.Server) {
			srv.Pause(1500 * time.Millisecond)
			time.Sleep(1500 * time.Millisecond)
		}},
		{"killed and restarted", false, false, func(srv *redistest.Server) {
			srv.Kill()
			time.Sleep(time.Second)
			srv.Restart()
		}},
		{"slow (DEBUG SLEEP)", true, false, func(srv *redistest.Server) {
			srv.Sleep(time.Second)
			time.Sleep(time.Second)
		}},
		{"flapping (pauses of 400 ms every 600 ms)", true, false, func(srv *redistest.Server) {
			for range 3 {
				srv.Pause(400 * time.Millisecond)
				time.Sleep(600 * time.Millisecond)
			}
		}},
		{"paused, ContextTimeoutEnabled clients", true, true, func(srv *redistest.Server) {
			srv.Pause(1500 * time.Millisecond)
			time.Sleep(1500 * time.Millisecond)
		}},
		{"slow, ContextTimeoutEnabled clients", true, true, func(srv *redistest.Server) {
			srv.Sleep(time.Second)
			time.Sleep(time.Second)
		}},
	}
	for _, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			srv := redistest.Start(t)
			newClient := func(t *testing.T) redis.UniversalClient {
				c := redis.NewClient(&redis.Options{Addr: srv.Addr, ContextTimeoutEnabled: f.ctxTimeouts})
				t.Cleanup(func() { c.Close() })
				return c
			}
			fleet := startFleet(t, newClient, 2, instanceOpts{timeout: timeout})
			a, b := fleet[0], fleet[1]

			hot := &kind{name: "open on both instances", during: []int{200}}
			if !f.kept {
				// Redis lost them: once an instance sees the new Redis, it
				// asks again, and refuses them as every instance does.
				hot.during = []int{200, 401, 503}
			}
			// Cold sessions are asked on B only once the fault has begun, each
			// for the first time; then B holds them.
			cold := &kind{name: "not yet open on B", during: []int{200, 503}}
			// An instance that cannot reach Redis cannot tell these from valid
			// sessions it does not hold: 503, never 200.
			revoked := &kind{name: "signed out before the fault", during: []int{401, 503}}
			none := &kind{name: "garbage cookie", during: []int{401, 503}}
			for i := range 300 {
				cold.cookies = append(cold.cookies, a.signIn(t, fmt.Sprintf("prof_cold%d", i)))
			}
			var nextCold atomic.Int64
			var faulting atomic.Bool
			for i := range 20 {
				c := a.signIn(t, fmt.Sprintf("prof_hot%d", i))
				a.want(t, "hot on A", c, 200)
				b.want(t, "hot on B", c, 200)
				hot.cookies = append(hot.cookies, c)
				r := a.signIn(t, fmt.Sprintf("prof_gone%d", i))
				b.want(t, "revoked, before", r, 200)
				a.signOut(t, r)
				revoked.cookies = append(revoked.cookies, r)
				none.cookies = append(none.cookies, []*http.Cookie{{Name: "wos-session", Value: fmt.Sprintf("garbage%d.%043d", i, i)}})
			}
			time.Sleep(50 * time.Millisecond) // the sign-outs reach B
			for _, c := range revoked.cookies {
				b.want(t, "revoked on B", c, 401)
			}

			stats := &loadStats{counts: map[string]map[int]int{}}
			stop := make(chan struct{})
			var wg sync.WaitGroup
			var requests atomic.Int64
			for range 16 {
				wg.Go(func() {
					for {
						select {
						case <-stop:
							return
						default:
						}
						k := []*kind{hot, cold, revoked, none}[rand.IntN(4)]
						var c []*http.Cookie
						if k == cold {
							if !faulting.Load() {
								continue
							}
							i := int(nextCold.Add(1)) - 1
							if i >= len(cold.cookies)-1 { // keep the last for the recovery check
								continue
							}
							c = cold.cookies[i]
						} else {
							c = k.cookies[rand.IntN(len(k.cookies))]
						}
						inst, name := b, "B"
						if k != cold && rand.IntN(2) == 0 {
							inst, name = a, "A"
						}
						start := time.Now()
						st, _ := inst.me(c)
						stats.record(k, name, st, time.Since(start), k.during)
						requests.Add(1)
						time.Sleep(time.Millisecond)
					}
				})
			}
			time.Sleep(200 * time.Millisecond)
			faultStart := time.Now()
			faulting.Store(true)
			f.run(srv)
			back := time.Now()
			t.Logf("fault lasted %v", back.Sub(faultStart).Round(time.Millisecond))

			// Recovery, by itself: a session Redis kept opens again on B.
			var recovered time.Duration
			for {
				c := cold.cookies[len(cold.cookies)-1]
				st, _ := b.me(c)
				if f.kept && st == 200 || !f.kept && st == 401 {
					recovered = time.Since(back)
					break
				}
				if time.Since(back) > 5*time.Second {
					t.Fatalf("B has not recovered 5 s after Redis came back: %d", st)
				}
				time.Sleep(10 * time.Millisecond)
			}
			close(stop)
			wg.Wait()
			t.Logf("%d requests; B recovered %v after Redis was back; slowest answer %v; %v",
				requests.Load(), recovered.Round(time.Millisecond), stats.slowest.Round(time.Millisecond), stats.counts)
			for _, bad := range stats.bad {
				t.Error(bad)
			}
			if stats.slowest > timeout+400*time.Millisecond {
				t.Errorf("slowest answer %v; want within the timeout (%v) and a little", stats.slowest, timeout)
			}
			if stats.counts[cold.name][503] == 0 {
				t.Errorf("no 503 for sessions B could not check: the fault did not bite (%v)", stats.counts)
			}
			for _, c := range cold.cookies {
				want := 200 // no session lost that Redis kept
				if !f.kept {
					want = 401 // Redis lost them all
				}
				b.want(t, "after the fault", c, want)
			}
			for _, c := range revoked.cookies {
				b.want(t, "revoked, after the fault", c, 401)
			}
			for _, c := range hot.cookies {
				want := 200
				if !f.kept {
					want = 401 // the same answer on every instance: Redis lost them
				}
				a.want(t, "hot on A after the fault", c, want)
				b.want(t, "hot on B after the fault", c, want)
			}
			if l := a.log.String() + b.log.String(); len(l) > 0 {
				t.Logf("log:\n%.2000s", l)
			}
		})
	}
}

// TestSignOutDuringOutageReachesOthersAfter: a sign-out while Redis is
// down ends the session at once on the instance that took it; the
// revocation and the deletion wait in its queue and reach Redis, and the
// other instance, when Redis is back.
func TestSignOutDuringOutageReachesOthersAfter(t *testing.T) {
	const timeout = 300 * time.Millisecond
	for _, kill := range []bool{false, true} {
		name := map[bool]string{false: "paused", true: "killed and restarted"}[kill]
		t.Run(name, func(t *testing.T) {
			srv := redistest.Start(t)
			newClient := func(*testing.T) redis.UniversalClient { return srv.Client() }
			fleet := startFleet(t, newClient, 2, instanceOpts{timeout: timeout})
			a, b := fleet[0], fleet[1]
			var sessions [][]*http.Cookie
			for i := range 5 {
				c := a.signIn(t, fmt.Sprintf("prof_%d", i))
				b.want(t, "before", c, 200)
				sessions = append(sessions, c)
			}
			if kill {
				srv.Kill()
			} else {
				srv.Pause(3 * time.Second)
			}
			for _, c := range sessions {
				a.signOut(t, c)
				// The instance no longer holds it and cannot reach Redis:
				// 503 (or 401), never 200.
				if st, _ := a.me(c); st != 401 && st != 503 {
					t.Fatalf("on the instance that signed out, during the outage: %d", st)
				}
			}
			if n := a.store.Pending(); n == 0 {
				t.Fatal("nothing waits for Redis after sign-outs during an outage")
			}
			if kill {
				srv.Restart()
			} else {
				time.Sleep(time.Until(time.Now().Add(3 * time.Second)))
			}
			back := time.Now()
			var worst time.Duration
			for _, c := range sessions {
				worst = max(worst, refusedWithin(t, b, c, back, 5*time.Second))
			}
			t.Logf("the sign-outs made during the outage reached B %v after Redis was back", worst.Round(time.Millisecond))
			deadline := time.Now().Add(5 * time.Second)
			for a.store.Pending() > 0 && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			if n := a.store.Pending(); n != 0 {
				t.Fatalf("%d writes still wait for Redis", n)
			}
			late := newInstance(t, srv.Client(), instanceOpts{timeout: timeout})
			for _, c := range sessions {
				late.want(t, "an instance started after the outage", c, 401)
			}
			if !kill {
				if n := srv.Client().Keys(context.Background(), "workosauth:s:*").Val(); len(n) != 0 {
					t.Fatalf("session records still in Redis after the queued deletions: %d", len(n))
				}
			}
		})
	}
}

// TestSignInDuringOutage: a sign-in while Redis is down fails clearly, with
// an error wrapping ErrStoreUnavailable (the callback answers 503), within
// the timeout; it works again once Redis is back.
func TestSignInDuringOutage(t *testing.T) {
	srv := redistest.Start(t)
	in := newInstance(t, srv.Client(), instanceOpts{timeout: 300 * time.Millisecond})
	srv.Kill()
	start := time.Now()
	_, _, err := workostest.SessionCookies(context.Background(), in.auth, profile("prof_x"))
	if !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("sign-in during an outage: %v; want ErrStoreUnavailable", err)
	}
	if took := time.Since(start); took > time.Second {
		t.Fatalf("sign-in during an outage took %v", took)
	}
	srv.Restart()
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, c, err := workostest.SessionCookies(context.Background(), in.auth, profile("prof_x"))
		if err == nil {
			// The feed resynchronises by itself: the session opens.
			for in.me(c); ; {
				if st, _ := in.me(c); st == 200 {
					return
				}
				if time.Now().After(deadline) {
					t.Fatal("a session made after the outage does not open")
				}
				time.Sleep(10 * time.Millisecond)
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("sign-in still fails 5 s after Redis is back: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
