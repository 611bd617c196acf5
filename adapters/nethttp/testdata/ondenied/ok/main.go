// A program that must compile: OnDenied with this router's handler type,
// then RequireWorkOS with guard options. Never run.
package main

import (
	"net/http"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
)

func main() {
	var auth *core.Auth
	_ = workoshttp.OnDenied(http.NotFoundHandler()).RequireWorkOS(auth, core.RequireRole("admin"))
	_ = workoshttp.RequireWorkOS(auth, core.Optional())
}
