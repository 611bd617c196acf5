package core

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/ssokit/workosauth/core/internal/workosapi"
	"github.com/ssokit/workosauth/core/store"
)

// Error is a failure or a refusal with an answer for the user: an HTTP
// status, a short machine code (used as ?error=CODE on the sign-in page)
// and plain words. It is the one refusal type: a guard refuses a request
// with one (an OnDenied handler reads it with [RefusalFrom]),
// Config.SignIn.OnSignIn refuses a sign-in with one, and the auth routes answer
// every failure with one. Callers branch on Code (the Code constants) or
// Status, with errors.As.
type Error struct {
	// Status is the HTTP status of the answer: 4xx for what the client
	// sent, 502 or 504 when WorkOS failed. A guard refuses with 401 (no
	// session, or RequireRecentSignIn not met), 403 (a requirement not
	// met) or 503 (the session could not be checked: the session store
	// is unavailable).
	Status int
	// Code is a stable machine code, e.g. [CodeForbidden],
	// "state_mismatch", "workos_unavailable".
	Code string
	// Message is what the user is told, in plain words.
	Message string
	// SignInURL is, for a guard's refusal, the sign-in page that returns
	// to the refused request; for a refused organization switch, the
	// sign-in to that organization when it requires one first (its
	// single sign-on, or an MFA enrolment: codes "sso_required" and
	// "mfa_enrollment"); empty otherwise.
	SignInURL string
	// Err is the underlying cause, if any; it is never shown to the user.
	Err error

	bearer bool   // a guard's refusal of a request signed in with a Bearer token: never redirected, never a page
	email  string // a guard's 403: who is signed in, for the refusal page
}

// The codes of a guard's refusals, which OnDenied handlers branch on.
const (
	// CodeUnauthenticated (401): the request has no valid session.
	CodeUnauthenticated = "unauthenticated"
	// CodeReauthenticationRequired (401): the session signed in longer
	// ago than RequireRecentSignIn allows.
	CodeReauthenticationRequired = "reauthentication_required"
	// CodeForbidden (403): the session does not meet a requirement
	// (RequireRole, RequireOrganization, Require, ...).
	CodeForbidden = "forbidden"
	// CodeSessionUnavailable (503): the session could not be checked just
	// now (the session store is unavailable): neither signed in nor out.
	CodeSessionUnavailable = "session_unavailable"
	// CodeInvalidToken (401): a Bearer access token ([AcceptBearer]) that
	// does not verify.
	CodeInvalidToken = "invalid_token"
)

// CodeNotAMember (403) refuses an organization switch (the adapters'
// SwitchOrganization) to an organization the user is not a member of;
// the session stays where it was. A switch the organization wants a
// sign-in for first is refused with a SignInURL to send the user to.
const CodeNotAMember = "not_a_member"

// Error implements error.
func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("workosauth: %s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("workosauth: %s: %s", e.Code, e.Message)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// errBadResponse: WorkOS answered, but not what its API promises.
var errBadResponse = workosapi.ErrBadResponse

// Typed errors of the WorkOS client, re-exported so that callers can branch
// on them with errors.As and errors.Is.
type (
	// APIError is an error answer from WorkOS: its status, its "error"
	// code (invalid_grant, invalid_client, ...) and description.
	APIError = workosapi.APIError
)

var (
	// ErrTimeout: WorkOS did not answer within Config.Timeout.
	ErrTimeout = workosapi.ErrTimeout
	// ErrUnavailable: WorkOS could not be reached.
	ErrUnavailable = workosapi.ErrUnavailable
)

// Sentinel errors of configuration and input.
var (
	// ErrConfig is wrapped by every error New returns for a bad Config.
	ErrConfig = errors.New("workosauth: invalid configuration")
	// ErrStoreUnavailable is wrapped by the errors of a session store,
	// revocation feed or event log that could not answer in time (Redis
	// down or slow): a session that could not be checked, which is
	// neither signed in nor signed out (guards answer 503), or a
	// revocation applied in this process but not shared yet
	// ([Auth.RevokeSession] while Redis is down; the store keeps trying).
	// It is store.ErrUnavailable, which stores wrap.
	ErrStoreUnavailable = store.ErrUnavailable
)

// ErrNoSSO says that an email domain has no single sign-on set up: a
// [Resolver] returns it, wrapped, for a domain it knows has none, and the
// sign-in answers 404 "no_sso" (with AuthKit: AuthKit's hosted page, the
// email as a hint).
var ErrNoSSO = errors.New("workosauth: no single sign-on is set up for this domain")

// noSSOError is ErrNoSSO for one domain, as the sign-in words it.
type noSSOError struct{ domain string }

func (e *noSSOError) Error() string { return "no single sign-on is set up for " + e.domain }
func (e *noSSOError) Unwrap() error { return ErrNoSSO }

// formError answers a body that could not be read as a form.
func formError(err error) *Error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &Error{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Message: "The form is too large.", Err: err}
	}
	return &Error{Status: http.StatusBadRequest, Code: "bad_request", Message: "The form could not be read.", Err: err}
}

func userError(status int, code, msg string) *Error {
	return &Error{Status: status, Code: code, Message: msg}
}

// workosError turns a failure of a call to WorkOS into an answer: 504 when
// WorkOS did not answer in time, 502 when it failed, and 400 for a refused
// code (invalid_grant), which is the client's doing.
func workosError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var api *APIError
	switch {
	case errors.Is(err, ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return &Error{Status: http.StatusGatewayTimeout, Code: "workos_timeout", Message: "WorkOS did not answer in time. Please try again.", Err: err}
	case errors.As(err, &api) && api.Code == "invalid_grant":
		return &Error{Status: http.StatusBadRequest, Code: "invalid_grant", Message: "This sign-in link has expired or was already used. Please sign in again.", Err: err}
	case errors.As(err, &api) && api.Code == "invalid_client":
		return &Error{Status: http.StatusBadGateway, Code: "invalid_client", Message: "WorkOS refused this app's credentials; the app's configuration needs fixing.", Err: err}
	case errors.Is(err, context.Canceled):
		return &Error{Status: http.StatusRequestTimeout, Code: "canceled", Message: "The request was canceled.", Err: err}
	default:
		return &Error{Status: http.StatusBadGateway, Code: "workos_unavailable", Message: "WorkOS could not complete the sign-in. Please try again.", Err: err}
	}
}

// asError turns any error into an *Error (a 4xx/5xx answer), 502 for the
// unknown ones since every unknown failure in core comes from WorkOS.
func asError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	if errors.Is(err, ErrNoSSO) {
		domain := "this domain"
		if nosso, ok := errors.AsType[*noSSOError](err); ok {
			domain = nosso.domain
		}
		return &Error{Status: http.StatusNotFound, Code: "no_sso", Message: "No single sign-on is set up for " + domain + ". Check the email address, or ask your administrator.", Err: err}
	}
	return workosError(err)
}
