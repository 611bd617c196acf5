package cache

import (
	"errors"
	"runtime/debug"
	"sync"
)

// errGoexit is returned to waiters when fn called runtime.Goexit (for
// example through testing.T.FailNow) instead of returning.
var errGoexit = errors.New("cache: Group function called runtime.Goexit")

// Group coalesces concurrent calls that share a key: the first caller runs
// fn and the callers that arrive while it runs wait for, and share, its
// result. Results are not remembered once fn returns. The zero value is
// ready to use; a Group must not be copied after first use.
type Group[V any] struct {
	mu    sync.Mutex
	calls map[string]*call[V]
}

// call is one in-flight or completed Do.
type call[V any] struct {
	done chan struct{} // closed when val and err are final
	val  V
	err  error
	dups int // callers that joined this call instead of running fn
}

// Do runs fn for key unless a call for key is already running, in which case
// it waits for that call and returns its result. If fn panics, the panic is
// recovered and every caller receives a *[PanicError].
func (g *Group[V]) Do(key string, fn func() (V, error)) (V, error) {
	g.mu.Lock()
	if c, ok := g.calls[key]; ok {
		c.dups++
		g.mu.Unlock()
		<-c.done
		return c.val, c.err
	}
	if g.calls == nil {
		g.calls = make(map[string]*call[V])
	}
	c := &call[V]{done: make(chan struct{})}
	g.calls[key] = c
	g.mu.Unlock()

	g.run(c, key, fn)
	return c.val, c.err
}

// run calls fn, records its outcome in c, and releases the waiters however
// fn ends: by returning, panicking or calling runtime.Goexit.
func (g *Group[V]) run(c *call[V], key string, fn func() (V, error)) {
	returned := false
	defer func() {
		if !returned {
			var zero V
			c.val = zero
			if r := recover(); r != nil {
				c.err = &PanicError{Value: r, Stack: debug.Stack()}
			} else {
				c.err = errGoexit
			}
		}
		g.mu.Lock()
		delete(g.calls, key)
		g.mu.Unlock()
		close(c.done)
	}()
	c.val, c.err = fn()
	returned = true
}
