package workostest

import (
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strings"
)

// writeJSON answers v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil { // cannot happen: the emulator's values are checked at Start
		status, body = http.StatusInternalServerError, []byte(`{"message":"Internal Server Error"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}

// writeMessage answers WorkOS's API error shape {"message": ...}.
func writeMessage(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string]any{"message": message})
}

// writeOAuthError answers the /sso/token error shape.
func writeOAuthError(w http.ResponseWriter, code, description string) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusBadRequest, map[string]any{"error": code, "error_description": description})
}

// bearer returns the token of an "Authorization: Bearer <token>" header.
func bearer(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false
	}
	return token, true
}

// secretEqual compares secrets in constant time.
func secretEqual(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// authorizeAPI checks the API key of an API call and answers 401 when it is
// wrong.
func (s *Server) authorizeAPI(w http.ResponseWriter, r *http.Request) bool {
	if key, ok := bearer(r); ok && secretEqual(key, s.apiKey) {
		return true
	}
	writeMessage(w, http.StatusUnauthorized, "Unauthorized")
	return false
}
