package bench

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	workoschi "github.com/ssokit/workosauth/adapters/chi"
	"github.com/ssokit/workosauth/core"
)

// chiRouter is workoschi on a chi.Mux, the guard installed with r.Use.
var chiRouter = router{
	name: "chi",
	guard: func(auth *core.Auth, pr *probe, opts ...core.GuardOption) server {
		r := chi.NewRouter()
		r.Use(workoschi.RequireWorkOS(auth, opts...))
		r.Get(guardedPath, func(w http.ResponseWriter, r *http.Request) {
			if pr.armed {
				p, _ := workoschi.Profile(r)
				pr.email = p.Email
			}
		})
		return httpServer{r}
	},
	floor: func(name string, pr *probe) server {
		r := chi.NewRouter()
		r.Use(floorMiddleware(name))
		r.Method(http.MethodGet, guardedPath, floorHandler(pr))
		return httpServer{r}
	},
}
