package redisstore_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ssokit/workosauth/internal/redistest"
)

// One logger: the store writes its lines to the app's Config.Logger,
// which core.New hands it (store.Binder); it has no logger of its own.
func TestStoreLogsThroughConfigLogger(t *testing.T) {
	srv := redistest.Start(t)
	a := newInstance(t, srv.Client(), instanceOpts{})
	b := newInstance(t, srv.Client(), instanceOpts{})
	cookies := b.signIn(t, "prof_log") // not cached on a
	srv.Kill()
	a.want(t, "a session a does not hold, Redis gone", cookies, 503)
	// The store's own line (the lost channel, or Redis not answering)
	// comes from its goroutines: wait for it.
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(a.log.String(), "workosauth: redisstore: ") {
		if time.Now().After(deadline) {
			t.Fatalf("the store's line is not in Config.Logger: %s", a.log.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}
