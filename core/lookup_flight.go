package core

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// flightGroup lets one lookup per domain run at a time and shares its
// result with every caller that asks meanwhile. The lookup runs on a
// context of its own (the first caller's values, none of its cancellation,
// and the configured timeout), so a caller that gives up (a closed tab,
// a client's own deadline) fails no one else: each caller stops waiting
// when its own context ends, and the lookup goes on for the others and
// for the cache.
type flightGroup struct {
	timeout time.Duration
	mu      sync.Mutex
	flights map[string]*flight
}

type flight struct {
	done chan struct{} // closed once sel and err are final
	sel  Selector
	err  error
}

// do returns the result of the lookup of key: one under way, or a new one
// that fn runs when admit (nil: always) lets it start. admit runs only for
// a caller that would start a lookup, so that joining one costs nothing.
func (g *flightGroup) do(ctx context.Context, key string, admit func() error, fn func(ctx context.Context) (Selector, error)) (Selector, error) {
	g.mu.Lock()
	f, ok := g.flights[key]
	if !ok {
		if admit != nil {
			if err := admit(); err != nil {
				g.mu.Unlock()
				return Selector{}, err
			}
		}
		if g.flights == nil {
			g.flights = map[string]*flight{}
		}
		f = &flight{done: make(chan struct{})}
		g.flights[key] = f
		lookup, cancel := context.WithTimeout(context.WithoutCancel(ctx), g.timeout)
		go g.run(lookup, cancel, key, f, fn)
	}
	g.mu.Unlock()
	select {
	case <-f.done:
		return f.sel, f.err
	case <-ctx.Done():
		return Selector{}, ctx.Err()
	}
}

// run runs one lookup and releases its waiters however fn ends.
func (g *flightGroup) run(ctx context.Context, cancel context.CancelFunc, key string, f *flight, fn func(context.Context) (Selector, error)) {
	defer func() {
		if r := recover(); r != nil {
			f.sel, f.err = Selector{}, fmt.Errorf("workosauth: domain lookup panicked: %v", r)
		}
		cancel()
		g.mu.Lock()
		delete(g.flights, key)
		g.mu.Unlock()
		close(f.done)
	}()
	f.sel, f.err = fn(ctx)
}
