package workostest

import (
	"fmt"
	"net/http"
	"net/url"
)

// authorizeComplete answers the picker page's forms: sign in as the chosen
// user, or deny.
func (s *Server) authorizeComplete(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxRequestBodyBytes)
	if err := r.ParseForm(); err != nil {
		s.badRequest(w, "The form could not be read.")
		return
	}
	id := r.PostForm.Get("request")
	now := s.now()
	s.mu.Lock()
	p := s.pending[id]
	delete(s.pending, id) // a picker page signs in once
	var conn *Connection
	if p != nil {
		for i := range s.seed.Connections {
			if s.seed.Connections[i].ID == p.connectionID {
				c := cloneConnection(s.seed.Connections[i])
				conn = &c
			}
		}
	}
	s.mu.Unlock()
	if p == nil || now.After(p.expires) || conn == nil {
		s.badRequest(w, "This sign-in page has expired or was already used. Start the sign-in again.")
		return
	}
	if r.PostForm.Get("action") == "deny" {
		redirectBack(w, r, p.authRequest, url.Values{"error": {"access_denied"},
			"error_description": {"The user denied the sign-in on the WorkOS emulator's sign-in page."}})
		return
	}
	userID := r.PostForm.Get("user")
	for _, u := range conn.Users {
		if u.ID == userID {
			code := s.issueCode(p.authRequest, *conn, u)
			redirectBack(w, r, p.authRequest, url.Values{"code": {code}})
			return
		}
	}
	s.badRequest(w, fmt.Sprintf("The connection has no user %q.", userID))
}
