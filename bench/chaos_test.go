package bench

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/store"
	"github.com/ssokit/workosauth/internal/redistest"
	redisstore "github.com/ssokit/workosauth/stores/redis"
	"github.com/ssokit/workosauth/workostest"
)

// The fleet under chaos: two instances of an app (net/http, real HTTP on
// loopback) on one real redis-server, loaded by many clients while Redis
// is stopped, killed and restarted with and without its data, and the
// instances' subscriptions are cut, with sign-outs all along. Off by
// default (about two minutes); run it with
//
//	cd bench && go test -run TestChaos -chaos -v .
//
// It fails on a 500 (or any 5xx but a 503 with Retry-After), on a
// signed-out session let in by the instance that signed it out, on one
// let in anywhere once Redis has been back a few seconds, and on two
// instances (or an instance started afterwards) answering differently for
// any session at the end. It logs the figures BENCHMARKS.md quotes.
var (
	chaos        = flag.Bool("chaos", false, "run TestChaos: two instances on one redis-server through stops, kills and restarts under load")
	chaosClients = flag.Int("chaos.clients", 32, "TestChaos: concurrent clients")
)

// chaosTimeout is the store's Options.Timeout in the chaos run: the
// default, as an app would have it.
const chaosTimeout = redisstore.DefaultTimeout

// chaosSession is one session of the run and what became of it.
type chaosSession struct {
	cookies []*http.Cookie
	outAt   atomic.Int64 // unix ns when its sign-out answered 303; 0: not signed out
	outOn   atomic.Int32 // the instance that signed it out
}

// chaosFleet is the run's instances, sessions and counts.
type chaosFleet struct {
	t       *testing.T
	srv     *redistest.Server
	urls    []string
	auths   []*core.Auth
	clients []*http.Client
	mode    string

	mu       sync.RWMutex
	sessions []*chaosSession

	faultMu  sync.Mutex
	faulting bool      // Redis is stopped, killed or just back
	backAt   time.Time // when Redis last came back

	requests                      atomic.Int64
	status                        [600]atomic.Int64
	slowestOK, slowest503         atomic.Int64 // ns
	last503                       atomic.Int64 // unix ns of the last 503
	recoveries                    []string     // the 503s of each step
	lateElsewhere, lateElsewhereF atomic.Int64 // 200 for a signed-out session on the other instance: outside, during faults
	maxLag                        atomic.Int64 // ns: the longest such 200 after the sign-out, outside faults
	signOuts, signOut503          atomic.Int64
	slowestSignOut                atomic.Int64
	propagation                   []time.Duration // sign-out to refusal on the other instance, outside faults
	propMu                        sync.Mutex
	failures                      []string
	failMu                        sync.Mutex
}

func (f *chaosFleet) fail(format string, args ...any) {
	f.failMu.Lock()
	defer f.failMu.Unlock()
	if len(f.failures) < 20 {
		f.failures = append(f.failures, fmt.Sprintf(format, args...))
	}
}

func storeMax(v *atomic.Int64, n int64) {
	for {
		old := v.Load()
		if n <= old || v.CompareAndSwap(old, n) {
			return
		}
	}
}

// inFault reports whether Redis is failing or came back less than grace
// ago.
func (f *chaosFleet) inFault(grace time.Duration) bool {
	f.faultMu.Lock()
	defer f.faultMu.Unlock()
	return f.faulting || time.Since(f.backAt) < grace
}

func (f *chaosFleet) setFault(on bool) {
	f.faultMu.Lock()
	defer f.faultMu.Unlock()
	f.faulting = on
	if !on {
		f.backAt = time.Now()
	}
}

// TestChaos runs the chaos on the two ways an app uses Redis.
func TestChaos(t *testing.T) {
	if !*chaos {
		t.Skip("the chaos run is long: run it with -chaos")
	}
	for _, mode := range []string{"redis store", "cookie store + Redis revocations"} {
		t.Run(mode, func(t *testing.T) { runChaos(t, mode) })
	}
	t.Run("persistence", persistence)
}

