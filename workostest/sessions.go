package workostest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// The Sessions API of the AuthKit part:
//
//	GET  /user_management/users/{id}/sessions  a user's active sessions, newest first (API key)
//	POST /user_management/sessions/revoke      revoke one: {"session_id": "session_..."} (API key)
//
// A session begins at each sign-in (an authenticate that issues tokens,
// and AuthKitTokens), recording session.created; the access tokens it
// issues carry its ID as sid. Revoking it (the API, or RevokeSession)
// stops its refresh token and records session.revoked. Logging out
// through the logout URL ends it too, without an event; so do deleting
// its user, and removing or deactivating the membership of its
// organization, whose own events say what happened.

// Endpoint names of the Sessions API, as Calls and InjectFault take them.
const (
	endpointUserSessions  = "/user_management/users/{id}/sessions"
	endpointRevokeSession = "/user_management/sessions/revoke"
)

// Session statuses, as WorkOS names them.
const (
	sessionActive  = "active"
	sessionRevoked = "revoked"
	sessionExpired = "expired"
)

// sessionLifetime is how long an AuthKit session can be refreshed: its
// expires_at.
const sessionLifetime = 30 * 24 * time.Hour

// umSession is an AuthKit session.
type umSession struct {
	id, userID   string
	org, method  string
	impersonator map[string]any
	client       sessionClient
	status       string // sessionActive, sessionRevoked or sessionExpired
	created      time.Time
	expires      time.Time
	ended        time.Time // zero while active
}

// sessionClient is what the app said of the browser at sign-in (the
// ip_address and user_agent fields of authenticate).
type sessionClient struct{ ip, userAgent string }

// beginSession begins a session of u in org ("" for none) and records
// session.created. s.mu is held; the caller delivers the event once it
// is released.
func (s *Server) beginSession(u *akUser, org, method string, client sessionClient) (*umSession, Event) {
	st := s.um()
	now := s.now()
	sess := &umSession{id: "session_01" + strings.ToUpper(randomToken()[:24]), userID: u.id, org: org, method: method,
		impersonator: st.impersonator, client: client, status: sessionActive, created: now, expires: now.Add(sessionLifetime)}
	if sess.impersonator != nil {
		sess.method = impersonationMethod
	}
	st.sessions[sess.id] = sess
	u.lastSignIn = now.UTC().Format(timestampLayout)
	e, _ := s.appendEvent("session.created", s.sessionJSON(sess)) // a map: cannot fail
	return sess, e
}

// endSession ends sess (its refresh token stops working) without an
// event. s.mu is held.
func (s *Server) endSession(sess *umSession) {
	if sess.status == sessionActive {
		sess.status, sess.ended = sessionRevoked, s.now()
	}
}

// endSessionsWhere ends, without events, the active sessions for which
// match is true. s.mu is held.
func (s *Server) endSessionsWhere(match func(*umSession) bool) {
	for _, sess := range s.um().sessions {
		if sess.status == sessionActive && match(sess) {
			s.endSession(sess)
		}
	}
}

// authMethods maps authentication_method to a session's auth_method.
var authMethods = map[string]string{
	"Password": "password", "SSO": "sso", "MagicAuth": "magic_code", "Passkey": "passkey",
	impersonationMethod: "impersonation", "MigratedSession": "migrated_session",
}

// sessionJSON is WorkOS's session object. s.mu is held.
func (s *Server) sessionJSON(sess *umSession) map[string]any {
	method, ok := authMethods[sess.method]
	switch {
	case !ok && strings.HasSuffix(sess.method, "OAuth"):
		method = "oauth"
	case !ok:
		method = "unknown"
	}
	status := sess.status
	if status == sessionActive && !s.now().Before(sess.expires) {
		status = sessionExpired
	}
	updated := sess.created
	var ended any
	if !sess.ended.IsZero() {
		updated = sess.ended
		ended = sess.ended.UTC().Format(timestampLayout)
	}
	out := map[string]any{
		"object": "session", "id": sess.id, "user_id": sess.userID, "auth_method": method, "status": status,
		"ip_address": nullable(sess.client.ip), "user_agent": nullable(sess.client.userAgent),
		"expires_at": sess.expires.UTC().Format(timestampLayout), "ended_at": ended,
		"created_at": sess.created.UTC().Format(timestampLayout), "updated_at": updated.UTC().Format(timestampLayout),
	}
	if sess.org != "" {
		out["organization_id"] = sess.org
	}
	if sess.impersonator != nil {
		out["impersonator"] = sess.impersonator
	}
	return out
}

