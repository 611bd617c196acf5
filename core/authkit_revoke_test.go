package core_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

// codes are the Codes of the audit events of type t.
func (l *auditLog) codes(t core.AuditType) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, e := range l.es {
		if e.Type == t && e.Code != "" {
			out = append(out, e.Code)
		}
	}
	return out
}

// TestRevokeUserRevokesWorkOSSessions: in AuthKit mode RevokeUser ends
// the app's sessions (cookie and Bearer) and the user's WorkOS sessions,
// so that the emulator holds none of them; another user's stay. WorkOS
// failing briefly is retried; WorkOS failing throughout still ends the
// app's sessions, and is reported: an audit event, a log line without
// tokens, and an error wrapping WorkOS's (*core.APIError).
func TestRevokeUserRevokesWorkOSSessions(t *testing.T) {
	const sessionsEndpoint = "/user_management/users/{id}/sessions"
	for _, c := range []struct {
		name   string
		fault  *workostest.Fault
		failed bool
	}{
		{"WorkOS answers", nil, false},
		{"WorkOS fails for a while", &workostest.Fault{Status: http.StatusServiceUnavailable, Times: 4}, false},
		{"WorkOS fails throughout", &workostest.Fault{Status: http.StatusServiceUnavailable}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			audit := &auditLog{}
			logs := &syncBuffer{}
			app := newAKApp(t, nil, nil, func(cfg *core.Config) {
				cfg.Events.OnAudit = audit.add
				cfg.Logger = slog.New(slog.NewTextHandler(logs, nil))
			})
			alice, bob := app.browser(), app.browser()
			alice.signIn(url.Values{"email": {"alice@acme.test"}})
			bob.signIn(url.Values{"email": {"bob@acme.test"}})
			st, me := alice.me()
			if st != http.StatusOK {
				t.Fatalf("alice signed in: %d", st)
			}
			aliceID := me["id"].(string)
			token, err := app.emu.AccessToken("alice@acme.test", "org_01DEMOACME")
			if err != nil {
				t.Fatal(err)
			}
			if r := app.bearer("/api/me", token); r.status != http.StatusOK {
				t.Fatalf("alice's Bearer token before: %d", r.status)
			}
			if n := len(app.emu.ActiveSessions(aliceID)); n != 2 {
				t.Fatalf("alice has %d WorkOS sessions before, want 2", n)
			}
			if c.fault != nil {
				app.emu.InjectFault(sessionsEndpoint, *c.fault)
			}
			err = app.auth.RevokeUser(context.Background(), aliceID)
			if st, _ := alice.me(); st != http.StatusUnauthorized {
				t.Fatalf("alice's cookie after RevokeUser: %d", st)
			}
			if r := app.bearer("/api/me", token); r.status != http.StatusUnauthorized {
				t.Fatalf("alice's Bearer token after RevokeUser: %d", r.status)
			}
			if st, _ := bob.me(); st != http.StatusOK {
				t.Fatalf("bob after alice's RevokeUser: %d", st)
			}
			if n := len(app.emu.ActiveSessions("bob@acme.test")); n != 1 {
				t.Fatalf("bob has %d WorkOS sessions after alice's RevokeUser, want 1", n)
			}
			left := app.emu.ActiveSessions(aliceID)
			codes := audit.codes(core.AuditRevocation)
			if !c.failed {
				if err != nil || len(left) != 0 {
					t.Fatalf("RevokeUser = %v; alice's WorkOS sessions left: %v", err, left)
				}
				if !slices.Contains(codes, "workos_sessions_revoked") {
					t.Fatalf("audit codes %v: no workos_sessions_revoked", codes)
				}
				return
			}
			var api *core.APIError
			if !errors.As(err, &api) || api.StatusCode != http.StatusServiceUnavailable || errors.Is(err, core.ErrStoreUnavailable) {
				t.Fatalf("RevokeUser with WorkOS down = %v; want an error wrapping WorkOS's 503, not a store error", err)
			}
			if len(left) != 2 {
				t.Fatalf("alice's WorkOS sessions with WorkOS failing: %v", left)
			}
			if !slices.Contains(codes, "workos_sessions_not_revoked") {
				t.Fatalf("audit codes %v: the failure is not reported", codes)
			}
			out := logs.String()
			if !strings.Contains(out, "could not all be revoked") || strings.Contains(out, token) {
				t.Fatalf("the log does not report the failure, or holds a token:\n%s", out)
			}
			app.emu.ClearFaults()
			if err := app.auth.RevokeUser(context.Background(), aliceID); err != nil || len(app.emu.ActiveSessions(aliceID)) != 0 {
				t.Fatalf("RevokeUser again with WorkOS back: %v, sessions %v", err, app.emu.ActiveSessions(aliceID))
			}
		})
	}
}
