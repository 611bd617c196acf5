package workostest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// The emulator's own endpoints, under /_emulator/ (not WorkOS paths), for
// tests in any language:
//
//	GET    /_emulator/health                  200 {"status":"ok"}; always served, no key
//
// and, with Options.AdminAPI, with the API key as a Bearer token:
//
//	POST   /_emulator/faults                  InjectFault: {"endpoint", "status", "body", "content_type", "retry_after", "delay_ms", "hang", "times"}
//	DELETE /_emulator/faults                  ClearFaults
//	POST   /_emulator/directory_users/delete  DeleteDirectoryUser: {"user": ID or email}
//	POST   /_emulator/users/delete            DeleteUser: {"user": ID or email}
//	POST   /_emulator/roles                   SetRolePermissions: {"slug", "permissions"}
//
// The helpers answer 200 with the event they recorded (delivered to the
// webhook endpoints before the answer) or 404 {"message"} for an unknown
// user; a bad body gets 422.

// adminPrefix is the path prefix of the emulator's own endpoints.
const adminPrefix = "/_emulator/"

// adminFault is the JSON of a Fault.
type adminFault struct {
	Endpoint    string `json:"endpoint"`
	Status      int    `json:"status"`
	Body        string `json:"body"`
	ContentType string `json:"content_type"`
	RetryAfter  string `json:"retry_after"`
	DelayMS     int64  `json:"delay_ms"`
	Hang        bool   `json:"hang"`
	Times       int    `json:"times"`
}

// decodeAdminFault decodes and checks the body of POST /_emulator/faults.
func decodeAdminFault(raw []byte) (string, Fault, error) {
	var af adminFault
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&af); err != nil {
		return "", Fault{}, fmt.Errorf("the body must be a fault object: %w", err)
	}
	if af.DelayMS < 0 || af.DelayMS > int64(time.Hour/time.Millisecond) {
		return "", Fault{}, fmt.Errorf("delay_ms must be from 0 to 3600000")
	}
	f := Fault{Status: af.Status, Body: af.Body, ContentType: af.ContentType, RetryAfter: af.RetryAfter,
		Delay: time.Duration(af.DelayMS) * time.Millisecond, Hang: af.Hang, Times: af.Times}
	return af.Endpoint, f, checkFault(af.Endpoint, f)
}

// serveAdmin answers a request under /_emulator/.
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == adminPrefix+"health" && r.Method == http.MethodGet {
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok"})
		return
	}
	if !s.adminAPI {
		notFound(w, r)
		return
	}
	if !s.authorizeAPI(w, r) {
		return
	}
	action := strings.TrimPrefix(r.URL.Path, adminPrefix)
	if action == "faults" && r.Method == http.MethodDelete {
		s.ClearFaults()
		writeJSON(w, http.StatusOK, map[string]any{"cleared": true})
		return
	}
	if r.Method != http.MethodPost {
		notFound(w, r)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxRequestBodyBytes)
	var raw json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&raw); err != nil {
		writeValidationError(w, "the body must be JSON")
		return
	}
	switch action {
	case "faults":
		endpoint, f, err := decodeAdminFault(raw)
		if err != nil {
			writeValidationError(w, err.Error())
			return
		}
		s.InjectFault(endpoint, f)
		writeJSON(w, http.StatusOK, map[string]any{"endpoint": endpoint})
	case "directory_users/delete", "users/delete", "roles":
		s.adminHelper(w, action, raw)
	default:
		notFound(w, r)
	}
}

// adminHelper runs a Go helper for the admin API.
func (s *Server) adminHelper(w http.ResponseWriter, action string, raw json.RawMessage) {
	var in struct {
		User        string   `json:"user"`
		Slug        string   `json:"slug"`
		Permissions []string `json:"permissions"`
	}
	if err := json.Unmarshal(raw, &in); err != nil {
		writeValidationError(w, "the body must be a JSON object of strings")
		return
	}
	var e Event
	var err error
	switch action {
	case "directory_users/delete":
		e, err = s.DeleteDirectoryUser(in.User)
	case "users/delete":
		e, err = s.DeleteUser(in.User)
	default:
		if in.Slug == "" {
			writeValidationError(w, "slug is required")
			return
		}
		e, err = s.SetRolePermissions(in.Slug, in.Permissions...)
	}
	if e.ID == "" {
		writeMessage(w, http.StatusNotFound, strings.TrimPrefix(err.Error(), "workostest: "))
		return
	}
	// A failed delivery is the webhook endpoint's problem: the change is
	// made and the event recorded either way.
	writeJSON(w, http.StatusOK, e)
}
