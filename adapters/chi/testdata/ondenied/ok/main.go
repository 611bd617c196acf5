// A program that must compile: OnDenied with this router's handler type,
// then RequireWorkOS with guard options. Never run.
package main

import (
	"net/http"

	workoschi "github.com/ssokit/workosauth/adapters/chi"
	"github.com/ssokit/workosauth/core"
)

func main() {
	var auth *core.Auth
	_ = workoschi.OnDenied(http.NotFoundHandler()).RequireWorkOS(auth, core.RequireRole("admin"))
	_ = workoschi.RequireWorkOS(auth, core.Optional())
}
