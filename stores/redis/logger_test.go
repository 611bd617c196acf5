package redisstore_test

import (
	"strings"
	"testing"

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
	if l := a.log.String(); !strings.Contains(l, "redisstore: Redis does not answer") {
		t.Fatalf("the store's line is not in Config.Logger: %s", l)
	}
}
