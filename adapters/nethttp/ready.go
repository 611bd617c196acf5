package workoshttp

import (
	"net/http"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/adapter"
	"github.com/ssokit/workosauth/internal/httpx"
)

// Ready returns the readiness probe's handler, for a load balancer's
// health check or a Kubernetes readinessProbe (mux.Handle("GET /readyz",
// workoshttp.Ready(auth))): 200 {"ready":true} while auth can keep its
// promises, 503 {"ready":false,"reasons":[...]} while it cannot (its
// store unreachable, its revocation feed not in sync: see
// core.Auth.Ready). Liveness is another matter: an instance that is not
// ready still serves, and restarting it would not help; give the
// livenessProbe a route of its own that always answers.
func Ready(auth *core.Auth) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		adapter.ServeReady(auth, &httpx.Exchange{W: w, R: r})
	})
}
