package redisstore_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ssokit/workosauth/internal/redistest"
)

// modes are the two ways an app uses the store: sessions in Redis, or
// sealed cookies with revocations shared through Redis.
var modes = []struct {
	name    string
	cookies bool
}{{"redis store", false}, {"cookie store with Revocations", true}}

// agree waits until every instance answers want for cookies, failing
// after limit; then checks, for a while, that none answers anything but
// want or 503, and waits for them to agree again. A 503 there is an instance
// that has only now noticed that its subscription was cut (a loaded
// machine may take a few hundred milliseconds to read the EOF) and follows
// again: until it does it refuses the sessions it does not hold open, which
// is what it must do; any other answer is a wrong one.
func agree(t *testing.T, what string, fleet []*instance, cookies []*http.Cookie, want int, limit time.Duration) {
	t.Helper()
	allAnswer(t, what, fleet, cookies, want, limit)
	for range 20 {
		for i, in := range fleet {
			if got, _ := in.me(cookies); got != want && got != http.StatusServiceUnavailable {
				t.Fatalf("%s: instance %d went on to answer %d; want %d (or 503 while it follows again); its log:\n%s", what, i, got, want, in.log)
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	allAnswer(t, what+", afterwards", fleet, cookies, want, limit)
}

// allAnswer waits until every instance answers want for cookies, failing
// after limit.
func allAnswer(t *testing.T, what string, fleet []*instance, cookies []*http.Cookie, want int, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		got := make([]int, len(fleet))
		all := true
		for i, in := range fleet {
			got[i], _ = in.me(cookies)
			all = all && got[i] == want
		}
		if all {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: the instances answer %v %v after Redis came back; want %d everywhere", what, got, limit, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// lossFleet starts a redis-server and two instances on it, in mode, that
// trust their cache for an hour (SessionRecheck): what they do when Redis
// loses its data is what they notice, not the bound. It returns the
// server, the instances and their options (for one started later).
func lossFleet(t *testing.T, cookies bool) (*redistest.Server, []*instance, instanceOpts) {
	t.Helper()
	srv := redistest.Start(t)
	newClient := func(*testing.T) redis.UniversalClient { return srv.Client() }
	o := instanceOpts{cookieStore: cookies, recheck: time.Hour, timeout: 500 * time.Millisecond}
	return srv, startFleet(t, newClient, 2, o), o
}

// signOutCutAndKill signs cookies out on in while every subscription is
// cut (CLIENT KILL TYPE pubsub), then kills Redis at once and restarts it
// (with what it kept on disk, if anything).
func signOutCutAndKill(t *testing.T, srv *redistest.Server, in *instance, cookies []*http.Cookie) {
	t.Helper()
	if _, err := srv.Do("CLIENT", "KILL", "TYPE", "pubsub"); err != nil {
		t.Fatal(err)
	}
	in.signOut(t, cookies)
	srv.Kill() // within a few milliseconds of the sign-out
	srv.Restart()
}

// TestSignOutLostWithRedis is the scenario, three times over: a
// sign-out on A while the instances' subscriptions are cut (CLIENT KILL
// TYPE pubsub), Redis killed within a few milliseconds and restarted
// without persistence. Afterwards the signed-out cookie is refused on
// every instance, and on one started later; a session Redis lost gets
// the same answer everywhere (refused with the Redis store; a sealed
// cookie still opens). SessionRecheck is an hour: the instances notice
// that Redis was replaced, the bound is not what does it.
func TestSignOutLostWithRedis(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			srv, fleet, o := lossFleet(t, mode.cookies)
			a := fleet[0]
			for round := range 3 {
				out := a.signIn(t, fmt.Sprintf("prof_out%d", round))
				other := a.signIn(t, fmt.Sprintf("prof_other%d", round))
				for _, in := range fleet {
					in.want(t, "before", out, http.StatusOK)
					in.want(t, "before", other, http.StatusOK)
				}
				signOutCutAndKill(t, srv, a, out)
				agree(t, fmt.Sprintf("round %d, the signed-out session", round), fleet, out, http.StatusUnauthorized, 5*time.Second)
				lost := http.StatusUnauthorized // Redis lost it
				if mode.cookies {
					lost = http.StatusOK // the cookie holds it
				}
				agree(t, fmt.Sprintf("round %d, a session Redis lost", round), fleet, other, lost, 5*time.Second)
				late := newInstance(t, srv.Client(), o)
				late.want(t, "an instance started afterwards, the signed-out session", out, http.StatusUnauthorized)
			}
		})
	}
}

// TestRedisRestoredFromOlderCopy: Redis comes back from a snapshot taken
// before a sign-out (as a failover to a replica that missed it would):
// the session's record is back and its revocation gone. The instance that
// made the sign-out records it again, so that every instance, and one
// started later, refuses the session.
func TestRedisRestoredFromOlderCopy(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			srv, fleet, o := lossFleet(t, mode.cookies)
			a := fleet[0]
			out := a.signIn(t, "prof_out")
			kept := a.signIn(t, "prof_kept")
			for _, in := range fleet {
				in.want(t, "before", out, http.StatusOK)
			}
			if _, err := srv.Do("SAVE"); err != nil {
				t.Fatal(err)
			}
			signOutCutAndKill(t, srv, a, out) // back from the snapshot: the sign-out never happened there
			agree(t, "the signed-out session", fleet, out, http.StatusUnauthorized, 5*time.Second)
			agree(t, "a session the snapshot kept", fleet, kept, http.StatusOK, 5*time.Second)
			late := newInstance(t, srv.Client(), o)
			late.want(t, "an instance started afterwards", out, http.StatusUnauthorized)
			late.want(t, "an instance started afterwards, a kept session", kept, http.StatusOK)
		})
	}
}

