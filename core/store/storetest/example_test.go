package storetest_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core/store"
	"github.com/ssokit/workosauth/core/store/storetest"
)

// A store's test runs the suite on a fresh store for each subtest (here
// Memory; a Postgres store would create a table of its own each time).
func ExampleRun() {
	testContract := func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) store.Store { return storetest.NewMemory() })
	}
	_ = testContract // func TestContract(t *testing.T) in your store's tests
}

// Memory stands in for a shared database: several instances of an app
// (core.Auth values) on one Memory share sessions, revocations and the
// event log, as with Redis.
func ExampleMemory() {
	mem := storetest.NewMemory()
	ctx := context.Background()
	token, _ := mem.Save(ctx, store.Record{ID: "sess_1", Data: []byte("a session"), ExpiresAt: time.Now().Add(time.Hour)})
	r, _ := mem.Load(ctx, token)
	first, _ := mem.Claim(ctx, "event_01", time.Minute)
	again, err := mem.Claim(ctx, "event_01", time.Minute)
	fmt.Printf("%s; claimed %v, then %v (%v)\n", r.Data, first, again, err)
	// Output: a session; claimed true, then false (workosauth: the event is being handled)
}
