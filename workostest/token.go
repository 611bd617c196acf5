package workostest

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
)

// token answers POST /sso/token, the code exchange. It records the request
// (see TokenRequests), then applies any fault, then checks, in order: the
// body, the client ID, the grant type, the client secret, the code
// (unknown, used or expired), PKCE.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	form, mediaType, formErr := readTokenForm(r)
	rec := s.recordTokenRequest(TokenRequest{
		ContentType:         mediaType,
		ClientID:            form.Get("client_id"),
		GrantType:           form.Get("grant_type"),
		CodeSent:            form.Get("code") != "",
		ClientSecretSent:    form.Get("client_secret") != "",
		ClientSecretMatched: secretEqual(form.Get("client_secret"), s.apiKey),
		CodeVerifierSent:    form.Get("code_verifier") != "",
		AuthorizationSent:   r.Header.Get("Authorization") != "",
	})
	sw := &statusWriter{ResponseWriter: w}
	var errCode string
	defer func() { s.finishTokenRequest(rec, sw.status, errCode) }()
	fail := func(code, description string) {
		errCode = code
		writeOAuthError(sw, code, description)
	}

	if s.applyFault(sw, r, endpointToken) {
		return
	}
	if formErr != nil {
		fail("invalid_request", formErr.Error())
		return
	}
	switch id := form.Get("client_id"); {
	case id == "":
		fail("invalid_client", "The client_id parameter is missing.")
		return
	case id != s.clientID:
		fail("invalid_client", "Invalid client ID.")
		return
	}
	if gt := form.Get("grant_type"); gt != "authorization_code" {
		fail("unsupported_grant_type", fmt.Sprintf("The grant_type %q is not supported: use authorization_code.", gt))
		return
	}
	secret := form.Get("client_secret")
	if secret != "" && !secretEqual(secret, s.apiKey) {
		fail("invalid_client", "Invalid client secret.")
		return
	}

	now := s.now()
	s.mu.Lock()
	g := s.codes[form.Get("code")]
	if secret == "" && (g == nil || g.challenge == "") {
		s.mu.Unlock()
		fail("invalid_client", "The client_secret parameter is missing; only a PKCE authorization (code_challenge) may omit it.")
		return
	}
	if g == nil || g.used || now.After(g.expires) {
		s.mu.Unlock()
		fail("invalid_grant", "The code has expired or has already been used.")
		return
	}
	g.used = true // even when PKCE fails below: a code is tried once
	challenge, profile := g.challenge, g.profile
	s.mu.Unlock()

	verifier := form.Get("code_verifier")
	switch {
	case challenge != "" && !verifierMatches(verifier, challenge):
		fail("invalid_grant", "The code_verifier does not match the code_challenge.")
		return
	case challenge == "" && verifier != "":
		fail("invalid_grant", "A code_verifier was sent, but the authorization request had no code_challenge.")
		return
	}

	access := randomToken() + randomToken()
	s.mu.Lock()
	s.sweep(now)
	s.tokens[access] = &session{profile: profile, expires: now.Add(accessTokenTTL)}
	s.mu.Unlock()
	sw.Header().Set("Cache-Control", "no-store")
	writeJSON(sw, http.StatusOK, map[string]any{
		"token_type":   "Bearer",
		"access_token": access,
		"expires_in":   int(accessTokenTTL.Seconds()),
		"profile":      profile,
	})
}

// readTokenForm reads the body of a code exchange, a form or a JSON object
// of strings. It returns the media type it saw.
func readTokenForm(r *http.Request) (url.Values, string, error) {
	ct := r.Header.Get("Content-Type")
	mediaType, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mediaType = ct
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBodyBytes+1))
	switch {
	case err != nil:
		return url.Values{}, mediaType, apiMessage("The request body could not be read.")
	case len(body) > maxRequestBodyBytes:
		return url.Values{}, mediaType, apiMessage("The request body is too large.")
	}
	switch mediaType {
	case "application/x-www-form-urlencoded":
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return url.Values{}, mediaType, apiMessage("The form body is malformed.")
		}
		return form, mediaType, nil
	case "application/json":
		var fields map[string]any
		if err := json.Unmarshal(body, &fields); err != nil {
			return url.Values{}, mediaType, apiMessage("The JSON body is malformed.")
		}
		form := url.Values{}
		for k, v := range fields {
			switch v := v.(type) {
			case string:
				form.Set(k, v)
			case nil:
			default:
				return url.Values{}, mediaType, apiMessage("The " + k + " field must be a string.")
			}
		}
		return form, mediaType, nil
	default:
		return url.Values{}, mediaType, apiMessage("The Content-Type must be application/x-www-form-urlencoded or application/json.")
	}
}

// apiMessage is an error whose words are the API's own answer (a
// sentence, as WorkOS writes its error descriptions).
type apiMessage string

func (m apiMessage) Error() string { return string(m) }

// verifierMatches reports whether the S256 of a well-formed code verifier
// (RFC 7636: 43 to 128 unreserved characters) is the challenge.
func verifierMatches(verifier, challenge string) bool {
	if len(verifier) < 43 || len(verifier) > 128 {
		return false
	}
	for _, c := range verifier {
		unreserved := c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~'
		if !unreserved {
			return false
		}
	}
	sum := sha256.Sum256([]byte(verifier))
	return secretEqual(base64.RawURLEncoding.EncodeToString(sum[:]), challenge)
}

// statusWriter remembers the status of an answer.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter {
	return w.ResponseWriter
}
