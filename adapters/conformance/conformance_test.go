package conformance_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/ssokit/workosauth/adapters/conformance"
	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/internal/mutation"
)

// The suite is tested the way mutation testing tests tests: a reference
// adapter (net/http) must pass it, and each deliberately broken variant of
// it must fail it, in the subtests that guard against that breakage. A
// subtest that no mutant can fail would be suspect.

// mutantEnv names the mutant a child test process runs the suite against.
const mutantEnv = "WORKOSAUTH_CONFORMANCE_MUTANT"

// mutant is a way an adapter can go wrong, and the subtests that must
// catch it.
type mutant struct {
	name string
	// break the reference app; nil fields leave that part alone
	wrapApp   func(http.Handler) http.Handler
	wrapAuth  func(http.Handler) http.Handler
	wrapGuard func(next http.Handler) http.Handler                  // inside the guard, before the route's handler
	routes    func(auth *core.Auth, routes map[string]http.Handler) // replaces routes
	mustFail  []string                                              // subtests, as group/case
}

var mutants = []mutant{
	{
		name: "redirects_api_clients",
		wrapApp: rewriteStatus(func(r *http.Request, status int, h http.Header) int {
			if status == http.StatusUnauthorized {
				h.Set("Location", "/auth/signin")
				return http.StatusSeeOther
			}
			return status
		}),
		mustFail: []string{"guard/api_client_gets_401_json", "guard/post_without_session_gets_401_json"},
	},
	{
		name: "loses_context",
		wrapGuard: func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				next.ServeHTTP(w, r.WithContext(context.Background()))
			})
		},
		mustFail: []string{"guard/context_injection", "guard/optional_route", "signin/by_email_form"},
	},
	{
		name: "drops_cache_control",
		wrapApp: rewriteStatus(func(r *http.Request, status int, h http.Header) int {
			h.Del("Cache-Control")
			return status
		}),
		mustFail: []string{"cookies/no_store_when_setting_cookies", "cookies/aged_session_is_renewed", "guard/navigation_redirects_to_signin"},
	},
	{
		name: "router_405_on_signout",
		wrapAuth: func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if strings.HasSuffix(r.URL.Path, "/signout") && r.Method != http.MethodPost {
					w.Header().Set("Allow", "POST")
					w.WriteHeader(http.StatusMethodNotAllowed)
					return
				}
				next.ServeHTTP(w, r)
			})
		},
		mustFail: []string{"signout/other_methods_do_not_sign_out"},
	},
	{
		name: "get_signs_out",
		wrapAuth: func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if strings.HasSuffix(r.URL.Path, "/signout") {
					r.Method = http.MethodPost
				}
				next.ServeHTTP(w, r)
			})
		},
		mustFail: []string{"signout/other_methods_do_not_sign_out"},
	},
	{
		name: "ignores_origin",
		wrapAuth: func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for _, h := range []string{"Origin", "Sec-Fetch-Site", "Referer"} {
					r.Header.Del(h)
				}
				next.ServeHTTP(w, r)
			})
		},
		mustFail: []string{"signout/cross_site_refused"},
	},
	{
		name: "signin_ignores_fetch_metadata",
		wrapAuth: func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if strings.HasSuffix(r.URL.Path, "/signin") {
					for _, h := range []string{"Origin", "Sec-Fetch-Site", "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Referer"} {
						r.Header.Del(h)
					}
				}
				next.ServeHTTP(w, r)
			})
		},
		mustFail: []string{"signin/cross_site_start_waits_for_confirmation"},
	},
	{
		name: "drops_guard_cookies",
		wrapGuard: func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Del("Set-Cookie")
				next.ServeHTTP(w, r)
			})
		},
		mustFail: []string{"cookies/aged_session_is_renewed"},
	},
	{
		name: "reads_unbounded_forms",
		wrapAuth: func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_ = r.ParseForm() // net/http's own 10 MB limit, not adapter.MaxFormBytes
				next.ServeHTTP(w, r)
			})
		},
		mustFail: []string{"signin/oversized_form_413"},
	},
	{
		name: "weak_cookie_attributes",
		wrapApp: rewriteStatus(func(r *http.Request, status int, h http.Header) int {
			for i, c := range h["Set-Cookie"] {
				h["Set-Cookie"][i] = strings.ReplaceAll(c, "; HttpOnly", "")
			}
			return status
		}),
		mustFail: []string{"cookies/session_cookie_attributes"},
	},
	{
		name: "no_head",
		wrapApp: func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodHead {
					w.WriteHeader(http.StatusMethodNotAllowed)
					return
				}
				next.ServeHTTP(w, r)
			})
		},
		mustFail: []string{"guard/head_navigation_redirects", "signin/page"},
	},
	{
		name: "optional_is_required",
		routes: func(auth *core.Auth, routes map[string]http.Handler) {
			routes["GET /optional"] = workoshttp.RequireWorkOS(auth)(optionalPage())
		},
		mustFail: []string{"guard/optional_route", "cookies/garbage_session_is_signed_out", "cookies/expired_session_is_signed_out"},
	},
	{
		name: "optional_waives_requirements",
		routes: func(auth *core.Auth, routes map[string]http.Handler) {
			routes["GET /optional-admin"] = workoshttp.RequireWorkOS(auth, core.Optional())(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if p, ok := workoshttp.Profile(r); ok {
					fmt.Fprint(w, "optional-admin "+p.Email)
					return
				}
				fmt.Fprint(w, "optional-admin anonymous")
			}))
		},
		mustFail: []string{"guard/optional_with_requirement"},
	},
	{
		name: "bearer_not_accepted",
		routes: func(auth *core.Auth, routes map[string]http.Handler) {
			routes["GET /api/token"] = workoshttp.RequireWorkOS(auth)(text("token user_01DEMOALICE"))
		},
		mustFail: []string{"authkit/bearer_accepted"},
	},
	{
		name: "permission_ignored",
		routes: func(auth *core.Auth, routes map[string]http.Handler) {
			routes["GET /perm"] = workoshttp.RequireWorkOS(auth)(text("perm"))
		},
		mustFail: []string{"authkit/require_permission"},
	},
	{
		name: "switch_route_not_mounted",
		wrapAuth: func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if strings.HasSuffix(r.URL.Path, "/switch-organization") || strings.HasSuffix(r.URL.Path, "/select-organization") {
					http.NotFound(w, r)
					return
				}
				next.ServeHTTP(w, r)
			})
		},
		mustFail: []string{"authkit/switch_organization_route", "authkit/select_organization_route"},
	},
	{
		name: "refusals_as_json",
		routes: func(auth *core.Auth, routes map[string]http.Handler) {
			// An adapter that answers every refusal with JSON, as before
			// the refusal page.
			asJSON := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				e, _ := core.RefusalFrom(r.Context())
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(e.Status)
				fmt.Fprintf(w, `{"error":%q}`, e.Code)
			})
			routes["GET /admin"] = workoshttp.OnDenied(asJSON).RequireWorkOS(auth, core.RequireRole("admin"))(text("admin"))
		},
		mustFail: []string{"guard/forbidden_navigation_gets_page"},
	},
	{
		name: "framable_refusal_page",
		wrapApp: rewriteStatus(func(r *http.Request, status int, h http.Header) int {
			if status == http.StatusForbidden || status == http.StatusServiceUnavailable {
				h.Del("Content-Security-Policy")
			}
			return status
		}),
		mustFail: []string{"guard/forbidden_navigation_gets_page", "sessions/unavailable_navigation_gets_page"},
	},
	{
		name: "on_denied_ignored",
		routes: func(auth *core.Auth, routes map[string]http.Handler) {
			routes["GET /custom"] = workoshttp.RequireWorkOS(auth)(text("custom"))
		},
		mustFail: []string{"guard/custom_denied_handler"},
	},
	{
		name: "requirements_ignored",
		routes: func(auth *core.Auth, routes map[string]http.Handler) {
			guard := workoshttp.RequireWorkOS(auth)
			routes["GET /admin"] = guard(text("admin"))
			routes["GET /acme"] = guard(text("acme"))
			routes["GET /eng"] = guard(text("eng"))
		},
		mustFail: []string{"authz/bob_acme_member", "authz/carol_globex"},
	},
	{
		name: "callback_errors_are_500",
		wrapApp: rewriteStatus(func(r *http.Request, status int, h http.Header) int {
			if r.URL.Path == "/auth/callback" && status != http.StatusSeeOther {
				return http.StatusInternalServerError
			}
			if r.URL.Path == "/auth/callback" && strings.Contains(h.Get("Location"), "error=") {
				h.Del("Location")
				return http.StatusInternalServerError
			}
			return status
		}),
		mustFail: []string{"callback/wrong_state", "callback/missing_flow_cookie", "callback/idp_error", "callback/replayed"},
	},
	{
		name: "session_survives_signout",
		wrapAuth: func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if strings.HasSuffix(r.URL.Path, "/signout") && r.Method == http.MethodPost {
					http.Redirect(w, r, "/", http.StatusSeeOther)
					return
				}
				next.ServeHTTP(w, r)
			})
		},
		mustFail: []string{"signout/same_origin_post", "cookies/no_store_when_setting_cookies"},
	},
	{
		name: "no_webhook_route",
		wrapAuth: func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if strings.HasSuffix(r.URL.Path, "/webhooks") {
					http.NotFound(w, r)
					return
				}
				next.ServeHTTP(w, r)
			})
		},
		mustFail: []string{"webhooks/deprovisioned_user_signed_out", "webhooks/replay_harmless_previous_secret", "webhooks/unverified_deliveries_refused"},
	},
	{
		name: "body_consumed_before_core",
		wrapAuth: func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Body != nil {
					_, _ = io.Copy(io.Discard, r.Body) // a JSON-binding middleware that leaves nothing for core
				}
				next.ServeHTTP(w, r)
			})
		},
		mustFail: []string{"webhooks/deprovisioned_user_signed_out", "webhooks/organization_scoping"},
	},
}