// TestFlushNoticed: FLUSHALL while the instances stay subscribed. They
// notice (the epoch marker is gone) within a few seconds: a session Redis
// lost is refused everywhere, and the revocations they knew are in Redis
// again for an instance started afterwards.
func TestFlushNoticed(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			srv := redistest.Start(t)
			newClient := func(*testing.T) redis.UniversalClient { return srv.Client() }
			o := instanceOpts{cookieStore: mode.cookies, recheck: time.Hour}
			fleet := startFleet(t, newClient, 2, o)
			a, b := fleet[0], fleet[1]
			out := a.signIn(t, "prof_out")
			other := a.signIn(t, "prof_other")
			b.want(t, "before", other, http.StatusOK)
			a.signOut(t, out)
			refusedWithin(t, b, out, time.Now(), time.Second)
			if _, err := srv.Do("FLUSHALL"); err != nil {
				t.Fatal(err)
			}
			lost := http.StatusUnauthorized
			if mode.cookies {
				lost = http.StatusOK
			}
			agree(t, "a session Redis lost", fleet, other, lost, 5*time.Second)
			deadline := time.Now().Add(5 * time.Second)
			for {
				if n, _ := srv.Do("ZCARD", "workosauth:client_test:revoked"); n == int64(1) {
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("the revocation the instances knew is not in Redis again 5 s after the flush")
				}
				time.Sleep(10 * time.Millisecond)
			}
			late := newInstance(t, srv.Client(), o)
			late.want(t, "an instance started after the flush", out, http.StatusUnauthorized)
		})
	}
}

// TestLostSessionRefusedWithinRecheck: a session record gone from Redis
// without a word to the instances (no revocation; Redis itself the same)
// is refused on the instance that cached it once SessionRecheck has
// passed, not kept for good.
func TestLostSessionRefusedWithinRecheck(t *testing.T) {
	srv := redistest.Start(t)
	newClient := func(*testing.T) redis.UniversalClient { return srv.Client() }
	fleet := startFleet(t, newClient, 2, instanceOpts{recheck: 500 * time.Millisecond})
	a, b := fleet[0], fleet[1]
	cookies := a.signIn(t, "prof_gone")
	b.want(t, "before", cookies, http.StatusOK)
	start := time.Now()
	if _, err := srv.Do("DEL", "workosauth:client_test:s:"+sessionID(t, cookies)); err != nil {
		t.Fatal(err)
	}
	took := refusedWithin(t, b, cookies, start, 5*time.Second)
	t.Logf("a session lost behind the instance's back was refused %v later (SessionRecheck 500 ms)", took.Round(time.Millisecond))
}

// TestRestartWithDataRecordsNothingTwice: Redis restarted with its data
// (a new run_id) makes the instances record again what they know; each
// revocation is written in one form, so the set keeps one member per
// revocation and nothing is published again.
func TestRestartWithDataRecordsNothingTwice(t *testing.T) {
	srv, fleet, _ := lossFleet(t, false)
	a, b := fleet[0], fleet[1]
	for i := range 3 {
		c := a.signIn(t, fmt.Sprintf("prof_%d", i))
		b.signOut(t, c)
	}
	if err := a.auth.RevokeUser(t.Context(), "prof_someone"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // the revocations reach both instances
	if _, err := srv.Do("SAVE"); err != nil {
		t.Fatal(err)
	}
	srv.Kill()
	srv.Restart()
	sub := srv.Client().Subscribe(t.Context(), "workosauth:client_test:revocations")
	defer sub.Close()
	if _, err := sub.Receive(t.Context()); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		if n, _ := srv.Do("ZCARD", "workosauth:client_test:revoked"); n != int64(4) {
			t.Fatalf("%v members in the revocation set after the restart, want the 4 revocations once each", n)
		}
		if msg, err := sub.ReceiveTimeout(t.Context(), 100*time.Millisecond); err == nil {
			t.Fatalf("a revocation Redis kept was published again: %v", msg)
		}
	}
	for i, in := range fleet {
		if !strings.Contains(in.log.String(), "recorded again") {
			t.Fatalf("instance %d did not notice the restart (its log: %.500s)", i, in.log.String())
		}
	}
}
