package workosgin_test

import (
	"testing"

	"github.com/gin-gonic/gin"

	workosgin "github.com/ssokit/workosauth/adapters/gin"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/internal/adaptertest"
)

// OnDenied takes this router's handler type and returns this package's
// Denied, which is not a core.GuardOption: another router's OnDenied
// given to RequireWorkOS, OnDenied given as an option, or another
// router's handler given to OnDenied does not compile.
func TestOnDeniedIsTyped(t *testing.T) {
	adaptertest.Compiles(t, "./testdata/ondenied/ok")
	adaptertest.Fails(t, "./testdata/ondenied/mixed",
		"cannot use workosfiber.OnDenied(nil) (value of struct type workosfiber.Denied) as core.GuardOption value in argument to workosgin.RequireWorkOS",
		"(value of struct type workosgin.Denied) as core.GuardOption value",
		"as gin.HandlerFunc value in argument to workosgin.OnDenied",
	)
}

// An AuthKit-only option (core.AcceptBearer, core.RequirePermission) on
// an Auth that signs in through SSO panics when the route is set up,
// naming the option; with AuthKit it is accepted.
func TestAuthKitOptionOnSSOPanicsAtSetUp(t *testing.T) {
	adaptertest.AuthKitOptionsPanic(t, newAuth(), newAuthWith(func(c *core.Config) { c.AuthKit.Enabled = true }),
		func(a *core.Auth, o ...core.GuardOption) { workosgin.RequireWorkOS(a, o...) },
		func(a *core.Auth, o ...core.GuardOption) {
			workosgin.OnDenied(func(*gin.Context) {}).RequireWorkOS(a, o...)
		})
}