func runChaos(t *testing.T, mode string) {
	// AOF with appendfsync everysec; a restart "without persistence"
	// deletes the files first.
	srv := redistest.StartWith(t, "--appendonly", "yes", "--appendfsync", "everysec")
	f := &chaosFleet{t: t, srv: srv, mode: mode}
	for i := range 2 {
		f.startInstance(i)
	}
	for i := range 300 {
		f.signIn(i % 2)
	}

	goroutines := runtime.NumGoroutine()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range *chaosClients {
		wg.Go(func() { f.load(stop) })
	}
	wg.Go(func() { f.signOutLoop(stop, 150*time.Millisecond) })
	start := time.Now()
	var (
		prev      string
		prevBegan time.Time
		prev503   int64
	)
	step := func(at time.Duration, what string, do func()) {
		time.Sleep(time.Until(start.Add(at)))
		f.noteStep(prev, prevBegan, prev503)
		t.Logf("%5.1fs %s", time.Since(start).Seconds(), what)
		prev, prevBegan, prev503 = what, time.Now(), f.status[http.StatusServiceUnavailable].Load()
		do()
	}
	cut := func() {
		if _, err := srv.Do("CLIENT", "KILL", "TYPE", "pubsub"); err != nil {
			t.Errorf("CLIENT KILL: %v", err)
		}
	}
	// crash kills Redis, after a cut and a sign-out when the sign-out is to
	// be lost with it, and restarts it 1 s later with its data or not.
	crash := func(signOut, keep bool) func() {
		return func() {
			if signOut {
				cut()
				f.signOutOne()
			}
			f.setFault(true)
			srv.Kill()
			time.Sleep(time.Second)
			if !keep {
				os.RemoveAll(filepath.Join(srv.Dir(), "appendonlydir"))
				os.Remove(filepath.Join(srv.Dir(), "dump.rdb"))
			}
			srv.Restart()
			f.setFault(false)
		}
	}
	step(5*time.Second, "Redis stopped (SIGSTOP) for 10 s", func() { f.setFault(true); srv.Stop() })
	step(15*time.Second, "Redis continues", func() { srv.Continue(); f.setFault(false) })
	for i, at := range []time.Duration{20 * time.Second, 22 * time.Second, 24 * time.Second} {
		step(at, fmt.Sprintf("subscriptions cut (%d of 3), a sign-out at once", i+1), func() { cut(); f.signOutOne() })
	}
	step(26*time.Second, "subscriptions cut, a sign-out, Redis killed at once; restarted without its data 1 s later", crash(true, false))
	step(33*time.Second, "Redis killed; restarted with its data (AOF) 1 s later", crash(false, true))
	step(40*time.Second, "subscriptions cut, a sign-out, Redis killed at once; restarted without its data 1 s later", crash(true, false))
	step(46*time.Second, "load stops; 3 s to settle, then every session is asked of every instance", func() {})
	close(stop)
	wg.Wait()
	time.Sleep(3 * time.Second)
	f.finalCheck()
	f.report(time.Since(start))
	for _, c := range f.clients {
		c.CloseIdleConnections()
	}
	time.Sleep(time.Second)
	t.Logf("goroutines: %d before the load, %d after it (a third instance started meanwhile)", goroutines, runtime.NumGoroutine())
	for _, r := range f.recoveries {
		t.Logf("503s by step: %s", r)
	}
}

// noteStep records, for the step that began at began, how many 503s the
// instances answered during it and how long after Redis was back (or the
// step began) the last one came.
func (f *chaosFleet) noteStep(what string, began time.Time, n503 int64) {
	if what == "" {
		return
	}
	f.faultMu.Lock()
	from := f.backAt
	f.faultMu.Unlock()
	since := "Redis was back"
	if from.Before(began) {
		from, since = began, "the step began"
	}
	n := f.status[http.StatusServiceUnavailable].Load() - n503
	last := time.Unix(0, f.last503.Load())
	switch {
	case n == 0:
		f.recoveries = append(f.recoveries, what+": no 503")
	case last.After(from):
		f.recoveries = append(f.recoveries, fmt.Sprintf("%s: %d 503s, the last %v after %s", what, n, last.Sub(from).Round(time.Millisecond), since))
	default:
		f.recoveries = append(f.recoveries, fmt.Sprintf("%s: %d 503s, none after %s", what, n, since))
	}
}

// startInstance starts instance i: its own Redis client (from a URL, as
// the examples make it), store, Auth and HTTP server.
func (f *chaosFleet) startInstance(i int) {
	t := f.t
	client, err := redisstore.NewClientFromURL(context.Background(), "redis://"+f.srv.Addr+"/0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	st := redisstore.New(client, redisstore.Options{Timeout: chaosTimeout})
	auth := newAuth(t, func(c *core.Config) {
		c.Sessions.Revocations, c.Events.Log = st, st
		if f.mode == "redis store" {
			c.Sessions.Store = st
		}
	})
	t.Cleanup(func() { auth.Close() })
	mux := http.NewServeMux()
	mux.Handle("/auth/", workoshttp.Handler(auth))
	mux.Handle("GET /api/me", workoshttp.RequireWorkOS(auth)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := workoshttp.Profile(r)
		io.WriteString(w, p.ID)
	})))
	hs := httptest.NewServer(mux)
	t.Cleanup(hs.Close)
	f.urls = append(f.urls, hs.URL)
	f.auths = append(f.auths, auth)
	f.clients = append(f.clients, &http.Client{
		Transport:     &http.Transport{MaxIdleConnsPerHost: 64},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       30 * time.Second,
	})
}

