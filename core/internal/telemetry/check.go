package telemetry

import (
	"strings"
	"sync"
)

// knownCodes are core's machine codes (an *Error's Code, a Denial's, a
// webhook answer's) and the identity providers' and WorkOS's error codes
// core passes on: the values error.type may take besides HTTP statuses
// and "_OTHER". A code from a request (the callback's error parameter) is
// recorded only when it is one of these.
var knownCodes = setOf(
	// sign-in: the start, the callback, the identity provider, WorkOS
	"access_denied", "signin_consent_denied", "connection_invalid", "organization_invalid",
	"invalid_connection_selector", "ambiguous_connection_selector", "connection_strategy_invalid",
	"connection_unlinked", "profile_not_allowed_outside_organization", "oauth_failed", "server_error",
	"state_mismatch", "missing_state", "flow_expired", "missing_code", "invalid_grant", "invalid_client",
	"signin_refused", "organization_mismatch", "connection_mismatch", "too_many_lookups", "bad_request",
	"sign_in_failed", "session_too_large", "session_unavailable", "session_failed", "workos_timeout",
	"workos_unavailable", "canceled", "no_sso", "ambiguous_domain", "invalid_email", "invalid_domain",
	"lookup_failed", "seal_failed", "page_failed", "organization_selection_required", "too_large",
	"method_not_allowed", "cross_site", "not_found", "selection_expired", "signout_unavailable",
	// AuthKit: an organization switch WorkOS refuses
	"not_a_member", "sso_required", "mfa_enrollment", "mfa_challenge", "email_verification_required",
	// the guard
	"unauthenticated", "reauthentication_required", "invalid_token", "forbidden",
	// webhook deliveries
	"unreadable_body", "bad_signature_header", "signature_expired", "bad_signature", "bad_event", "try_again",
)

func setOf(vs ...string) map[string]bool {
	m := make(map[string]bool, len(vs))
	for _, v := range vs {
		m[v] = true
	}
	return m
}

// code is the error.type of core's machine code: itself when known,
// "_OTHER" otherwise.
func code(c string) string {
	if knownCodes[c] {
		return c
	}
	return other
}

// isCode reports whether s looks like a machine code: 1 to 64 of a-z and
// _, as core's errorCodeRE says.
func isCode(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 'a' || c > 'z') && c != '_' {
			return false
		}
	}
	return true
}

// isEventType reports whether s looks like a WorkOS event type: dotted
// words of a-z, 0-9 and _ ("dsync.group.user_added"), at most 64 bytes.
func isEventType(s string) bool {
	if len(s) == 0 || len(s) > 64 || s[0] == '.' || s[len(s)-1] == '.' {
		return false
	}
	dots := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.':
			if s[i-1] == '.' {
				return false
			}
			dots++
		case (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_':
			return false
		}
	}
	return dots > 0
}

// isID reports whether s is a WorkOS ID with one of the prefixes: the
// prefix, "_", then 1 to 64 ASCII letters and digits (no email address,
// token or cookie value is one).
func isID(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if len(s) > len(p)+1 && len(s) <= len(p)+65 && s[:len(p)] == p && s[len(p)] == '_' && alnum(s[len(p)+1:]) {
			return true
		}
	}
	return false
}

func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// isRequestID reports whether s may be recorded as WorkOS's X-Request-ID:
// 1 to 128 of letters, digits, '-', '_', '.' and ':'.
func isRequestID(s string) bool {
	if len(s) == 0 || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (c < '0' || c > '9') && c != '-' && c != '_' && c != '.' && c != ':' {
			return false
		}
	}
	return true
}

// capped keeps the first n distinct values of an open-ended attribute
// (an app's refusal codes, WorkOS's event types): past them a value
// becomes "_OTHER", so that the series stay few whatever comes.
type capped struct {
	mu   sync.Mutex
	seen map[string]bool
	n    int
}

func newCapped(n int) *capped { return &capped{seen: map[string]bool{}, n: n} }

// value is v when it was seen already or there is room for it, "_OTHER"
// otherwise.
func (c *capped) value(v string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen[v] {
		return v
	}
	if len(c.seen) >= c.n {
		return other
	}
	c.seen[strings.Clone(v)] = true // v may be a view of a request's buffer
	return v
}
