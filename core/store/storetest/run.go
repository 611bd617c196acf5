package storetest

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core/store"
)

// Run runs the contract suite on the stores newStore makes, as subtests
// of t: the Store contract, and the contract of each capability the store
// implements. newStore is called once per subtest and must return a
// store of its own each time (a fresh table, key prefix or database), so
// that the subtests, which may run in parallel, do not see each other's
// data. A [store.Binder] is bound (to a client ID of the suite's and a
// logger that discards) before any other call, as core.New binds it.
func Run(t *testing.T, newStore func(t *testing.T) store.Store) {
	t.Helper()
	st := newStore(t)
	s := &suite{newStore: newStore}
	t.Run("Store", s.store)
	if _, ok := st.(store.Updater); ok {
		t.Run("Updater", s.updater)
	}
	if _, ok := st.(store.Feed); ok {
		t.Run("Feed", s.feed)
	}
	if _, ok := st.(store.SessionRevoker); ok {
		t.Run("SessionRevoker", s.sessionRevoker)
	}
	if _, ok := st.(store.EventLog); ok {
		t.Run("EventLog", s.eventLog)
	}
	if _, ok := st.(store.Binder); ok {
		t.Run("Binder", s.binder)
	}
}

// suite holds what every subtest needs.
type suite struct {
	newStore func(t *testing.T) store.Store
}

// clientID is the client ID the suite binds stores to.
const clientID = "client_storetest"

// waitLimit bounds every wait for something a store promises to happen
// (a revocation delivered, a record or lease expired): generous, since
// the suite runs on loaded machines; only a broken store reaches it.
const waitLimit = 10 * time.Second

// open returns a fresh store from newStore, bound when it is a Binder.
func (s *suite) open(t *testing.T) store.Store {
	t.Helper()
	st := s.newStore(t)
	if b, ok := st.(store.Binder); ok {
		if err := b.Bind(store.Binding{ClientID: clientID, Logger: slog.New(slog.DiscardHandler)}); err != nil {
			t.Fatalf("Bind: %v", err)
		}
	}
	return st
}

// subtest is one guarantee, checked on a store seen as S.
type subtest[S any] struct {
	name string
	f    func(t *testing.T, st S)
}

// subtests runs each case as a parallel subtest of t, on a fresh store.
func subtests[S any](t *testing.T, s *suite, cases []subtest[S]) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.f(t, s.open(t).(S))
		})
	}
}

// ctx is a context for one call, bounded by waitLimit.
func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(t.Context(), waitLimit)
	t.Cleanup(cancel)
	return c
}

// newID returns a record ID as core makes them: 16 random bytes,
// base64url.
func newID() string { return rand.Text()[:22] }

// eventually polls cond until it holds, failing after waitLimit.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, waitLimit)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// notFound fails t unless err is a refusal that means signed out: an
// error wrapping store.ErrNotFound, never store.ErrUnavailable.
func notFound(t *testing.T, what string, err error) {
	t.Helper()
	switch {
	case err == nil:
		t.Fatalf("%s: no error; want one wrapping store.ErrNotFound", what)
	case errors.Is(err, store.ErrUnavailable):
		t.Fatalf("%s: %v; want store.ErrNotFound, never store.ErrUnavailable (a forged token must not turn into a 503)", what, err)
	case !errors.Is(err, store.ErrNotFound):
		t.Fatalf("%s: %v; want an error wrapping store.ErrNotFound", what, err)
	}
}

// refused fails t unless err is an error other than store.ErrUnavailable.
func refused(t *testing.T, what string, err error) {
	t.Helper()
	switch {
	case err == nil:
		t.Fatalf("%s: no error; want a refusal", what)
	case errors.Is(err, store.ErrUnavailable):
		t.Fatalf("%s: %v; want a refusal, not store.ErrUnavailable", what, err)
	}
}
