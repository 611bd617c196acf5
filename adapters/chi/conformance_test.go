package workoschi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	workoschi "github.com/ssokit/workosauth/adapters/chi"
	"github.com/ssokit/workosauth/adapters/conformance"
	"github.com/ssokit/workosauth/core"
)

func TestConformance(t *testing.T) { conformance.Run(t, adapter{}) }

// adapter builds the conformance suite's standard app with chi.
type adapter struct{}

func (adapter) Name() string { return "chi" }

func (adapter) Handler(auth *core.Auth) http.Handler {
	text := func(s string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, s) }
	}
	email := func(prefix string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			p, _ := core.ProfileFrom(r.Context())
			fmt.Fprint(w, prefix+p.Email)
		}
	}
	r := chi.NewRouter()
	r.Use(middleware.GetHead) // HEAD served by the GET routes, as http.ServeMux does
	r.Mount("/auth", workoschi.Routes(auth))
	r.Get("/", text("public"))
	r.Get("/readyz", workoschi.Ready(auth).ServeHTTP)
	r.Group(func(r chi.Router) {
		r.Use(workoschi.RequireWorkOS(auth))
		r.Get("/dashboard", email("dashboard "))
		r.Get("/api/me", func(w http.ResponseWriter, r *http.Request) {
			p, _ := workoschi.Profile(r)
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(p)
		})
		r.Get("/ctx", email("ctx "))
		r.Get("/session", func(w http.ResponseWriter, r *http.Request) {
			s, _ := workoschi.Session(r)
			fmt.Fprint(w, sessionText(s))
		})
		r.Post("/api/echo", email("echo "))
	})
	r.With(workoschi.RequireWorkOS(auth, core.Optional())).Get("/optional", func(w http.ResponseWriter, r *http.Request) {
		if p, ok := workoschi.Profile(r); ok {
			fmt.Fprint(w, "optional "+p.Email)
			return
		}
		fmt.Fprint(w, "optional anonymous")
	})
	r.With(workoschi.RequireWorkOS(auth, core.Optional(), core.RequireRole("admin"))).Get("/optional-admin", func(w http.ResponseWriter, r *http.Request) {
		if p, ok := workoschi.Profile(r); ok {
			fmt.Fprint(w, "optional-admin "+p.Email)
			return
		}
		fmt.Fprint(w, "optional-admin anonymous")
	})
	r.With(workoschi.RequireWorkOS(auth, core.RequireRole("admin"))).Get("/admin", text("admin"))
	r.With(workoschi.RequireWorkOS(auth, core.RequireOrganization(conformance.AcmeOrg))).Get("/acme", text("acme"))
	r.With(workoschi.RequireWorkOS(auth, core.RequireGroup("Engineering"))).Get("/eng", text("eng"))
	if conformance.AuthKit(auth) {
		r.With(workoschi.RequireWorkOS(auth, core.AcceptBearer())).Get("/api/token", func(w http.ResponseWriter, r *http.Request) {
			k, _ := core.AuthKitFrom(r.Context())
			fmt.Fprint(w, "token "+k.User.ID)
		})
		r.With(workoschi.RequireWorkOS(auth, core.RequirePermission("widgets:write"))).Get("/perm", text("perm"))
	}
	r.Post("/api/switch", func(w http.ResponseWriter, r *http.Request) {
		s, err := workoschi.SwitchOrganization(auth, w, r, r.FormValue("organization_id"))
		status, body := conformance.SwitchAnswer(s, err)
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	})
	denied := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, _ := core.RefusalFrom(r.Context())
		w.WriteHeader(http.StatusTeapot)
		fmt.Fprint(w, "denied "+d.Code)
	})
	r.With(workoschi.OnDenied(denied).RequireWorkOS(auth)).Get("/custom", text("custom"))
	return r
}

// sessionText is what GET /session answers.
func sessionText(s *core.Session) string {
	if s == nil {
		return "session none"
	}
	if s.ID != "" {
		return "session " + s.Profile.Email + " with id"
	}
	return "session " + s.Profile.Email
}
