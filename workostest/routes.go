package workostest

import (
	"net/http"
	"strings"
)

// Endpoint names, as Calls and InjectFault take them.
const (
	endpointAuthorize   = "/sso/authorize"
	endpointComplete    = "/sso/authorize/complete"
	endpointToken       = "/sso/token"
	endpointProfile     = "/sso/profile"
	endpointOrgs        = "/organizations"
	endpointOrg         = "/organizations/{id}"
	endpointConnections = "/connections"
	endpointConnection  = "/connections/{id}"
	endpointEvents      = "/events"
	maxRequestBodyBytes = 64 << 10
)

// serveHTTP counts the request, applies any injected fault, then answers.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Request-ID", "req_01"+randomToken()[:24])
	endpoint, h := s.route(r)
	s.countCall(endpoint)
	if endpoint == endpointToken && r.Method == http.MethodPost {
		s.token(w, r) // records the request before it applies faults
		return
	}
	if endpoint == endpointAuthenticate && r.Method == http.MethodPost {
		s.umAuthenticate(w, r) // reads the body before it applies faults
		return
	}
	if strings.HasPrefix(endpoint, adminPrefix) {
		h(w, r) // faults never apply to the emulator's own endpoints
		return
	}
	if s.applyFault(w, r, endpoint) {
		return
	}
	h(w, r)
}

// route returns the endpoint name of r (its path when unknown) and the
// handler for r's method on it.
func (s *Server) route(r *http.Request) (string, http.HandlerFunc) {
	p := r.URL.Path
	get, post := r.Method == http.MethodGet, r.Method == http.MethodPost
	put, del := r.Method == http.MethodPut, r.Method == http.MethodDelete
	switch {
	case p == endpointAuthorize:
		return p, ifMethod(get, s.authorize)
	case p == endpointComplete:
		return p, ifMethod(post, s.authorizeComplete)
	case p == endpointToken:
		return p, ifMethod(post, s.token)
	case p == endpointProfile:
		return p, ifMethod(get, s.profile)
	case p == endpointOrgs:
		return p, ifMethod(get, s.listOrganizations)
	case p == endpointConnections:
		return p, ifMethod(get, s.listConnections)
	case p == endpointEvents:
		return p, ifMethod(get, s.listEvents)
	case p == endpointUMAuthorize:
		return p, ifMethod(get, s.umAuthorize)
	case p == endpointUMComplete:
		return p, ifMethod(post, s.umComplete)
	case p == endpointAuthenticate:
		return p, ifMethod(post, s.umAuthenticate)
	case p == endpointLogout:
		return p, ifMethod(get, s.umLogout)
	case p == endpointMemberships:
		return p, ifMethod(get || post, s.umMemberships)
	case p == endpointRevokeSession:
		return p, ifMethod(post, s.umRevokeSession)
	case p == endpointDirectories:
		return p, ifMethod(get, s.listDirectories)
	case p == endpointDirectoryUsers:
		return p, ifMethod(get, s.listDirectoryUsers)
	case p == endpointDirectoryGroups:
		return p, ifMethod(get, s.listDirectoryGroups)
	}
	if strings.HasPrefix(p, adminPrefix) {
		return p, s.serveAdmin
	}
	if id, ok := oneSegment(p, "/sso/jwks/"); ok {
		return endpointJWKS, ifMethod(get, func(w http.ResponseWriter, r *http.Request) { s.umJWKS(w, r, id) })
	}
	if id, action, ok := twoSegments(p, "/user_management/organization_memberships/"); ok {
		return endpointMembershipActions, ifMethod(put, func(w http.ResponseWriter, r *http.Request) { s.umMembership(w, r, id, action) })
	}
	if id, ok := oneSegment(p, "/user_management/organization_memberships/"); ok {
		return endpointMembership, ifMethod(get || put || del, func(w http.ResponseWriter, r *http.Request) { s.umMembership(w, r, id, "") })
	}
	if id, rest, ok := twoSegments(p, "/user_management/users/"); ok && rest == "sessions" {
		return endpointUserSessions, ifMethod(get, func(w http.ResponseWriter, r *http.Request) { s.umListSessions(w, r, id) })
	}
	if id, ok := oneSegment(p, "/directories/"); ok {
		return endpointDirectory, ifMethod(get, func(w http.ResponseWriter, r *http.Request) { s.getDirectory(w, r, id) })
	}
	if id, ok := oneSegment(p, "/directory_users/"); ok {
		return endpointDirectoryUser, ifMethod(get, func(w http.ResponseWriter, r *http.Request) { s.getDirectoryUser(w, r, id) })
	}
	if id, ok := oneSegment(p, "/directory_groups/"); ok {
		return endpointDirectoryGroup, ifMethod(get, func(w http.ResponseWriter, r *http.Request) { s.getDirectoryGroup(w, r, id) })
	}
	if id, ok := oneSegment(p, "/user_management/users/"); ok {
		return endpointUser, ifMethod(get, func(w http.ResponseWriter, r *http.Request) { s.umUser(w, r, id) })
	}
	if id, ok := oneSegment(p, "/organizations/"); ok {
		return endpointOrg, ifMethod(get, func(w http.ResponseWriter, r *http.Request) { s.getOrganization(w, r, id) })
	}
	if id, ok := oneSegment(p, "/connections/"); ok {
		return endpointConnection, ifMethod(get, func(w http.ResponseWriter, r *http.Request) { s.getConnection(w, r, id) })
	}
	return p, notFound
}

func ifMethod(ok bool, h http.HandlerFunc) http.HandlerFunc {
	if ok {
		return h
	}
	return notFound
}

// oneSegment reports the rest of p after prefix when it is one non-empty
// path segment.
func oneSegment(p, prefix string) (string, bool) {
	rest, ok := strings.CutPrefix(p, prefix)
	if !ok || rest == "" || strings.Contains(rest, "/") {
		return "", false
	}
	return rest, true
}

// twoSegments reports the two non-empty path segments of p after prefix.
func twoSegments(p, prefix string) (string, string, bool) {
	rest, ok := strings.CutPrefix(p, prefix)
	first, second, two := strings.Cut(rest, "/")
	if !ok || !two || first == "" || second == "" || strings.Contains(second, "/") {
		return "", "", false
	}
	return first, second, true
}

func notFound(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusNotFound, map[string]any{"message": "Not Found"})
}
