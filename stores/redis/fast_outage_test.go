package redisstore_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ssokit/workosauth/core/store"
	"github.com/ssokit/workosauth/internal/redistest"
	"github.com/ssokit/workosauth/workostest"
)

// countHook counts the commands a client sends, by name, alone or in
// pipelines.
type countHook struct {
	mu sync.Mutex
	n  map[string]int
}

func (h *countHook) add(cmds ...redis.Cmder) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, c := range cmds {
		h.n[c.Name()]++
	}
}

func (h *countHook) DialHook(next redis.DialHook) redis.DialHook { return next }

func (h *countHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		h.add(cmd)
		return next(ctx, cmd)
	}
}

func (h *countHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		h.add(cmds...)
		return next(ctx, cmds)
	}
}

// count is how many of the named commands were sent since reset.
func (h *countHook) count(names ...string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, name := range names {
		n += h.n[name]
	}
	return n
}

func (h *countHook) reset() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.n = map[string]int{}
}

// countedClient is a client of srv whose commands h counts.
func countedClient(t *testing.T, srv *redistest.Server) (redis.UniversalClient, *countHook) {
	c := srv.Client()
	h := &countHook{n: map[string]int{}}
	c.AddHook(h)
	return c, h
}

// TestOutageAnswersFast: once an instance has found Redis not answering
// (stopped with SIGSTOP, or killed), it answers at once instead of each
// request waiting the timeout: sign-ins and requests for sessions it does
// not hold get 503 with Retry-After without asking Redis again; a
// sign-out waits one timeout at most (its one round trip, the deletion
// and the revocation together; both are queued); a sign-out of a session it does not
// hold gets 503 with Retry-After. A probe finds Redis back by itself.
// Counts of commands, and bounds of a timeout and more, not timings.
func TestOutageAnswersFast(t *testing.T) {
	const timeout = time.Second
	for _, fault := range []struct {
		name  string
		kept  bool // Redis keeps its data through the fault
		start func(*redistest.Server)
		end   func(*redistest.Server)
	}{
		{"stopped (SIGSTOP)", true, (*redistest.Server).Stop, (*redistest.Server).Continue},
		{"killed", false, (*redistest.Server).Kill, (*redistest.Server).Restart},
	} {
		t.Run(fault.name, func(t *testing.T) {
			srv := redistest.Start(t)
			ca, ha := countedClient(t, srv)
			cb, hb := countedClient(t, srv)
			a := newInstance(t, ca, instanceOpts{timeout: timeout})
			b := newInstance(t, cb, instanceOpts{timeout: timeout})
			held := a.signIn(t, "prof_held") // A holds it (sign-in caches)
			b.want(t, "before", held, http.StatusOK)
			var cold [][]*http.Cookie // never opened on B
			for i := range 20 {
				cold = append(cold, a.signIn(t, fmt.Sprintf("prof_cold%d", i)))
			}

			fault.start(srv)
			ha.reset()
			start := time.Now()
			if w := a.signOutAnswer(held); w.Code != http.StatusSeeOther {
				t.Fatalf("sign-out on the instance that holds the session: %d", w.Code)
			}
			took := time.Since(start)
			if d, p := ha.count("del"), ha.count("publish"); d > 1 || p > d || took >= 2*timeout {
				t.Errorf("sign-out during the outage took %v and sent %d deletions and %d publications; want one try (the deletion and the revocation in one round trip), one timeout (%v) at most: its failure marks Redis down, both are queued", took.Round(time.Millisecond), d, p, timeout)
			}

			hb.reset()
			for i := range 10 {
				_, _, err := workostest.SessionCookies(context.Background(), b.auth, profile(fmt.Sprintf("prof_new%d", i)))
				if !errors.Is(err, store.ErrUnavailable) {
					t.Fatalf("sign-in %d during the outage: %v; want ErrStoreUnavailable", i, err)
				}
			}
			if n := hb.count("set"); n > 1 {
				t.Errorf("10 sign-ins during the outage sent %d SETs to Redis; want 1 at most (then it is known down)", n)
			}
			for i, c := range cold[:10] {
				w := b.meAnswer(c)
				if st, ra := w.Code, w.Header().Get("Retry-After"); st != http.StatusServiceUnavailable || ra == "" {
					t.Fatalf("a session B does not hold, %d: %d, Retry-After %q; want 503 with Retry-After", i, w.Code, w.Header().Get("Retry-After"))
				}
			}
			w := b.signOutAnswer(cold[10])
			if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
				t.Fatalf("sign-out of a session B does not hold: %d, Retry-After %q; want 503 with Retry-After", w.Code, w.Header().Get("Retry-After"))
			}
			if n := hb.count("get", "set"); n > 1 {
				t.Errorf("B sent %d GETs and SETs while known down; want 1 at most", n)
			}

			fault.end(srv)
			back := time.Now()
			want := http.StatusOK
			if !fault.kept {
				want = http.StatusUnauthorized
			}
			deadline := back.Add(5 * time.Second)
			for {
				st, _ := b.me(cold[11])
				if st == want {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("5 s after Redis came back, a session B does not hold answers %d, want %d", st, want)
				}
				time.Sleep(10 * time.Millisecond)
			}
			t.Logf("B answered for an unheld session %v after Redis came back", time.Since(back).Round(time.Millisecond))
			agree(t, "the session signed out during the outage", []*instance{a, b}, held, http.StatusUnauthorized, 5*time.Second)
			if _, _, err := workostest.SessionCookies(context.Background(), b.auth, profile("prof_after")); err != nil {
				t.Fatalf("sign-in after the outage: %v", err)
			}
		})
	}
}
