package workostest

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// authRequest is a validated /sso/authorize request.
type authRequest struct {
	back         *url.URL // the registered redirect URI, parsed
	state        string
	challenge    string // S256 code challenge, or ""
	connectionID string
}

// The parameters /sso/authorize refuses to see twice.
func singleParams() []string {
	return []string{"client_id", "redirect_uri", "response_type", "state",
		"code_challenge", "code_challenge_method", "login_hint"}
}

// authorize answers GET /sso/authorize. Errors about the client or the
// redirect URI get a 400 page, never a redirect; later errors redirect back
// with error= and the state.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	for _, name := range singleParams() {
		if len(q[name]) > 1 {
			s.badRequest(w, fmt.Sprintf("The %s parameter is given more than once.", name))
			return
		}
	}
	switch id := q.Get("client_id"); {
	case id == "":
		s.badRequest(w, "The client_id parameter is missing.")
		return
	case id != s.clientID:
		s.badRequest(w, fmt.Sprintf("Invalid client ID %q.", id))
		return
	}
	redirectURI := q.Get("redirect_uri")
	if redirectURI == "" {
		s.badRequest(w, "The redirect_uri parameter is missing.")
		return
	}
	if registered := s.RedirectURIs(); !slices.Contains(registered, redirectURI) {
		msg := fmt.Sprintf("Invalid redirect URI %q: it is not in the list of allowed redirect URIs.", redirectURI)
		if len(registered) > 0 {
			msg += " Allowed: " + strings.Join(registered, ", ") + "."
		}
		s.badRequest(w, msg)
		return
	}
	back, err := url.Parse(redirectURI)
	if err != nil || !back.IsAbs() {
		s.badRequest(w, fmt.Sprintf("The redirect URI %q is not an absolute URL.", redirectURI))
		return
	}
	if rt := q.Get("response_type"); rt != "code" {
		s.badRequest(w, fmt.Sprintf("Invalid response_type %q: it must be code.", rt))
		return
	}
	challenge, method := q.Get("code_challenge"), q.Get("code_challenge_method")
	if challenge != "" || method != "" {
		if method != "S256" {
			s.badRequest(w, "The only valid PKCE code_challenge_method is S256.")
			return
		}
		if !validChallenge(challenge) {
			s.badRequest(w, "Invalid code_challenge: it must be the unpadded base64url SHA-256 of the code verifier (43 characters).")
			return
		}
	}
	req := authRequest{back: back, state: q.Get("state"), challenge: challenge}

	conn, orgName, errCode, desc := s.selectConnection(q)
	if errCode != "" {
		redirectBack(w, r, req, url.Values{"error": {errCode}, "error_description": {desc}})
		return
	}
	req.connectionID = conn.ID
	var user *User
	if hint := strings.TrimSpace(q.Get("login_hint")); hint != "" {
		for i := range conn.Users {
			if strings.EqualFold(conn.Users[i].Email, hint) {
				user = &conn.Users[i]
			}
		}
	}
	if user == nil && s.autoSelect {
		if len(conn.Users) == 0 {
			redirectBack(w, r, req, url.Values{"error": {"access_denied"},
				"error_description": {"The connection has no users to sign in as."}})
			return
		}
		user = &conn.Users[0]
	}
	if user != nil && s.confirmHint {
		s.showPicker(w, s.addPending(req), orgName, conn, user.ID)
		return
	}
	if user != nil {
		code := s.issueCode(req, conn, *user)
		redirectBack(w, r, req, url.Values{"code": {code}})
		return
	}
	s.showPicker(w, s.addPending(req), orgName, conn, "")
}

// validChallenge reports whether c is an S256 code challenge: the unpadded
// base64url encoding of 32 bytes.
func validChallenge(c string) bool {
	if len(c) != 43 {
		return false
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	return err == nil && len(b) == 32
}

// redirectBack redirects to the request's redirect URI with params and the
// state added to its query.
func redirectBack(w http.ResponseWriter, r *http.Request, req authRequest, params url.Values) {
	u := *req.back
	q := u.Query()
	for k, v := range params {
		q[k] = v
	}
	if req.state != "" {
		q.Set("state", req.state)
	}
	u.RawQuery = q.Encode()
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, u.String(), http.StatusFound)
}
