package core

import (
	"context"
	"net/http"
)

// Exchange is one HTTP request and its answer, as core sees them. Each
// adapter implements it over its router's request type in a few dozen
// lines; core never touches a router directly.
//
// Values returned by an Exchange need only live while core's call runs:
// core copies whatever it keeps.
type Exchange interface {
	// Context is the request's context.
	Context() context.Context
	// Method is the request method, upper case.
	Method() string
	// Host is the Host header (host[:port]) as the client sent it.
	Host() string
	// Path is the request path, unescaped.
	Path() string
	// RequestURI is the path and query as sent (escaped), e.g. "/a?b=c".
	RequestURI() string
	// Values returns the values of a parameter from the query and, for a
	// POST of a form, from the body. Adapters bound the body they read
	// ([MaxFormBytes]).
	Values(name string) []string
	// FormError reports a body that could not be read as a form: one over
	// MaxFormBytes (core answers 413) or malformed (400). Nil otherwise,
	// and for requests that carry no form.
	FormError() error
	// Body reads the raw request body, at most limit bytes: more is an
	// *http.MaxBytesError (core answers 413). Only the webhook route
	// calls it, and only once per request; a body already read as a form
	// is not read again.
	Body(limit int64) ([]byte, error)
	// Header returns the first value of a request header.
	Header(name string) string
	// Cookie returns a request cookie's value.
	Cookie(name string) (string, bool)
	// CookieNames returns the names of the request's cookies that start
	// with prefix.
	CookieNames(prefix string) []string
	// RemoteAddr is the peer's address, ip:port.
	RemoteAddr() string

	// SetCookie adds a Set-Cookie header to the answer.
	SetCookie(c *http.Cookie)
	// SetHeader sets a header of the answer.
	SetHeader(name, value string)
	// Write sends the status, a Content-Type (none when empty) and body.
	Write(status int, contentType string, body []byte)
}

// MaxFormBytes is the most of a request body an adapter reads for form
// values. A sign-in or sign-out form is tiny; a larger body gets 413.
const MaxFormBytes = 64 << 10
