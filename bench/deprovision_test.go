package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/store"
	"github.com/ssokit/workosauth/internal/redistest"
	redisstore "github.com/ssokit/workosauth/stores/redis"
	"github.com/ssokit/workosauth/workostest"
)

// memFeed is a store.Feed within one process: Publish hands a
// revocation to each follower's goroutine through a channel, as a Redis
// subscription hands it to each instance, without the network.
type memFeed struct {
	mu        sync.Mutex
	followers []chan store.Revocation
}

func (f *memFeed) Publish(_ context.Context, r store.Revocation) error {
	f.mu.Lock()
	fs := slices.Clone(f.followers)
	f.mu.Unlock()
	for _, ch := range fs {
		ch <- r
	}
	return nil
}

func (f *memFeed) Follow(ctx context.Context, fl store.Follower) error {
	ch := make(chan store.Revocation, 1024)
	f.mu.Lock()
	f.followers = append(f.followers, ch)
	f.mu.Unlock()
	fl.Synced(true)
	for {
		select {
		case <-ctx.Done():
			return nil
		case r := <-ch:
			fl.Revoked(r)
		}
	}
}

const benchWebhookSecret = "whsec_bench_0123456789"

// BenchmarkWebhookToRefusal is deprovisioning end to end across two
// instances: instance A takes a signed dsync.user.deleted over real
// loopback HTTP (its webhook route, verification, decoding, the
// revocation published on the feed), and instance B, which holds the
// user's session open in its cache, refuses the user's next request. Each
// iteration is another user; the time runs from the delivery's first byte
// to B's first 401, found by asking B again and again. cached is how many
// sessions B's cache holds (each revocation sweeps it).
func BenchmarkWebhookToRefusal(b *testing.B) {
	for _, cached := range []int{1, 10000} {
		b.Run(fmt.Sprintf("memfeed/cached=%d", cached), func(b *testing.B) {
			feed := &memFeed{}
			benchWebhookToRefusal(b, cached, feed, feed)
		})
	}
	// The same through a real redis-server: each instance its own client
	// and store, sharing revocations (the cookie store with Revocations).
	srv := redistest.Start(b)
	for _, cached := range []int{1, 10000} {
		b.Run(fmt.Sprintf("redis/cached=%d", cached), func(b *testing.B) {
			benchWebhookToRefusal(b, cached,
				redisstore.New(srv.Client(), redisstore.Options{}), redisstore.New(srv.Client(), redisstore.Options{}))
		})
	}
}

func benchWebhookToRefusal(b *testing.B, cached int, feedA, feedB store.Feed) {
	a := newAuth(b, func(c *core.Config) {
		c.Sessions.Revocations, c.Events.WebhookSecrets = feedA, []core.Secret{core.NewSecret(benchWebhookSecret)}
	})
	bb := newAuth(b, func(c *core.Config) { c.Sessions.Revocations = feedB; c.Sessions.CacheSize = cached + 16 })
	defer a.Close()
	defer bb.Close()
	srv := httptest.NewServer(workoshttp.Handler(a))
	defer srv.Close()
	client := srv.Client()
	guard := workoshttp.RequireWorkOS(bb)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	ask := func(r *http.Request) int {
		w := httptest.NewRecorder()
		guard.ServeHTTP(w, r)
		return w.Code
	}
	base := alice(b)
	profile := func(name string) core.Profile {
		p := base
		p.ID, p.Email, p.IdpID = "prof_"+name, name+"@acme.test", "idp-"+name
		return p
	}
	for i := range cached - 1 {
		if ask(signedIn(bb, profile(fmt.Sprintf("other%05d", i)))) != http.StatusOK {
			b.Fatal("a filler session does not open")
		}
	}

	var took []time.Duration
	refusedOnAnswer := 0
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		p := profile(fmt.Sprintf("user%06d", i))
		r := signedIn(bb, p)
		if ask(r) != http.StatusOK {
			b.Fatal("not signed in on B")
		}
		ev, _ := workostest.NewEvent("dsync.user.deleted", map[string]any{
			"object": "directory_user", "organization_id": p.OrganizationID, "idp_id": p.IdpID,
			"email": p.Email, "state": "inactive",
		})
		body, _ := json.Marshal(ev)
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/auth/webhooks", bytes.NewReader(body))
		req.Header.Set("WorkOS-Signature", workostest.SignWebhook(benchWebhookSecret, body, time.Now()))
		b.StartTimer()

		start := time.Now()
		res, err := client.Do(req)
		if err != nil || res.StatusCode != http.StatusOK {
			b.Fatalf("delivery: %v %v", err, res)
		}
		res.Body.Close()
		first := true
		for ask(r) != http.StatusUnauthorized {
			first = false
		}
		took = append(took, time.Since(start))
		if first {
			refusedOnAnswer++
		}
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds()), "p99-µs")
	b.ReportMetric(100*float64(refusedOnAnswer)/float64(len(took)), "%refused-by-answer")
}

// BenchmarkGuardUnderRevocations is the guarded request (a cache hit) with
// none and with 100,000 revocations by match in force (users removed by
// the directory): the revocation list is never consulted on a hit.
func BenchmarkGuardUnderRevocations(b *testing.B) {
	for _, n := range []int{0, 100_000} {
		b.Run(fmt.Sprintf("revoked=%d", n), func(b *testing.B) {
			auth := newAuth(b, nil)
			ctx := context.Background()
			for i := range n {
				auth.RevokeMatching(ctx, time.Now(), core.MatchIdentity("org_01DEMOACME", fmt.Sprintf("idp-gone-%06d", i)), core.MatchEmail("org_01DEMOACME", fmt.Sprintf("gone%06d@acme.test", i)))
			}
			pr := &probe{}
			serve, inspect := nethttpRouter.guard(auth, pr).prepare(signedIn(auth, alice(b)))
			pr.arm()
			serve()
			expectAnswer(b, inspect, http.StatusOK, "")
			pr.expect(b, aliceEmail)
			measure(b, serve)
		})
	}
}
