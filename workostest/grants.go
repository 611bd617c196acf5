package workostest

import "time"

// pendingAuth is an authorize request waiting on the picker page.
type pendingAuth struct {
	authRequest
	expires time.Time
}

// grant is an authorization code of /sso/authorize.
type grant struct {
	profile   profileJSON
	challenge string
	expires   time.Time
	used      bool
}

// session is an access token of /sso/token.
type session struct {
	profile profileJSON
	expires time.Time
}

// issueCode stores a new authorization code for user.
func (s *Server) issueCode(req authRequest, conn Connection, user User) string {
	code := randomToken()
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep(now)
	s.codes[code] = &grant{
		profile:   newProfile(conn, user),
		challenge: req.challenge,
		expires:   now.Add(s.codeTTL),
	}
	return code
}

// addPending stores an authorize request for the picker page and returns
// its ID.
func (s *Server) addPending(req authRequest) string {
	id := randomToken()
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep(now)
	s.pending[id] = &pendingAuth{authRequest: req, expires: now.Add(pendingTTL)}
	return id
}

// sweep forgets expired codes, access tokens and picker requests. s.mu is
// held.
func (s *Server) sweep(now time.Time) {
	for k, g := range s.codes {
		if now.After(g.expires) {
			delete(s.codes, k)
		}
	}
	for k, t := range s.tokens {
		if now.After(t.expires) {
			delete(s.tokens, k)
		}
	}
	for k, p := range s.pending {
		if now.After(p.expires) {
			delete(s.pending, k)
		}
	}
}