// TestReference: the reference adapter passes the suite.
func TestReference(t *testing.T) {
	if os.Getenv(mutantEnv) != "" {
		t.Skip("a mutant's process")
	}
	conformance.Run(t, reference{})
}

// TestMutant runs the suite against the mutant named in the environment;
// TestSuiteCatchesMutants starts it in a child process and expects it to
// fail.
func TestMutant(t *testing.T) {
	name := os.Getenv(mutantEnv)
	if name == "" {
		t.Skip("run by TestSuiteCatchesMutants")
	}
	for _, m := range mutants {
		if m.name == name {
			conformance.Run(t, reference{m: &m})
			return
		}
	}
	t.Fatalf("no mutant %q", name)
}

func TestSuiteCatchesMutants(t *testing.T) {
	ms := make([]mutation.Mutant, len(mutants))
	for i, m := range mutants {
		ms[i] = mutation.Mutant{Name: m.name}
		for _, sub := range m.mustFail {
			ms[i].MustFail = append(ms[i].MustFail, "TestMutant/"+m.name+"/"+sub)
		}
	}
	mutation.Catch(t, mutantEnv, "TestMutant", ms)
}

// reference is the standard app on http.ServeMux with workoshttp, broken
// by m when m is set.
type reference struct{ m *mutant }

