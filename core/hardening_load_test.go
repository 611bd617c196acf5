package core_test

import (
	"math/rand/v2"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var loadUsers = []string{"alice@acme.test", "bob@acme.test", "carol@globex.test"}

// loadBrowser is a browser whose connections are reused by many
// goroutines at once.
func loadBrowser(t tb, app *testApp) *browser {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	return newBrowser(t, tr, app.URL, app.wos.URL)
}

// TestHardeningParallelSignIns signs 50 browsers in at once, each with a
// jar of its own, by email (so through the Organizations lookup) and by
// connection. Each ends signed in as its own user.
func TestHardeningParallelSignIns(t *testing.T) {
	app := newApp(t, appOptions{})
	const n = 50
	var wg sync.WaitGroup
	var ok atomic.Int32
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			gt := goTB{t}
			b := loadBrowser(gt, app)
			email := loadUsers[i%len(loadUsers)]
			q := url.Values{"email": {email}, "return_to": {"/tab/" + strconv.Itoa(i)}}
			if i%2 == 1 && email != "carol@globex.test" {
				q = url.Values{"connection": {connAcme}, "login_hint": {email}, "return_to": {"/tab/" + strconv.Itoa(i)}}
			}
			w := b.get(app.URL + "/auth/signin?" + q.Encode()).who(gt)
			if w.Email != email || w.Path != "/tab/"+strconv.Itoa(i) {
				t.Errorf("browser %d: %q at %q, want %q", i, w.Email, w.Path, email)
				return
			}
			if w := b.get(app.URL + "/dashboard").who(gt); w.Email != email {
				t.Errorf("browser %d: then %q", i, w.Email)
				return
			}
			ok.Add(1)
		}()
	}
	wg.Wait()
	if ok.Load() != n {
		t.Fatalf("%d of %d sign-ins succeeded", ok.Load(), n)
	}
}

// startTabs starts one sign-in per return_to in browser b, stopping each
// before its callback, and returns the callback URLs in order.
func startTabs(t *testing.T, app *testApp, b *browser, parallel bool, emails ...string) []string {
	cbs := make([]string, len(emails))
	var wg sync.WaitGroup
	for i, email := range emails {
		start := func() {
			q := url.Values{"email": {email}, "return_to": {"/tab/" + strconv.Itoa(i)}}
			p := b.navigate("GET", app.signInURL(q), nil, nil, beforeCallback)
			cbs[i] = p.url.String()
		}
		if !parallel {
			start()
			continue
		}
		wg.Add(1)
		go func() { defer wg.Done(); start() }()
	}
	wg.Wait()
	return cbs
}

// TestHardeningTabs: several tabs of one browser (one cookie jar) sign in
// at once and finish in any order; each lands on its own page. Beyond
// MaxFlows tabs, the oldest sign-ins are dropped with a clear error and
// the others still finish.
func TestHardeningTabs(t *testing.T) {
	app := newApp(t, appOptions{})

	t.Run("started together, finished in shuffled order", func(t *testing.T) {
		for round := 0; round < 5; round++ {
			b := app.browser()
			b.t = goTB{t}
			emails := []string{"alice@acme.test", "bob@acme.test", "carol@globex.test", "alice@acme.test", "bob@acme.test"}
			cbs := startTabs(t, app, b, true, emails...)
			for _, i := range rand.Perm(len(cbs)) {
				w := b.get(cbs[i]).who(t)
				if w.Email != emails[i] || w.Path != "/tab/"+strconv.Itoa(i) {
					t.Fatalf("tab %d: %q at %q, want %q at /tab/%d", i, w.Email, w.Path, emails[i], i)
				}
			}
		}
	})

	t.Run("started together, finished together", func(t *testing.T) {
		b := app.browser()
		b.t = goTB{t}
		emails := []string{"alice@acme.test", "alice@acme.test", "alice@acme.test", "alice@acme.test", "alice@acme.test"}
		cbs := startTabs(t, app, b, true, emails...)
		var wg sync.WaitGroup
		for i, cb := range cbs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if w := b.get(cb).who(goTB{t}); w.Path != "/tab/"+strconv.Itoa(i) {
					t.Errorf("tab %d landed on %q", i, w.Path)
				}
			}()
		}
		wg.Wait()
	})

	t.Run("more tabs than MaxFlows", func(t *testing.T) {
		b := app.browser()
		emails := []string{"alice@acme.test", "bob@acme.test", "alice@acme.test", "bob@acme.test", "alice@acme.test", "bob@acme.test", "alice@acme.test"}
		cbs := startTabs(t, app, b, false, emails...)
		for _, i := range rand.Perm(len(cbs)) {
			if i < 2 { // the two oldest were dropped when the 6th and 7th started
				p, err := b.request("GET", cbs[i], nil, nil)
				if err != nil {
					t.Fatal(err)
				}
				wantRefusedCallback(t, p, "state_mismatch")
				continue
			}
			if w := b.get(cbs[i]).who(t); w.Email != emails[i] || w.Path != "/tab/"+strconv.Itoa(i) {
				t.Fatalf("tab %d: %q at %q", i, w.Email, w.Path)
			}
		}
	})
}

