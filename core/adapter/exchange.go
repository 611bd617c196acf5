package adapter

import (
	"context"
	"net/http"

	"github.com/ssokit/workosauth/internal/seam"
)

// Exchange is one HTTP request and its answer, as core sees them. Each
// adapter implements it over its router's request type in a few dozen
// lines; core never touches a router directly.
//
// Values returned by an Exchange need only live while core's call runs:
// core copies whatever it keeps. So an adapter may hand out views of its
// router's buffers (workosfiber does, for fasthttp's) as long as they do
// not change during the call.
type Exchange interface {
	// Context is the request's context.
	Context() context.Context
	// Method is the request method, upper case.
	Method() string
	// Host is the Host header (host[:port]) as the client sent it. Never
	// X-Forwarded-Host: core believes forwarded headers only from
	// core.Config.Cookies.TrustedProxies, which it checks against RemoteAddr.
	Host() string
	// Path is the request path, unescaped.
	Path() string
	// RequestURI is the path and query as sent (escaped), e.g. "/a?b=c".
	RequestURI() string
	// Values returns the values of a parameter from the query and, for a
	// POST of a form, from the body, body values first. Adapters bound
	// the body they read ([MaxFormBytes]).
	Values(name string) []string
	// FormError reports a body that could not be read as a form: one over
	// MaxFormBytes (an *http.MaxBytesError: core answers 413) or
	// malformed (400). Nil otherwise, and for requests that carry no form.
	FormError() error
	// Body reads the raw request body, at most limit bytes: more is an
	// *http.MaxBytesError (core answers 413). Only the webhook route
	// calls it, and only once per request; a body already read as a form
	// is not read again.
	Body(limit int64) ([]byte, error)
	// Header returns the first value of a request header.
	Header(name string) string
	// Cookie returns a request cookie's value. It is called on every
	// guarded request: it should not allocate.
	Cookie(name string) (string, bool)
	// CookieNames returns the names of the request's cookies that start
	// with prefix.
	CookieNames(prefix string) []string
	// RemoteAddr is the TCP peer's address, ip:port (never a forwarded
	// address).
	RemoteAddr() string

	// SetCookie adds a Set-Cookie header to the answer: exactly what
	// net/http writes for c (c.String()), several of one name included.
	SetCookie(c *http.Cookie)
	// SetHeader sets a header of the answer.
	SetHeader(name, value string)
	// Write sends the status, a Content-Type (none when empty, and then
	// none added by the router) with X-Content-Type-Options: nosniff,
	// and the body (not for HEAD). Core calls it once per request, last.
	Write(status int, contentType string, body []byte)
}

// Every Exchange is core's own view of one (a test holds the method sets
// identical).
var _ seam.Exchange = Exchange(nil)

// The limits of what adapters read of a request body.
const (
	// MaxFormBytes is the most of a request body an adapter reads for form
	// values (Exchange.Values). A sign-in or sign-out form is tiny; a
	// larger body is a FormError (*http.MaxBytesError), which core
	// answers with 413.
	MaxFormBytes = 64 << 10
	// MaxWebhookBytes is the most of a webhook delivery core reads
	// (Exchange.Body's limit); a larger one gets 413. WorkOS's events are
	// a few kilobytes.
	MaxWebhookBytes = 1 << 20
)