// signIn makes a session on instance i (it fails while Redis is down:
// then there is none to add).
func (f *chaosFleet) signIn(i int) {
	_, cookies, err := workostest.SessionCookies(context.Background(), f.auths[i], core.Profile{ID: fmt.Sprintf("prof_%d", rand.Int64()), Email: "u@acme.test", OrganizationID: "org_acme"})
	if err != nil {
		return
	}
	f.mu.Lock()
	f.sessions = append(f.sessions, &chaosSession{cookies: cookies})
	f.mu.Unlock()
}

func (f *chaosFleet) pick() *chaosSession {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.sessions[rand.IntN(len(f.sessions))]
}

// ask sends GET /api/me for s to instance i and returns the status and
// Retry-After.
func (f *chaosFleet) ask(i int, s *chaosSession) (int, string, error) {
	req, _ := http.NewRequest("GET", f.urls[i]+"/api/me", nil)
	req.Header.Set("Accept", "application/json")
	for _, c := range s.cookies {
		req.AddCookie(c)
	}
	resp, err := f.clients[i].Do(req)
	if err != nil {
		return 0, "", err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Retry-After"), nil
}

// load asks for random sessions on random instances until stop.
func (f *chaosFleet) load(stop chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		s, i := f.pick(), rand.IntN(2)
		began := time.Now()
		st, retry, err := f.ask(i, s)
		took := time.Since(began)
		if err != nil {
			f.fail("request: %v", err)
			continue
		}
		f.requests.Add(1)
		f.status[st].Add(1)
		switch {
		case st == http.StatusOK:
			storeMax(&f.slowestOK, int64(took))
			out := s.outAt.Load()
			if out == 0 || out > began.UnixNano() {
				continue
			}
			lag := time.Duration(began.UnixNano() - out)
			switch {
			case int(s.outOn.Load()) == i:
				f.fail("%s: a session signed out on instance %d let in there %v later", f.mode, i, lag)
			case f.inFault(3 * time.Second):
				f.lateElsewhereF.Add(1)
			default:
				f.lateElsewhere.Add(1)
				storeMax(&f.maxLag, int64(lag))
			}
		case st == http.StatusServiceUnavailable:
			storeMax(&f.slowest503, int64(took))
			storeMax(&f.last503, time.Now().UnixNano())
			if retry == "" {
				f.fail("503 without Retry-After")
			}
		case st == http.StatusUnauthorized:
		default:
			f.fail("status %d", st)
		}
	}
}

// signOutLoop signs out a random live session every period until stop, and
// signs a new one in on a random instance.
func (f *chaosFleet) signOutLoop(stop chan struct{}, period time.Duration) {
	tick := time.NewTicker(period)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		f.signOutOne()
		f.signIn(rand.IntN(2))
	}
}

