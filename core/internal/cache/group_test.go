package cache

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// result is one Do outcome.
type result struct {
	val string
	err error
}

// waitFor polls cond until it holds or the test times out.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		runtime.Gosched()
	}
}

// dups returns how many callers are waiting on the in-flight call for key.
func (g *Group[V]) dupsOf(key string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	if c, ok := g.calls[key]; ok {
		return c.dups
	}
	return -1
}

// startBlocked starts a Do for key whose fn signals, waits for release, then
// runs body. It returns once fn is running; the outcome arrives on the channel.
func startBlocked(t *testing.T, g *Group[string], key string, release <-chan struct{}, body func() (string, error)) <-chan result {
	t.Helper()
	started := make(chan struct{})
	out := make(chan result, 1)
	go func() {
		defer close(out)
		v, err := g.Do(key, func() (string, error) {
			close(started)
			<-release
			return body()
		})
		out <- result{v, err}
	}()
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("fn did not start")
	}
	return out
}

// joinWaiters starts n callers of Do for key and returns once all of them
// are waiting on the in-flight call. Their fn fails the test if it runs.
func joinWaiters(t *testing.T, g *Group[string], key string, n int) <-chan result {
	t.Helper()
	out := make(chan result, n)
	for range n {
		go func() {
			v, err := g.Do(key, func() (string, error) {
				t.Error("waiter ran fn")
				return "", nil
			})
			out <- result{v, err}
		}()
	}
	waitFor(t, fmt.Sprintf("%d waiters", n), func() bool { return g.dupsOf(key) == n })
	return out
}

// collect receives n results or fails on timeout (a deadlock).
func collect(t *testing.T, ch <-chan result, n int) []result {
	t.Helper()
	var rs []result
	for range n {
		select {
		case r := <-ch:
			rs = append(rs, r)
		case <-time.After(10 * time.Second):
			t.Fatalf("got %d of %d results: waiters deadlocked", len(rs), n)
		}
	}
	return rs
}

func TestGroupCoalesces(t *testing.T) {
	const waiters = 31
	var g Group[string]
	var calls atomic.Int32
	release := make(chan struct{})
	leader := startBlocked(t, &g, "k", release, func() (string, error) {
		calls.Add(1)
		return "value", nil
	})
	others := joinWaiters(t, &g, "k", waiters)
	close(release)

	for i, r := range append(collect(t, leader, 1), collect(t, others, waiters)...) {
		if r.val != "value" || r.err != nil {
			t.Errorf("caller %d got %q, %v; want value, nil", i, r.val, r.err)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("fn ran %d times, want 1", n)
	}
	if d := g.dupsOf("k"); d != -1 {
		t.Error("finished call still registered")
	}
}

func TestGroupDoesNotRememberResults(t *testing.T) {
	var g Group[int]
	var calls int
	for want := 1; want <= 3; want++ {
		v, err := g.Do("k", func() (int, error) {
			calls++
			return calls, nil
		})
		if v != want || err != nil {
			t.Fatalf("call %d = %d, %v; want %d, nil", want, v, err, want)
		}
	}
}

func TestGroupKeysAreIndependent(t *testing.T) {
	var g Group[string]
	release := make(chan struct{})
	defer close(release)
	startBlocked(t, &g, "slow", release, func() (string, error) { return "", nil })

	done := make(chan result, 1)
	go func() {
		v, err := g.Do("fast", func() (string, error) { return "fast", nil })
		done <- result{v, err}
	}()
	if r := collect(t, done, 1)[0]; r.val != "fast" || r.err != nil {
		t.Errorf("other key = %q, %v; want fast, nil", r.val, r.err)
	}
}

func TestGroupPropagatesError(t *testing.T) {
	errLoad := errors.New("load failed")
	var g Group[string]
	release := make(chan struct{})
	leader := startBlocked(t, &g, "k", release, func() (string, error) {
		return "partial", fmt.Errorf("fetch: %w", errLoad)
	})
	others := joinWaiters(t, &g, "k", 5)
	close(release)
	for i, r := range append(collect(t, leader, 1), collect(t, others, 5)...) {
		if !errors.Is(r.err, errLoad) || r.val != "partial" {
			t.Errorf("caller %d got %q, %v; want partial and errLoad", i, r.val, r.err)
		}
	}
}

func TestGroupRecoversPanic(t *testing.T) {
	errBoom := errors.New("boom")
	tests := []struct {
		name    string
		value   any
		wantIs  error
		wantMsg string
	}{
		{"string", "kaput", nil, "kaput"},
		{"error", errBoom, errBoom, "boom"},
		{"wrapped error", fmt.Errorf("ctx: %w", errBoom), errBoom, "ctx: boom"},
		{"nil", nil, nil, "panic called with nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var g Group[string]
			release := make(chan struct{})
			leader := startBlocked(t, &g, "k", release, func() (string, error) {
				panic(tt.value)
			})
			others := joinWaiters(t, &g, "k", 3)
			close(release)
			for i, r := range append(collect(t, leader, 1), collect(t, others, 3)...) {
				var pe *PanicError
				if !errors.As(r.err, &pe) {
					t.Fatalf("caller %d: error %v is not a *PanicError", i, r.err)
				}
				if r.val != "" {
					t.Errorf("caller %d: value %q, want zero", i, r.val)
				}
				if tt.wantIs != nil && !errors.Is(r.err, tt.wantIs) {
					t.Errorf("caller %d: errors.Is(%v, %v) = false", i, r.err, tt.wantIs)
				}
				if got := r.err.Error(); !strings.Contains(got, tt.wantMsg) {
					t.Errorf("caller %d: message %q lacks %q", i, got, tt.wantMsg)
				}
				if !strings.Contains(string(pe.Stack), "group_test.go") {
					t.Errorf("caller %d: stack does not show the panicking function", i)
				}
			}
			// The key is free again.
			if v, err := g.Do("k", func() (string, error) { return "ok", nil }); v != "ok" || err != nil {
				t.Errorf("Do after panic = %q, %v; want ok, nil", v, err)
			}
		})
	}
}

func TestGroupReleasesWaitersOnGoexit(t *testing.T) {
	var g Group[string]
	release := make(chan struct{})
	leaderDone := make(chan struct{})
	started := make(chan struct{})
	go func() {
		defer close(leaderDone)
		g.Do("k", func() (string, error) {
			close(started)
			<-release
			runtime.Goexit()
			return "", nil
		})
		t.Error("Do returned after runtime.Goexit")
	}()
	<-started
	others := joinWaiters(t, &g, "k", 3)
	close(release)
	for i, r := range collect(t, others, 3) {
		if !errors.Is(r.err, errGoexit) {
			t.Errorf("waiter %d: error %v, want errGoexit", i, r.err)
		}
	}
	<-leaderDone
}

// TestGroupManyKeysConcurrently is a race-detector workout.
func TestGroupManyKeysConcurrently(t *testing.T) {
	var g Group[int]
	var wg sync.WaitGroup
	for i := range 64 {
		wg.Go(func() {
			k := fmt.Sprint(i % 4)
			v, err := g.Do(k, func() (int, error) { return i % 4, nil })
			if err != nil || v != i%4 {
				t.Errorf("Do(%s) = %d, %v", k, v, err)
			}
		})
	}
	wg.Wait()
}
