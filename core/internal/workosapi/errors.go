package workosapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Sentinel errors. Errors returned by this package wrap them; test with
// errors.Is.
var (
	// ErrTimeout means WorkOS did not answer in time (the call's Timeout,
	// the caller's deadline, or a transport timeout). Errors matching it
	// also match context.DeadlineExceeded.
	ErrTimeout = errors.New("WorkOS did not answer in time")
	// ErrUnavailable means the request failed in transport: connection
	// refused or reset, DNS failure, TLS failure.
	ErrUnavailable = errors.New("WorkOS unreachable")
	// ErrBadResponse means WorkOS answered 2xx but the body is not what the
	// API promises (not JSON, wrong types, missing required fields, too
	// large).
	ErrBadResponse = errors.New("unexpected response from WorkOS")
	// ErrInvalidArgument means a Config or call argument was rejected
	// before any request was sent.
	ErrInvalidArgument = errors.New("invalid argument")
)

// APIError reports that WorkOS answered with a non-2xx status. Its fields
// hold only what WorkOS said (sanitised, bounded, with our secrets
// redacted), so it is safe to log.
type APIError struct {
	// Op is the operation: "token", "organizations" or "connections".
	Op string
	// StatusCode is the HTTP status.
	StatusCode int
	// Code is WorkOS's "error" (or "code") field, e.g. invalid_grant or
	// invalid_client; "" when the body carried only a message or was not
	// parseable.
	Code string
	// Description is WorkOS's "error_description" or "message".
	Description string
	// RequestID is the X-Request-ID response header, if any.
	RequestID string
	// RetryAfter is the wait WorkOS asked for in Retry-After, or 0.
	RetryAfter time.Duration

	selection *OrganizationSelection // organization_selection_required
}

// Error describes the failure without any secret.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "workosapi: %s: WorkOS answered %d", e.Op, e.StatusCode)
	if e.Code != "" {
		b.WriteString(" ")
		b.WriteString(e.Code)
	}
	if e.Description != "" {
		b.WriteString(": ")
		b.WriteString(e.Description)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	return b.String()
}

// Temporary reports whether the status is 429 or 5xx, i.e. whether the same
// request may succeed later.
func (e *APIError) Temporary() bool {
	return e.StatusCode == http.StatusTooManyRequests || (e.StatusCode >= 500 && e.StatusCode <= 599)
}

// timeoutError is returned when WorkOS did not answer in time. It matches
// both ErrTimeout and context.DeadlineExceeded, and unwraps to the
// underlying cause (a transport error, or the last APIError when a retry
// wait was cut short).
type timeoutError struct {
	op    string
	cause error
}

// Error describes the timeout and its cause.
func (e *timeoutError) Error() string {
	if e.cause == nil {
		return fmt.Sprintf("workosapi: %s: %s", e.op, ErrTimeout)
	}
	return fmt.Sprintf("workosapi: %s: %s: %v", e.op, ErrTimeout, e.cause)
}

// Is matches ErrTimeout and context.DeadlineExceeded.
func (e *timeoutError) Is(target error) bool {
	return target == ErrTimeout || target == context.DeadlineExceeded
}

// Unwrap returns the underlying cause.
func (e *timeoutError) Unwrap() error { return e.cause }

// invalidArgument builds an ErrInvalidArgument error. msg must not contain
// secrets.
func invalidArgument(msg string) error {
	return fmt.Errorf("workosapi: %w: %s", ErrInvalidArgument, msg)
}

// newAPIError builds the APIError for a non-2xx answer. secrets are redacted
// from WorkOS's text in case it echoes anything we sent.
func newAPIError(op string, resp *http.Response, body []byte, now time.Time, secrets ...string) *APIError {
	code, desc := parseErrorBody(body)
	e := &APIError{
		Op:          op,
		StatusCode:  resp.StatusCode,
		Code:        sanitizeCode(redact(code, secrets...)),
		Description: sanitizeText(redact(desc, secrets...), maxDescriptionBytes),
		RequestID:   sanitizeCode(resp.Header.Get("X-Request-ID")),
		RetryAfter:  parseRetryAfter(resp.Header.Get("Retry-After"), now),
	}
	if e.Code == "organization_selection_required" {
		e.selection = decodeOrganizationSelection(body)
	}
	return e
}

// Bounds on the WorkOS-provided text kept in an APIError.
const (
	maxDescriptionBytes = 512
	maxCodeBytes        = 128
	// minRedactLen avoids mangling text when a "secret" is trivially short.
	minRedactLen = 6
)

// redactedMarker shows whether a secret is set without showing it.
func redactedMarker(s string) string {
	if s == "" {
		return `""`
	}
	return "[redacted]"
}

// redact replaces every occurrence of each secret in s.
func redact(s string, secrets ...string) string {
	for _, sec := range secrets {
		if len(sec) >= minRedactLen && strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, "[redacted]")
		}
	}
	return s
}

// sanitizeCode keeps an identifier-like value (error codes, request IDs):
// ASCII letters, digits and "-_.:/", at most maxCodeBytes. Anything else
// yields "".
func sanitizeCode(s string) string {
	if len(s) > maxCodeBytes {
		return ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '-' || c == '_' || c == '.' || c == ':' || c == '/':
		default:
			return ""
		}
	}
	return s
}

// sanitizeText makes WorkOS's free text safe to print on one line: valid
// UTF-8, control characters replaced by spaces, at most max bytes (cut on a
// rune boundary, marked with "...").
func sanitizeText(s string, max int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

// isRuneStart reports whether b begins a UTF-8 sequence.
func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
