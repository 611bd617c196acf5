package workostest

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
)

// apiBody is the JSON object of an API request's body.
type apiBody map[string]json.RawMessage

// readAPIBody reads a JSON object body of at most maxRequestBodyBytes. It
// returns a validation message when the body is not one.
func readAPIBody(w http.ResponseWriter, r *http.Request) (apiBody, string) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return nil, "the body must be JSON (Content-Type: application/json)"
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBodyBytes))
	if err != nil {
		return nil, "the body could not be read, or is too large"
	}
	return decodeAPIBody(raw)
}

// decodeAPIBody decodes a JSON object.
func decodeAPIBody(raw []byte) (apiBody, string) {
	var b apiBody
	if err := json.Unmarshal(raw, &b); err != nil || b == nil {
		return nil, "the body must be a JSON object"
	}
	return b, ""
}

// str returns the string field name; "" when absent, null or not a
// string.
func (b apiBody) str(name string) string {
	var s string
	if json.Unmarshal(b[name], &s) != nil {
		return ""
	}
	return s
}

// roles reads role_slug or role_slugs (at most one of them): the primary
// role and all of them. With neither, the primary role is def ("" for
// none) and no message.
func (b apiBody) roles(def string) (role string, roles []string, msg string) {
	_, hasOne := b["role_slug"]
	_, hasMany := b["role_slugs"]
	switch {
	case hasOne && hasMany:
		return "", nil, "role_slug and role_slugs cannot be used together"
	case hasOne:
		role = b.str("role_slug")
		if role == "" {
			return "", nil, "role_slug must be a non-empty string"
		}
		return role, []string{role}, ""
	case hasMany:
		if json.Unmarshal(b["role_slugs"], &roles) != nil || len(roles) == 0 {
			return "", nil, "role_slugs must be a non-empty array of strings"
		}
		for _, r := range roles {
			if r == "" {
				return "", nil, "role_slugs must be a non-empty array of strings"
			}
		}
		return roles[0], roles, ""
	case def != "":
		return def, []string{def}, ""
	}
	return "", nil, ""
}
