package core_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

// TestUserSessions: a user's WorkOS sessions, with what a devices page
// shows; an unknown user is WorkOS's 404 (*core.APIError); WorkOS down is
// an error too, never an empty list.
func TestUserSessions(t *testing.T) {
	app := newAKApp(t, nil, nil, nil)
	b := app.browser()
	b.signIn(url.Values{"email": {"alice@acme.test"}})
	_, me := b.me()
	id, _ := me["id"].(string)
	sessions, err := app.auth.UserSessions(context.Background(), id)
	if err != nil || len(sessions) != 1 {
		t.Fatalf("UserSessions = %+v, %v; want alice's one session", sessions, err)
	}
	s := sessions[0]
	if s.ID != me["sid"] || s.UserID != id || s.Status != "active" || s.OrganizationID != "org_01DEMOACME" || s.CreatedAt.IsZero() || s.ExpiresAt.IsZero() {
		t.Fatalf("the session listed: %+v; want the browser's (sid %v)", s, me["sid"])
	}
	var api *core.APIError
	if _, err := app.auth.UserSessions(context.Background(), "user_01NOBODY"); !errors.As(err, &api) || api.StatusCode != http.StatusNotFound {
		t.Fatalf("an unknown user: %v; want WorkOS's 404", err)
	}
	app.emu.InjectFault("/user_management/users/{id}/sessions", workostest.Fault{Status: http.StatusServiceUnavailable})
	if list, err := app.auth.UserSessions(context.Background(), id); err == nil {
		t.Fatalf("WorkOS down: %v, no error", list)
	}
}