// activeSessions are the user's active sessions, oldest first. s.mu is
// held.
func (s *Server) activeSessions(userID string) []*umSession {
	var out []*umSession
	now := s.now()
	for _, sess := range s.um().sessions {
		if sess.userID == userID && sess.status == sessionActive && now.Before(sess.expires) {
			out = append(out, sess)
		}
	}
	slices.SortFunc(out, func(a, b *umSession) int {
		if c := a.created.Compare(b.created); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	return out
}

// ---- GET /user_management/users/{id}/sessions ----

// umListSessions lists a user's active sessions: limit, before, after and
// order (desc, newest first, by default).
func (s *Server) umListSessions(w http.ResponseWriter, r *http.Request, userID string) {
	p, _, ok := s.listRequest(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	u := s.people.user(userID)
	var items []map[string]any
	if u != nil && u.id == userID {
		for _, sess := range s.activeSessions(userID) {
			items = append(items, s.sessionJSON(sess))
		}
	}
	s.mu.Unlock()
	if u == nil || u.id != userID {
		writeNotFoundEntity(w, "User", userID)
		return
	}
	writeJSON(w, http.StatusOK, paginate(ordered(items, p.desc), objectID, p))
}

// objectID is the "id" of a JSON object built as a map.
func objectID(m map[string]any) string { s, _ := m["id"].(string); return s }

// ---- POST /user_management/sessions/revoke ----

// umRevokeSession revokes the session_id of a JSON or form body and
// answers the session. Revoking an ended session again changes nothing.
func (s *Server) umRevokeSession(w http.ResponseWriter, r *http.Request) {
	if !s.authorizeAPI(w, r) {
		return
	}
	form, _, err := readTokenForm(r)
	if err != nil {
		writeValidationError(w, strings.TrimSuffix(err.Error(), "."))
		return
	}
	id := form.Get("session_id")
	if id == "" {
		writeValidationError(w, "session_id is required")
		return
	}
	var events []Event
	s.mu.Lock()
	defer s.unlockAndDeliver(&events)
	sess := s.um().sessions[id]
	if sess == nil {
		writeNotFoundEntity(w, "Session", id)
		return
	}
	if e, ok := s.revokeSession(sess); ok {
		events = append(events, e)
	}
	writeJSON(w, http.StatusOK, s.sessionJSON(sess))
}

// revokeSession revokes an active session and records session.revoked;
// false when it had already ended. s.mu is held.
func (s *Server) revokeSession(sess *umSession) (Event, bool) {
	if sess.status != sessionActive {
		return Event{}, false
	}
	s.endSession(sess)
	e, _ := s.appendEvent("session.revoked", s.sessionJSON(sess)) // a map: cannot fail
	return e, true
}

// RevokeSession revokes an AuthKit session (session_..., the sid of its
// access tokens), as an admin does in the WorkOS dashboard: its refresh
// token stops working, and a session.revoked event is recorded and
// delivered to every webhook endpoint before it returns. The error
// reports an unknown or already ended session, or a failed delivery (the
// session is revoked regardless).
func (s *Server) RevokeSession(sessionID string) (Event, error) {
	s.mu.Lock()
	sess := s.um().sessions[sessionID]
	if sess == nil {
		s.mu.Unlock()
		return Event{}, fmt.Errorf("workostest: no AuthKit session %q", sessionID)
	}
	e, ok := s.revokeSession(sess)
	if !ok {
		s.mu.Unlock()
		return Event{}, fmt.Errorf("workostest: AuthKit session %s has already ended", sessionID)
	}
	return s.deliverNow(e)
}

// ActiveSessions returns the IDs of the active AuthKit sessions of a user
// (by ID or email), oldest first: what GET
// /user_management/users/{id}/sessions lists.
func (s *Server) ActiveSessions(userIDOrEmail string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.people.user(userIDOrEmail)
	if u == nil {
		return nil
	}
	var out []string
	for _, sess := range s.activeSessions(u.id) {
		out = append(out, sess.id)
	}
	return out
}