func (a reference) Name() string {
	if a.m != nil {
		return a.m.name
	}
	return "reference"
}

func (a reference) Handler(auth *core.Auth) http.Handler {
	m := a.m
	if m == nil {
		m = &mutant{}
	}
	wrap := func(mw func(http.Handler) http.Handler) func(http.Handler) http.Handler {
		if m.wrapGuard == nil {
			return mw
		}
		return func(next http.Handler) http.Handler { return mw(m.wrapGuard(next)) }
	}
	require := func(opts ...core.GuardOption) func(http.Handler) http.Handler {
		return wrap(workoshttp.RequireWorkOS(auth, opts...))
	}
	requireDenied := func(h http.Handler) func(http.Handler) http.Handler {
		return wrap(workoshttp.OnDenied(h).RequireWorkOS(auth))
	}
	email := func(prefix string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			p, _ := workoshttp.Profile(r)
			fmt.Fprint(w, prefix+p.Email)
		}
	}
	var authHandler http.Handler = workoshttp.Handler(auth)
	if m.wrapAuth != nil {
		authHandler = m.wrapAuth(authHandler)
	}
	routes := map[string]http.Handler{
		"/auth/":         authHandler,
		"GET /{$}":       text("public"),
		"GET /readyz":    workoshttp.Ready(auth),
		"GET /dashboard": require()(email("dashboard ")),
		"GET /api/me": require()(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p, _ := workoshttp.Profile(r)
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(p)
		})),
		"GET /ctx": require()(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p, _ := core.ProfileFrom(r.Context())
			fmt.Fprint(w, "ctx "+p.Email)
		})),
		"GET /session": require()(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s, _ := workoshttp.Session(r)
			fmt.Fprint(w, sessionText(s))
		})),
		"GET /optional": require(core.Optional())(optionalPage()),
		"GET /optional-admin": require(core.Optional(), core.RequireRole("admin"))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if p, ok := workoshttp.Profile(r); ok {
				fmt.Fprint(w, "optional-admin "+p.Email)
				return
			}
			fmt.Fprint(w, "optional-admin anonymous")
		})),
		"GET /admin": require(core.RequireRole("admin"))(text("admin")),
		"GET /acme":  require(core.RequireOrganization(conformance.AcmeOrg))(text("acme")),
		"GET /eng":   require(core.RequireGroup("Engineering"))(text("eng")),
		"GET /custom": requireDenied(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			d, _ := core.RefusalFrom(r.Context())
			w.WriteHeader(http.StatusTeapot)
			fmt.Fprint(w, "denied "+d.Code)
		}))(text("custom")),
		"POST /api/echo": require()(email("echo ")),
		"POST /api/switch": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s, err := workoshttp.SwitchOrganization(auth, w, r, r.FormValue("organization_id"))
			status, body := conformance.SwitchAnswer(s, err)
			w.WriteHeader(status)
			fmt.Fprint(w, body)
		}),
	}
	if conformance.AuthKit(auth) {
		routes["GET /api/token"] = require(core.AcceptBearer())(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			k, _ := core.AuthKitFrom(r.Context())
			fmt.Fprint(w, "token "+k.User.ID)
		}))
		routes["GET /perm"] = require(core.RequirePermission("widgets:write"))(text("perm"))
	}
	if m.routes != nil {
		m.routes(auth, routes)
	}
	mux := http.NewServeMux()
	for pattern, h := range routes {
		mux.Handle(pattern, h)
	}
	if m.wrapApp != nil {
		return m.wrapApp(mux)
	}
	return mux
}

func text(s string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, s) })
}

func optionalPage() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p, ok := workoshttp.Profile(r); ok {
			fmt.Fprint(w, "optional "+p.Email)
			return
		}
		fmt.Fprint(w, "optional anonymous")
	})
}

// rewriteStatus returns middleware that lets f change the status and the
// headers of every answer just before they are sent.
func rewriteStatus(f func(r *http.Request, status int, h http.Header) int) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(&rewriter{ResponseWriter: w, r: r, f: f}, r)
		})
	}
}

type rewriter struct {
	http.ResponseWriter
	r     *http.Request
	f     func(*http.Request, int, http.Header) int
	wrote bool
}

func (w *rewriter) WriteHeader(status int) {
	if w.wrote {
		return
	}
	w.wrote = true
	w.ResponseWriter.WriteHeader(w.f(w.r, status, w.Header()))
}

func (w *rewriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.ResponseWriter.Write(b)
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
