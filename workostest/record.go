package workostest

// Bounds that keep a long-running dev-mode emulator small.
const (
	maxTokenRequests = 10000  // the oldest are forgotten
	maxCallEndpoints = 1000   // paths beyond this many are not counted
	maxEvents        = 100000 // the oldest recorded events are forgotten
)

// TokenRequest is what an app sent to POST /sso/token, as the emulator saw
// it. It reports whether secrets were present and matched, never their
// values.
type TokenRequest struct {
	// ContentType is the media type of the body, such as
	// "application/x-www-form-urlencoded" or "application/json".
	ContentType string
	// ClientID is the client_id sent.
	ClientID string
	// GrantType is the grant_type sent.
	GrantType string
	// CodeSent reports whether a code was sent.
	CodeSent bool
	// ClientSecretSent reports whether a client_secret was sent.
	ClientSecretSent bool
	// ClientSecretMatched reports whether the client_secret was the API key.
	ClientSecretMatched bool
	// CodeVerifierSent reports whether a PKCE code_verifier was sent.
	CodeVerifierSent bool
	// AuthorizationSent reports whether an Authorization header was sent.
	AuthorizationSent bool
	// Status is the HTTP status of the answer, or 0 when the request got
	// none (a Hang fault, or the client gave up during a Delay).
	Status int
	// Error is the OAuth error code of a refusal ("invalid_grant"...), ""
	// on success or for an injected fault.
	Error string
}

// Calls reports how many requests an endpoint got, including those answered
// by a fault. endpoint is a path, such as "/sso/token", "/organizations",
// "/connections" or "/sso/authorize"; "/organizations/{id}" and
// "/connections/{id}" count the requests for single objects.
func (s *Server) Calls(endpoint string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[endpoint]
}

// TokenRequests returns the requests to /sso/token in the order they came,
// including those answered by a fault.
func (s *Server) TokenRequests() []TokenRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]TokenRequest, len(s.tokenReqs))
	for i, r := range s.tokenReqs {
		out[i] = *r
	}
	return out
}

func (s *Server) countCall(endpoint string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, seen := s.calls[endpoint]; seen || len(s.calls) < maxCallEndpoints {
		s.calls[endpoint]++
	}
}

// recordTokenRequest stores req; finishTokenRequest completes it.
func (s *Server) recordTokenRequest(req TokenRequest) *TokenRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.tokenReqs) >= maxTokenRequests {
		s.tokenReqs = append(s.tokenReqs[:0:0], s.tokenReqs[len(s.tokenReqs)-maxTokenRequests+1:]...)
	}
	s.tokenReqs = append(s.tokenReqs, &req)
	return &req
}

// finishTokenRequest stores the outcome of a recorded request.
func (s *Server) finishTokenRequest(req *TokenRequest, status int, errCode string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	req.Status = status
	req.Error = errCode
}
