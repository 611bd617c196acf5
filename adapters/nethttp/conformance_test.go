package workoshttp_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/ssokit/workosauth/adapters/conformance"
	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
)

func TestConformance(t *testing.T) { conformance.Run(t, adapter{}) }

// adapter builds the conformance suite's standard app on http.ServeMux.
type adapter struct{}

func (adapter) Name() string { return "nethttp" }

func (adapter) Handler(auth *core.Auth) http.Handler {
	text := func(format string, args ...any) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { fmt.Fprintf(w, format, args...) }
	}
	email := func(prefix string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			p, _ := workoshttp.Profile(r)
			fmt.Fprint(w, prefix+p.Email)
		}
	}
	guard := workoshttp.RequireWorkOS(auth)
	mux := http.NewServeMux()
	mux.Handle("/auth/", workoshttp.Handler(auth))
	mux.Handle("GET /{$}", text("public"))
	mux.Handle("GET /readyz", workoshttp.Ready(auth))
	mux.Handle("GET /dashboard", guard(email("dashboard ")))
	mux.Handle("GET /api/me", guard(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := workoshttp.Profile(r)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(p)
	})))
	mux.Handle("GET /ctx", guard(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := core.ProfileFrom(r.Context())
		fmt.Fprint(w, "ctx "+p.Email)
	})))
	mux.Handle("GET /session", guard(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, _ := workoshttp.Session(r)
		fmt.Fprint(w, sessionText(s))
	})))
	mux.Handle("GET /optional", workoshttp.RequireWorkOS(auth, core.Optional())(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p, ok := workoshttp.Profile(r); ok {
			fmt.Fprint(w, "optional "+p.Email)
			return
		}
		fmt.Fprint(w, "optional anonymous")
	})))
	mux.Handle("GET /optional-admin", workoshttp.RequireWorkOS(auth, core.Optional(), core.RequireRole("admin"))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p, ok := workoshttp.Profile(r); ok {
			fmt.Fprint(w, "optional-admin "+p.Email)
			return
		}
		fmt.Fprint(w, "optional-admin anonymous")
	})))
	mux.Handle("GET /admin", workoshttp.RequireWorkOS(auth, core.RequireRole("admin"))(text("admin")))
	mux.Handle("GET /acme", workoshttp.RequireWorkOS(auth, core.RequireOrganization(conformance.AcmeOrg))(text("acme")))
	mux.Handle("GET /eng", workoshttp.RequireWorkOS(auth, core.RequireGroup("Engineering"))(text("eng")))
	denied := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, _ := core.RefusalFrom(r.Context())
		w.WriteHeader(http.StatusTeapot)
		fmt.Fprint(w, "denied "+d.Code)
	})
	mux.Handle("GET /custom", workoshttp.OnDenied(denied).RequireWorkOS(auth)(text("custom")))
	mux.Handle("POST /api/echo", guard(email("echo ")))
	mux.HandleFunc("POST /api/switch", func(w http.ResponseWriter, r *http.Request) {
		s, err := workoshttp.SwitchOrganization(auth, w, r, r.FormValue("organization_id"))
		status, body := conformance.SwitchAnswer(s, err)
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	})
	if conformance.AuthKit(auth) {
		mux.Handle("GET /api/token", workoshttp.RequireWorkOS(auth, core.AcceptBearer())(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			k, _ := core.AuthKitFrom(r.Context())
			fmt.Fprint(w, "token "+k.User.ID)
		})))
		mux.Handle("GET /perm", workoshttp.RequireWorkOS(auth, core.RequirePermission("widgets:write"))(text("perm")))
	}
	return mux
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
