package adaptertest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ssokit/workosauth/core"
)

// SetUp builds an adapter's guard for a route (RequireWorkOS, or
// OnDenied(h).RequireWorkOS), discarding the middleware.
type SetUp func(auth *core.Auth, opts ...core.GuardOption)

// AuthKitOptionsPanic fails t unless each set-up panics when given an
// AuthKit-only option (core.AcceptBearer, core.RequirePermission) with an
// Auth that signs in through SSO, naming the option and AuthKit, and
// takes the same option with an Auth in AuthKit mode.
func AuthKitOptionsPanic(t *testing.T, sso, authKit *core.Auth, setUps ...SetUp) {
	t.Helper()
	for _, tt := range []struct {
		name string
		opt  core.GuardOption
	}{{"AcceptBearer", core.AcceptBearer()}, {"RequirePermission", core.RequirePermission("widgets:write")}} {
		for i, setUp := range setUps {
			func() {
				defer func() {
					if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "core."+tt.name) || !strings.Contains(fmt.Sprint(r), "AuthKit") {
						t.Errorf("set-up %d, %s on an SSO Auth: recover() = %v; want a panic naming core.%s and AuthKit", i, tt.name, r, tt.name)
					}
				}()
				setUp(sso, core.Optional(), tt.opt)
			}()
			setUp(authKit, tt.opt) // no panic
		}
	}
}
