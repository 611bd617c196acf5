package workosapi_test

import (
	"testing"

	"github.com/ssokit/workosauth/core/internal/workosapi"
	"github.com/ssokit/workosauth/workostest"
)

// The Sessions API calls against the emulator: list a user's sessions,
// revoke one, and see it gone from the list and its refresh refused.
func TestSessionsAgainstTheEmulator(t *testing.T) {
	emu := workostest.NewServer(t, workostest.Options{})
	c, err := workosapi.New(workosapi.Config{BaseURL: emu.URL, ClientID: emu.ClientID, APIKey: emu.APIKey, RedirectURI: "http://127.0.0.1:1/auth/callback"})
	if err != nil {
		t.Fatal(err)
	}
	one, _ := emu.AuthKitTokens("alice@acme.test", "org_01DEMOACME")
	if _, err := emu.AuthKitTokens("alice@acme.test", ""); err != nil {
		t.Fatal(err)
	}
	got, err := c.ListUserSessions(t.Context(), one.User.ID)
	if err != nil || len(got) != 2 {
		t.Fatalf("ListUserSessions: %+v, %v", got, err)
	}
	var inAcme workosapi.Session
	for _, s := range got {
		if s.OrganizationID == "org_01DEMOACME" {
			inAcme = s
		}
	}
	if inAcme.Status != "active" || inAcme.UserID != "user_01DEMOALICE" || inAcme.AuthMethod != "password" || inAcme.CreatedAt.IsZero() || !inAcme.EndedAt.IsZero() {
		t.Fatalf("session %+v", inAcme)
	}
	if err := c.RevokeSession(t.Context(), inAcme.ID); err != nil {
		t.Fatal(err)
	}
	if !emu.SessionEnded(inAcme.ID) {
		t.Fatal("the emulator's session is still active")
	}
	if got, err := c.ListUserSessions(t.Context(), one.User.ID); err != nil || len(got) != 1 || got[0].ID == inAcme.ID {
		t.Fatalf("after the revocation: %+v, %v", got, err)
	}
	if _, err := c.AuthenticateRefresh(t.Context(), one.RefreshToken, ""); err == nil {
		t.Fatal("the revoked session refreshed")
	}
	if err := c.RevokeSession(t.Context(), "session_01NOPE"); err == nil {
		t.Fatal("revoking an unknown session succeeded")
	}
	if _, err := c.ListUserSessions(t.Context(), "user_01NOPE"); err == nil {
		t.Fatal("listing an unknown user's sessions succeeded")
	}
}
