package workostest

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/ssokit/workosauth/core"
)

// AuthKitUsers returns the emulator's AuthKit users: one per email of the
// seed's SSO users, with their memberships.
func (s *Server) AuthKitUsers() []AuthKitUser {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.authKitUsers()
}

// SetAccessTokenTTL sets the life of the AuthKit access tokens issued from
// now on (5 minutes by default, as WorkOS's) and returns a function that
// puts the previous one back.
func (s *Server) SetAccessTokenTTL(d time.Duration) (restore func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.um().accessTTL
	s.um().accessTTL = d
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.um().accessTTL = old
	}
}

// RotateSigningKey makes a new signing key (a new kid) for the access
// tokens issued from now on. With keepOld the key set goes on publishing
// the earlier keys; without, only the new one. It returns the new kid.
func (s *Server) RotateSigningKey(keepOld bool) string {
	k := newSigningKey()
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.um()
	if keepOld {
		st.keys = append([]*signingKey{k}, st.keys...)
	} else {
		st.keys = []*signingKey{k}
	}
	return k.kid
}

// Impersonate makes the next AuthKit sign-ins impersonations by a WorkOS
// admin (email, with a reason), as when support staff start one from the
// WorkOS dashboard; an empty email stops it.
func (s *Server) Impersonate(adminEmail, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if adminEmail == "" {
		s.um().impersonator = nil
		return
	}
	s.um().impersonator = map[string]any{"email": adminEmail, "reason": reason}
}

// RefreshCount is how many refresh_token grants the emulator answered.
func (s *Server) RefreshCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.um().refreshes
}

// SessionEnded reports whether the AuthKit session (session_...) has
// ended: through the logout URL, revoked (the Sessions API,
// RevokeSession), or with its user or its organization membership.
func (s *Server) SessionEnded(sessionID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess := s.um().sessions[sessionID]
	return sess != nil && sess.status != sessionActive
}

// AuthKitTokens are what WorkOS's /user_management/authenticate answers
// for a new AuthKit session (see [Server.AuthKitTokens]).
type AuthKitTokens struct {
	// User is the AuthKit user; its ID is the access token's sub.
	User core.AuthKitUser
	// OrganizationID is the session's organization, or "".
	OrganizationID string
	// AccessToken and RefreshToken are the session's tokens.
	AccessToken, RefreshToken string
	// AuthenticationMethod and Impersonator say how the user signed in.
	AuthenticationMethod string
	Impersonator         *core.Impersonator
}

// AuthKitTokens begins an AuthKit session for the user with this email in
// org ("" for none) and returns what /user_management/authenticate would
// answer: for handler tests (a Bearer access token) and for AuthKitSignIn.
// It records session.created, delivered in the background.
func (s *Server) AuthKitTokens(email, org string) (AuthKitTokens, error) {
	var events []Event // session.created, delivered in the background
	s.mu.Lock()
	defer s.unlockAndDeliver(&events)
	u := s.people.user(email)
	if u == nil || !strings.EqualFold(u.email, email) {
		return AuthKitTokens{}, fmt.Errorf("workostest: no AuthKit user %q", email)
	}
	if org != "" && s.people.activeMembership(u.id, org) == nil {
		return AuthKitTokens{}, fmt.Errorf("workostest: %s is not a member of %s", email, org)
	}
	sess, e := s.beginSession(u, org, "Password", sessionClient{})
	events = append(events, e)
	res := s.umIssue(sess)
	t := AuthKitTokens{
		User:           core.AuthKitUser{ID: u.id, Email: u.email, EmailVerified: true, FirstName: u.firstName, LastName: u.lastName},
		OrganizationID: org, AccessToken: res["access_token"].(string), RefreshToken: res["refresh_token"].(string),
		AuthenticationMethod: sess.method,
	}
	if sess.impersonator != nil {
		t.Impersonator = &core.Impersonator{Email: sess.impersonator["email"].(string), Reason: sess.impersonator["reason"].(string)}
	}
	return t, nil
}

// AccessToken returns a fresh AuthKit access token of a new session for
// the user with this email in org ("" for none), signed with the
// emulator's key: for Bearer requests in handler tests.
func (s *Server) AccessToken(email, org string) (string, error) {
	t, err := s.AuthKitTokens(email, org)
	return t.AccessToken, err
}

// AuthKitSignIn adds to r the session cookies of the user with this email
// signed in through AuthKit in org ("" for none), as if the sign-in had
// just finished: the session is real at the emulator, so refreshes,
// organization switches and sign-out work. auth must use the emulator
// (Config.AuthKit.Enabled, BaseURL s.URL). It returns r, and panics on an error,
// as SignIn does.
func (s *Server) AuthKitSignIn(auth *core.Auth, r *http.Request, email, org string) *http.Request {
	t, err := s.AuthKitTokens(email, org)
	if err != nil {
		panic(err.Error())
	}
	k := core.AuthKitSession{User: t.User, OrganizationID: t.OrganizationID, AuthenticationMethod: t.AuthenticationMethod,
		Impersonator: t.Impersonator, AccessToken: core.NewSecret(t.AccessToken)}
	_, cookies, err := engineOf(auth).AuthKitSessionCookies(context.Background(), k, t.RefreshToken)
	if err != nil {
		panic("workostest: AuthKitSignIn: " + err.Error())
	}
	for _, c := range cookies {
		r.AddCookie(c)
	}
	return r
}
