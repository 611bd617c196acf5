package bench

import (
	"testing"
	"time"

	"github.com/ssokit/workosauth/core"
)

// benchSession is alice's session as a sign-in leaves it.
func benchSession(tb testing.TB) *core.Session {
	now := time.Now()
	return &core.Session{ID: "sess_bench_0123456789", Profile: alice(tb), IssuedAt: now, ExpiresAt: now.Add(7 * 24 * time.Hour)}
}