// settle waits, a few seconds at most, for the goroutine count to come
// back to at most limit, and returns the last count.
func settle(limit int) int {
	n := runtime.NumGoroutine()
	for i := 0; i < 100 && n > limit; i++ {
		time.Sleep(50 * time.Millisecond)
		n = runtime.NumGoroutine()
	}
	return n
}

// steadyGoroutines returns the goroutine count once it has stopped
// changing (or after two seconds).
func steadyGoroutines() int {
	n, same := runtime.NumGoroutine(), 0
	for i := 0; i < 40 && same < 3; i++ {
		time.Sleep(50 * time.Millisecond)
		if m := runtime.NumGoroutine(); m == n {
			same++
		} else {
			n, same = m, 0
		}
	}
	return n
}

func heapAfterGC() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestHardeningGuardUnderLoad sends thousands of guarded requests from
// many goroutines, over ten signed-in browsers, in three rounds. Every
// request gets its own user's page; afterwards the goroutines come back to
// where they were and the heap does not grow from round to round.
func TestHardeningGuardUnderLoad(t *testing.T) {
	app := newApp(t, appOptions{})
	const browsers, workers, perWorker, rounds = 10, 40, 40, 3
	var bs []*browser
	var emails []string
	for i := 0; i < browsers; i++ {
		b := loadBrowser(t, app)
		email := loadUsers[i%len(loadUsers)]
		app.signIn(b, email)
		bs, emails = append(bs, b), append(emails, email)
	}
	closeIdle := func() {
		for _, b := range bs {
			b.tr.CloseIdleConnections()
		}
	}
	closeIdle()
	base := steadyGoroutines()
	var heaps []uint64
	for round := 0; round < rounds; round++ {
		var errs, served atomic.Int64
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				b, email := bs[w%browsers], emails[w%browsers]
				for i := 0; i < perWorker; i++ {
					p, err := b.request("GET", app.URL+"/dashboard?i="+strconv.Itoa(i), nil, http.Header{"Accept": {"application/json"}})
					if err != nil || p.status != http.StatusOK || !strings.Contains(p.body, `"email":"`+email+`"`) {
						if errs.Add(1) <= 3 {
							t.Errorf("request as %s: %v %d %.200s", email, err, p.status, p.body)
						}
						continue
					}
					served.Add(1)
				}
			}()
		}
		wg.Wait()
		if errs.Load() != 0 || served.Load() != workers*perWorker {
			t.Fatalf("round %d: %d errors, %d served of %d", round, errs.Load(), served.Load(), workers*perWorker)
		}
		closeIdle()
		if n := settle(base + 5); n > base+5 {
			buf := make([]byte, 1<<20)
			t.Fatalf("round %d: %d goroutines after the load, %d before\n%s", round, n, base, buf[:runtime.Stack(buf, true)])
		}
		heaps = append(heaps, heapAfterGC())
	}
	t.Logf("heap after each round: %v bytes; goroutines %d", heaps, runtime.NumGoroutine())
	if heaps[rounds-1] > heaps[0]+8<<20 {
		t.Fatalf("the heap grew from %d to %d bytes over %d rounds of the same load", heaps[0], heaps[rounds-1], rounds)
	}
}
