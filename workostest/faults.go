package workostest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Fault replaces or holds up the emulator's answer on one endpoint, for
// tests of an app's error handling.
//
// A Fault answers Status with Body. Status 0 with a Body, ContentType or
// RetryAfter answers 200 (a malformed success, say). A Fault with only a
// Delay answers normally after the delay. Hang holds the request until the
// client gives up or the server closes, and ignores the other fields.
type Fault struct {
	// Status is the HTTP status to answer (200 to 599), such as 500, 502
	// or 429.
	Status int
	// Body is the answer's body; {"message":"<status text>"} when empty and
	// Status is 400 or more.
	Body string
	// ContentType is the answer's Content-Type; application/json when the
	// body is JSON, else text/plain.
	ContentType string
	// RetryAfter is the Retry-After header, such as "2", for 429 and 503.
	RetryAfter string
	// Delay holds the request before answering (or before the normal
	// answer when Status and Body are unset).
	Delay time.Duration
	// Hang holds the request until the client gives up or the server
	// closes; it gets no answer.
	Hang bool
	// Times is how many requests the fault applies to; 0 means until
	// ClearFaults.
	Times int
}

// faultEntry is a queued Fault and how many more requests it applies to.
type faultEntry struct {
	fault     Fault
	remaining int // 0: unlimited
}

// InjectFault makes endpoint ("/sso/token", "/organizations",
// "/connections", "/sso/authorize", "/sso/profile", "/sso/authorize/complete",
// "/organizations/{id}", "/connections/{id}", "/events", and for AuthKit
// "/user_management/authenticate", "/user_management/authorize",
// "/sso/jwks/{client_id}", "/user_management/sessions/logout",
// "/user_management/users/{id}", "/user_management/users/{id}/sessions",
// "/user_management/sessions/revoke",
// "/user_management/organization_memberships" and its "/{id}" and
// "/{id}/{action}", and for Directory Sync "/directories",
// "/directory_users", "/directory_groups" and their "/{id}") answer
// with f. Faults on one endpoint queue up: each applies until its Times
// are used up, then the next one does; a fault with Times 0 stays until
// ClearFaults. It panics on an endpoint that is not a path or on a fault
// that does nothing.
func (s *Server) InjectFault(endpoint string, f Fault) {
	if err := checkFault(endpoint, f); err != nil {
		panic("workostest: InjectFault: " + err.Error())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[endpoint] = append(s.faults[endpoint], &faultEntry{fault: f, remaining: f.Times})
}

// checkFault reports what is wrong with a fault for endpoint.
func checkFault(endpoint string, f Fault) error {
	switch {
	case !strings.HasPrefix(endpoint, "/"):
		return fmt.Errorf("endpoint %q is not a path", endpoint)
	case f.Times < 0 || f.Status < 0 || f.Delay < 0 || (f.Status != 0 && (f.Status < 200 || f.Status > 599)):
		return fmt.Errorf("invalid fault %+v", f)
	case f == (Fault{Times: f.Times}):
		return fmt.Errorf("the fault sets no Status, Body, Delay or Hang")
	}
	return nil
}

// ClearFaults removes every injected fault. Requests already held by a fault
// stay held.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.faults)
}

// takeFault returns the fault for the next request to endpoint, counting it.
func (s *Server) takeFault(endpoint string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	queue := s.faults[endpoint]
	if len(queue) == 0 {
		return Fault{}, false
	}
	e := queue[0]
	if e.remaining > 0 {
		e.remaining--
		if e.remaining == 0 {
			s.faults[endpoint] = queue[1:]
		}
	}
	return e.fault, true
}

// applyFault applies the next fault of endpoint to a request. It reports
// whether the request has been dealt with; false lets the normal answer go
// on.
func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, endpoint string) bool {
	f, ok := s.takeFault(endpoint)
	if !ok {
		return false
	}
	if f.Hang {
		s.hold(r, nil)
		return true
	}
	if f.Delay > 0 {
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		if !s.hold(r, t.C) {
			return true
		}
	}
	if f.Status == 0 && f.Body == "" && f.ContentType == "" && f.RetryAfter == "" {
		return false // a pure delay
	}
	writeFault(w, f)
	return true
}

// hold blocks until until fires (true), the client gives up (false) or the
// server closes, which aborts the request with no answer.
func (s *Server) hold(r *http.Request, until <-chan time.Time) bool {
	select {
	case <-until:
		return true
	case <-r.Context().Done():
		return false
	case <-s.done:
		panic(http.ErrAbortHandler) // net/http drops the connection quietly
	}
}

// writeFault answers a fault.
func writeFault(w http.ResponseWriter, f Fault) {
	status, body := f.Status, f.Body
	if status == 0 {
		status = http.StatusOK
	}
	if body == "" && status >= 400 {
		msg, _ := json.Marshal(map[string]string{"message": http.StatusText(status)})
		body = string(msg)
	}
	h := w.Header()
	switch {
	case f.ContentType != "":
		h.Set("Content-Type", f.ContentType)
	case body != "" && json.Valid([]byte(body)):
		h.Set("Content-Type", "application/json; charset=utf-8")
	case body != "":
		h.Set("Content-Type", "text/plain; charset=utf-8")
	}
	if f.RetryAfter != "" {
		h.Set("Retry-After", f.RetryAfter)
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}