// signOutOne signs a random live session out on a random instance and
// times its arrival on the other.
func (f *chaosFleet) signOutOne() {
	s := f.pick()
	if s.outAt.Load() != 0 {
		return
	}
	i := rand.IntN(2)
	req, _ := http.NewRequest("POST", f.urls[i]+"/auth/signout", strings.NewReader(""))
	req.Header.Set("Origin", "http://127.0.0.1:8080") // the app's origin (benchRedirectURI)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range s.cookies {
		req.AddCookie(c)
	}
	began := time.Now()
	resp, err := f.clients[i].Do(req)
	if err != nil {
		f.fail("sign-out: %v", err)
		return
	}
	resp.Body.Close()
	storeMax(&f.slowestSignOut, int64(time.Since(began)))
	switch resp.StatusCode {
	case http.StatusSeeOther:
	case http.StatusServiceUnavailable:
		f.signOut503.Add(1)
		if resp.Header.Get("Retry-After") == "" {
			f.fail("sign-out 503 without Retry-After")
		}
		return
	default:
		f.fail("sign-out answered %d", resp.StatusCode)
		return
	}
	f.signOuts.Add(1)
	s.outOn.Store(int32(i))
	s.outAt.Store(time.Now().UnixNano())
	if f.inFault(3 * time.Second) {
		return // propagation is measured in steady state; recovery apart
	}
	done := time.Now()
	go func() {
		for time.Since(done) < 5*time.Second {
			if st, _, _ := f.ask(1-i, s); st == http.StatusUnauthorized {
				if !f.inFault(3 * time.Second) {
					f.propMu.Lock()
					f.propagation = append(f.propagation, time.Since(done))
					f.propMu.Unlock()
				}
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
}

// finalCheck asks every session of every instance, and of one started
// now, once Redis has been back a while: the same answer everywhere, and
// no signed-out session let in.
func (f *chaosFleet) finalCheck() {
	f.startInstance(2)
	f.mu.RLock()
	sessions := slices.Clone(f.sessions)
	f.mu.RUnlock()
	disagree, letIn, open := 0, 0, 0
	for _, s := range sessions {
		var got [3]int
		for i := range got {
			got[i], _, _ = f.ask(i, s)
		}
		if got[0] != got[1] || got[0] != got[2] {
			disagree++
			if disagree <= 5 {
				f.fail("%s: instances answer %v for one session once Redis is back", f.mode, got)
			}
		}
		if s.outAt.Load() != 0 && slices.Contains(got[:], http.StatusOK) {
			letIn++
			if letIn <= 5 {
				f.fail("%s: a signed-out session let in once Redis is back: %v", f.mode, got)
			}
		}
		if got[0] == http.StatusOK {
			open++
		}
	}
	f.t.Logf("final check: %d sessions asked of 3 instances (one started now): %d open, %d disagreements, %d signed-out let in",
		len(sessions), open, disagree, letIn)
}

func (f *chaosFleet) report(took time.Duration) {
	t := f.t
	var counts []string
	for st := range f.status {
		if n := f.status[st].Load(); n > 0 {
			counts = append(counts, fmt.Sprintf("%d: %d", st, n))
		}
	}
	f.propMu.Lock()
	prop := slices.Clone(f.propagation)
	f.propMu.Unlock()
	slices.Sort(prop)
	q := func(p float64) time.Duration {
		if len(prop) == 0 {
			return 0
		}
		return prop[min(len(prop)-1, int(p*float64(len(prop))))]
	}
	t.Logf("%s: %d requests from %d clients in %v (%s); sign-outs %d (%d answered 503, slowest %v); sign-out to refusal on the other instance (outside faults and the 3 s after, n=%d): p50 %v, p99 %v, max %v; signed-out sessions let in by the other instance: %d outside faults (max %v after the sign-out), %d during faults or within 3 s after; slowest 200 %v, slowest 503 %v",
		f.mode, f.requests.Load(), *chaosClients, took.Round(time.Second), strings.Join(counts, ", "),
		f.signOuts.Load(), f.signOut503.Load(), time.Duration(f.slowestSignOut.Load()).Round(time.Millisecond),
		len(prop), q(0.5).Round(10*time.Microsecond), q(0.99).Round(10*time.Microsecond), q(1).Round(10*time.Microsecond),
		f.lateElsewhere.Load(), time.Duration(f.maxLag.Load()).Round(time.Millisecond), f.lateElsewhereF.Load(),
		time.Duration(f.slowestOK.Load()).Round(time.Millisecond), time.Duration(f.slowest503.Load()).Round(time.Millisecond))
	for _, bad := range f.failures {
		t.Error(bad)
	}
}

// persistence measures how many sessions made just before a SIGKILL
// survive it, by Redis persistence setting: a burst of 50 sign-ins, then
// the kill at once or 1.5 s later, five times.
func persistence(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
	}{
		{"AOF, appendfsync everysec", []string{"--appendonly", "yes", "--appendfsync", "everysec"}},
		{"RDB, Redis's default save points (3600 1 300 100 60 10000)", []string{"--save", "3600 1 300 100 60 10000"}},
		{"none", nil},
	} {
		for _, wait := range []time.Duration{0, 1500 * time.Millisecond} {
			total, kept := 0, 0
			for range 5 {
				srv := redistest.StartWith(t, c.args...)
				st := redisstore.New(srv.Client(), redisstore.Options{})
				var tokens []string
				for i := range 50 {
					r := store.Record{ID: fmt.Sprintf("s%d", i), Data: []byte("a session of prof_x"), ExpiresAt: time.Now().Add(time.Hour)}
					tok, err := st.Save(context.Background(), r)
					if err != nil {
						t.Fatal(err)
					}
					tokens = append(tokens, tok)
				}
				time.Sleep(wait)
				srv.Kill()
				srv.Restart()
				after := redisstore.New(srv.Client(), redisstore.Options{})
				for _, tok := range tokens {
					total++
					if _, err := after.Load(context.Background(), tok); err == nil {
						kept++
					}
				}
				srv.Kill()
			}
			t.Logf("persistence %s; SIGKILL %v after a burst of 50 sign-ins: %d of %d sessions survived (5 runs)", c.name, wait, kept, total)
		}
	}
}
