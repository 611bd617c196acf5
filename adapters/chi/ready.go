package workoschi

import (
	"net/http"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
)

// Ready returns the readiness probe's handler (r.Get("/readyz",
// workoschi.Ready(auth).ServeHTTP)): 200 {"ready":true} while auth can
// keep its promises, 503 {"ready":false,"reasons":[...]} while it cannot
// (its store unreachable, its revocation feed not in sync: see
// core.Auth.Ready). Liveness stays separate: give the livenessProbe a
// route of its own that always answers.
func Ready(auth *core.Auth) http.Handler { return workoshttp.Ready(auth) }
