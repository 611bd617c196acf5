package workoschi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	workoschi "github.com/ssokit/workosauth/adapters/chi"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/internal/compiletest"
)

// OnDenied takes this router's handler type and returns this package's
// Denied, which is not a core.GuardOption: another router's OnDenied
// given to RequireWorkOS, OnDenied given as an option, or another
// router's handler given to OnDenied does not compile.
func TestOnDeniedIsTyped(t *testing.T) {
	compiletest.Compiles(t, "./testdata/ondenied/ok")
	compiletest.Fails(t, "./testdata/ondenied/mixed",
		"cannot use workoshttp.OnDenied(http.NotFoundHandler()) (value of struct type workoshttp.Denied) as core.GuardOption value in argument to workoschi.RequireWorkOS",
		"cannot use workoschi.OnDenied(http.NotFoundHandler()) (value of struct type workoschi.Denied) as core.GuardOption value",
		"as http.Handler value in argument to workoschi.OnDenied",
	)
}

// An AuthKit-only option (core.AcceptBearer, core.RequirePermission) on
// an Auth that signs in through SSO panics when the route is set up,
// naming the option; with AuthKit it is accepted.
func TestAuthKitOptionOnSSOPanicsAtSetUp(t *testing.T) {
	for _, tt := range []struct {
		name string
		opt  core.GuardOption
	}{{"AcceptBearer", core.AcceptBearer()}, {"RequirePermission", core.RequirePermission("widgets:write")}} {
		for _, setUp := range []func(*core.Auth, ...core.GuardOption){
			func(a *core.Auth, o ...core.GuardOption) { workoschi.RequireWorkOS(a, o...) },
			func(a *core.Auth, o ...core.GuardOption) {
				workoschi.OnDenied(http.NotFoundHandler()).RequireWorkOS(a, o...)
			},
		} {
			func() {
				defer func() {
					if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "core."+tt.name) || !strings.Contains(fmt.Sprint(r), "AuthKit") {
						t.Errorf("%s on an SSO Auth: recover() = %v; want a panic naming core.%s and AuthKit", tt.name, r, tt.name)
					}
				}()
				setUp(newAuth(), core.Optional(), tt.opt)
			}()
			setUp(newAuthWith(func(c *core.Config) { c.AuthKit = true }), tt.opt) // no panic
		}
	}
}
