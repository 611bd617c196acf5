package redisstore_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ssokit/workosauth/internal/redistest"
	"github.com/ssokit/workosauth/workostest"
)

// startFleet starts n instances, each with its own client, store and
// cache, sharing one Redis.
func startFleet(t *testing.T, newClient func(t *testing.T) redis.UniversalClient, n int, o instanceOpts) []*instance {
	t.Helper()
	var fleet []*instance
	for range n {
		fleet = append(fleet, newInstance(t, newClient(t), o))
	}
	return fleet
}

// TestSignOutEndsSessionEverywhere: a session made on one instance opens
// on the others; signed out on one (POST /auth/signout), copies of its
// cookie are refused on every instance within one second, although each
// had it in its cache of opened sessions.
func TestSignOutEndsSessionEverywhere(t *testing.T) {
	for _, b := range backends(t) {
		for _, mode := range []struct {
			name string
			o    instanceOpts
		}{{"redis store", instanceOpts{}}, {"cookie store with Revocations", instanceOpts{cookieStore: true}}} {
			t.Run(b.name+"/"+mode.name, func(t *testing.T) {
				fleet := startFleet(t, b.client, 3, mode.o)
				a, bb, c := fleet[0], fleet[1], fleet[2]
				cookies := a.signIn(t, "prof_alice")
				other := a.signIn(t, "prof_bob")
				for i, in := range fleet {
					in.want(t, fmt.Sprintf("instance %d before sign-out", i), cookies, http.StatusOK)
					in.want(t, fmt.Sprintf("instance %d, another session", i), other, http.StatusOK)
				}
				start := time.Now()
				bb.signOut(t, cookies)
				bb.want(t, "the instance that signed out", cookies, http.StatusUnauthorized)
				for _, in := range []*instance{a, c} {
					took := refusedWithin(t, in, cookies, start, time.Second)
					t.Logf("%s/%s: sign-out on B reached another instance in %v", b.name, mode.name, took.Round(100*time.Microsecond))
				}
				for i, in := range fleet {
					in.want(t, fmt.Sprintf("instance %d, another user's session after the sign-out", i), other, http.StatusOK)
				}
				// An instance started afterwards learns it from Redis.
				late := newInstance(t, b.client(t), mode.o)
				late.want(t, "an instance started after the sign-out", cookies, http.StatusUnauthorized)
				late.want(t, "an instance started after the sign-out, another session", other, http.StatusOK)
			})
		}
	}
}

// TestRevokeUserOnThreeDevices: a user signed in on three devices (each
// through another instance, each session open on every instance) is
// signed out everywhere by RevokeUser on one instance; another user is
// not; signing in again afterwards works.
func TestRevokeUserOnThreeDevices(t *testing.T) {
	for _, b := range backends(t) {
		for _, mode := range []struct {
			name string
			o    instanceOpts
		}{{"redis store", instanceOpts{}}, {"cookie store with Revocations", instanceOpts{cookieStore: true}}} {
			t.Run(b.name+"/"+mode.name, func(t *testing.T) {
				fleet := startFleet(t, b.client, 3, mode.o)
				var devices [][]*http.Cookie
				for _, in := range fleet {
					devices = append(devices, in.signIn(t, "prof_carol"))
				}
				bob := fleet[2].signIn(t, "prof_bob")
				for i, in := range fleet {
					for d, dev := range devices {
						in.want(t, fmt.Sprintf("instance %d, device %d", i, d), dev, http.StatusOK)
					}
				}
				start := time.Now()
				if err := fleet[0].auth.RevokeUser(context.Background(), "prof_carol"); err != nil {
					t.Fatal(err)
				}
				var worst time.Duration
				for _, in := range fleet {
					for _, dev := range devices {
						worst = max(worst, refusedWithin(t, in, dev, start, time.Second))
					}
					in.want(t, "another user", bob, http.StatusOK)
				}
				t.Logf("%s/%s: RevokeUser ended 3 devices on 3 instances within %v", b.name, mode.name, worst.Round(100*time.Microsecond))
				time.Sleep(2 * time.Millisecond) // a new sign-in is later than the revocation's time
				again := fleet[1].signIn(t, "prof_carol")
				for i, in := range fleet {
					in.want(t, fmt.Sprintf("instance %d, a sign-in after the revocation", i), again, http.StatusOK)
				}
			})
		}
	}
}

// TestRevocationStorm: 1000 sessions open on instance B are revoked on A
// from several goroutines; B refuses every one within a second of the
// last revocation, and an instance started afterwards refuses them too.
func TestRevocationStorm(t *testing.T) {
	srv := redistest.Start(t)
	newClient := func(*testing.T) redis.UniversalClient { return srv.Client() }
	fleet := startFleet(t, newClient, 2, instanceOpts{cookieStore: true})
	a, b := fleet[0], fleet[1]
	const n = 1000
	ids := make([]string, n)
	cookies := make([][]*http.Cookie, n)
	for i := range n {
		s, c, err := workostest.SessionCookies(context.Background(), a.auth, profile(fmt.Sprintf("prof_%d", i)))
		if err != nil {
			t.Fatal(err)
		}
		ids[i], cookies[i] = s.ID, c
		b.want(t, "before the storm", c, http.StatusOK)
	}
	start := time.Now()
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < n; i += 8 {
				if err := a.auth.RevokeSession(context.Background(), ids[i]); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	last := time.Now()
	t.Logf("%d revocations published in %v", n, last.Sub(start).Round(time.Millisecond))
	var worst time.Duration
	for i := range n {
		worst = max(worst, refusedWithin(t, b, cookies[i], last, time.Second))
	}
	t.Logf("every one refused on the other instance within %v of the last", worst.Round(100*time.Microsecond))
	late := newInstance(t, srv.Client(), instanceOpts{cookieStore: true})
	for i := range n {
		late.want(t, "an instance started after the storm", cookies[i], http.StatusUnauthorized)
	}
	if got := srv.Client().ZCard(context.Background(), "workosauth:client_test:revoked").Val(); got != n {
		t.Fatalf("%d revocations in Redis, want %d", got, n)
	}
}
