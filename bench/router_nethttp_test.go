package bench

import (
	"net/http"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
)

// nethttpRouter is workoshttp on a bare http.Handler chain (no mux), the
// shape of the floor's definition.
var nethttpRouter = router{
	name: "nethttp",
	guard: func(auth *core.Auth, pr *probe, opts ...core.GuardOption) server {
		next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if pr.armed {
				p, _ := workoshttp.Profile(r)
				pr.email = p.Email
			}
		})
		return httpServer{workoshttp.RequireWorkOS(auth, opts...)(next)}
	},
	floor: func(name string, pr *probe) server {
		return httpServer{floorMiddleware(name)(floorHandler(pr))}
	},
}
