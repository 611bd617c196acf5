package adapter_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/adapter"
	"github.com/ssokit/workosauth/internal/httpx"
	"github.com/ssokit/workosauth/internal/seam"
)

func newAuth(t *testing.T, edit func(*core.Config)) *core.Auth {
	t.Helper()
	cfg := core.Config{ClientID: "client_123", APIKey: core.NewSecret("sk_test_123"),
		RedirectURI: "http://127.0.0.1:8080/auth/callback", CookiePassword: core.NewSecret("a-password-of-at-least-32-characters!")}
	if edit != nil {
		edit(&cfg)
	}
	auth, err := core.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return auth
}

// adapter.Exchange, documented for adapter authors, and core's internal
// twin have the same methods with the same signatures: any Exchange is
// what core takes, and neither may gain a method the other lacks.
func TestExchangeIsItsInternalTwin(t *testing.T) {
	pub := reflect.TypeFor[adapter.Exchange]()
	twin := reflect.TypeFor[seam.Exchange]()
	if pub.NumMethod() != twin.NumMethod() {
		t.Fatalf("adapter.Exchange has %d methods, its twin %d", pub.NumMethod(), twin.NumMethod())
	}
	for i := range pub.NumMethod() {
		m := pub.Method(i)
		tm, ok := twin.MethodByName(m.Name)
		if !ok || tm.Type != m.Type {
			t.Errorf("adapter.Exchange.%s %v; its twin has %v", m.Name, m.Type, tm.Type)
		}
	}
}

// The webhook limit adapters document is the one core gives Body.
func TestMaxWebhookBytesIsCores(t *testing.T) {
	if adapter.MaxWebhookBytes != seam.MaxWebhookBytes {
		t.Fatalf("adapter.MaxWebhookBytes %d, core reads %d", adapter.MaxWebhookBytes, seam.MaxWebhookBytes)
	}
}

// NewGuard refuses the AuthKit-only options on an Auth that signs in
// through SSO, naming each, and takes them in AuthKit mode.
func TestNewGuardRefusesAuthKitOptionsInSSOMode(t *testing.T) {
	sso := newAuth(t, nil)
	if _, err := adapter.NewGuard(sso, core.RequireRole("admin"), core.Optional()); err != nil {
		t.Fatalf("SSO options: %v", err)
	}
	_, err := adapter.NewGuard(sso, core.AcceptBearer(), core.RequirePermission("a"), core.RequirePermission("b"))
	if !errors.Is(err, core.ErrConfig) || !strings.Contains(err.Error(), "core.AcceptBearer and core.RequirePermission need AuthKit") {
		t.Fatalf("AuthKit options on an SSO Auth: %v", err)
	}
	if _, err := adapter.NewGuard(sso, core.RequirePermission("a")); err == nil || !strings.Contains(err.Error(), "core.RequirePermission") || strings.Contains(err.Error(), "AcceptBearer") {
		t.Fatalf("RequirePermission on an SSO Auth: %v", err)
	}
	authKit := newAuth(t, func(c *core.Config) { c.AuthKit.Enabled = true })
	if _, err := adapter.NewGuard(authKit, core.AcceptBearer(), core.RequirePermission("a")); err != nil {
		t.Fatalf("AuthKit options in AuthKit mode: %v", err)
	}
}

// Routes lists this mode's routes, each with the methods it answers:
// webhooks only with a secret, the organization routes only in AuthKit
// mode.
func TestRoutesPerMode(t *testing.T) {
	list := func(auth *core.Auth) []string {
		var out []string
		for _, r := range adapter.Routes(auth) {
			if r.Path != "/auth/"+r.Name || r.Serve == nil {
				t.Errorf("route %q at %q", r.Name, r.Path)
			}
			out = append(out, r.Name+" "+strings.Join(r.Methods, ","))
		}
		return out
	}
	sso := []string{"signin GET,HEAD,POST", "callback GET,HEAD", "signout POST"}
	if got := list(newAuth(t, nil)); !slices.Equal(got, sso) {
		t.Errorf("SSO: %q", got)
	}
	hooks := append(slices.Clone(sso), "webhooks POST")
	if got := list(newAuth(t, func(c *core.Config) { c.Events.WebhookSecrets = []core.Secret{core.NewSecret("whsec_1")} })); !slices.Equal(got, hooks) {
		t.Errorf("SSO with webhooks: %q", got)
	}
	authKit := append(slices.Clone(hooks), "switch-organization POST", "select-organization POST")
	if got := list(newAuth(t, func(c *core.Config) {
		c.AuthKit.Enabled = true
		c.Events.WebhookSecrets = []core.Secret{core.NewSecret("whsec_1")}
	})); !slices.Equal(got, authKit) {
		t.Errorf("AuthKit with webhooks: %q", got)
	}
}

// Serve serves this mode's routes wherever mounted (it dispatches on the
// last path element); a route answers a wrong method with core's 405 and
// Allow; anything else, AuthKit's routes in SSO mode included, is 404.
func TestServe(t *testing.T) {
	auth := newAuth(t, nil)
	for _, tt := range []struct {
		method, target string
		want           int
		allow          string
	}{
		{"GET", "/auth/signin", 200, ""},
		{"GET", "/elsewhere/signin", 200, ""},
		{"DELETE", "/auth/signin", 405, "GET, HEAD, POST"},
		{"GET", "/auth/signout", 405, "POST"},
		{"POST", "/auth/switch-organization", 404, ""},
		{"POST", "/auth/webhooks", 404, ""},
		{"GET", "/auth/", 404, ""},
	} {
		req := httptest.NewRequest(tt.method, tt.target, nil)
		req.Header.Set("Accept", "application/json")
		rec := httptest.NewRecorder()
		adapter.Serve(auth, &httpx.Exchange{W: rec, R: req})
		if rec.Code != tt.want || rec.Header().Get("Allow") != tt.allow {
			t.Errorf("%s %s: %d Allow %q, want %d %q", tt.method, tt.target, rec.Code, rec.Header().Get("Allow"), tt.want, tt.allow)
		}
		if tt.target == "/auth/webhooks" && rec.Body.String() != `{"error":"not_found","ok":false}` {
			t.Errorf("a delivery without webhook secrets: %s, want the webhook route's own 404", rec.Body)
		}
	}
}

// What WithSession and WithRefusal put in a context, core's readers find.
func TestContexts(t *testing.T) {
	s := &core.Session{ID: "s1", Profile: core.Profile{Email: "a@b.test"}}
	ctx := adapter.WithSession(context.Background(), s)
	if got, ok := core.SessionFrom(ctx); !ok || got != s {
		t.Fatalf("SessionFrom: %v %v", got, ok)
	}
	if p, ok := core.ProfileFrom(ctx); !ok || p.Email != "a@b.test" {
		t.Fatalf("ProfileFrom: %v %v", p, ok)
	}
	if _, ok := core.RefusalFrom(ctx); ok {
		t.Fatal("a session is not a refusal")
	}
	e := &core.Error{Status: http.StatusForbidden, Code: core.CodeForbidden}
	if got, ok := core.RefusalFrom(adapter.WithRefusal(context.Background(), e)); !ok || got != e {
		t.Fatalf("RefusalFrom: %v %v", got, ok)
	}
	if _, ok := core.SessionFrom(adapter.WithSession(context.Background(), nil)); ok {
		t.Fatal("a nil session is no session")
	}
}

// A nil Auth is a programming error, said in plain words.
func TestNilAuthPanicsClearly(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "core.New") {
			t.Fatalf("recover() = %v", r)
		}
	}()
	adapter.Routes(nil)
}
