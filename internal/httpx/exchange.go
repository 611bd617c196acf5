// Package httpx implements adapter.Exchange over net/http, for the adapters
// whose routers speak net/http (workoshttp, workoschi, workosgin) and for
// core's own tests over real HTTP, so that none of them repeats it.
package httpx

import (
	"context"
	"io"
	"net/http"
	"strings"

	"github.com/ssokit/workosauth/core/adapter"
)

// Exchange is a adapter.Exchange over an http.ResponseWriter and a request.
type Exchange struct {
	W http.ResponseWriter
	R *http.Request

	formRead bool
	formErr  error
}

var _ adapter.Exchange = (*Exchange)(nil)

// Context implements adapter.Exchange.
func (x *Exchange) Context() context.Context { return x.R.Context() }

// Method implements adapter.Exchange.
func (x *Exchange) Method() string { return x.R.Method }

// Host implements adapter.Exchange.
func (x *Exchange) Host() string { return x.R.Host }

// Path implements adapter.Exchange.
func (x *Exchange) Path() string { return x.R.URL.Path }

// RequestURI implements adapter.Exchange.
func (x *Exchange) RequestURI() string { return x.R.URL.RequestURI() }

// RemoteAddr implements adapter.Exchange.
func (x *Exchange) RemoteAddr() string { return x.R.RemoteAddr }

// Header implements adapter.Exchange.
func (x *Exchange) Header(name string) string { return x.R.Header.Get(name) }

// readForm parses the query and, for a POST of a form, the body, reading
// at most adapter.MaxFormBytes of it.
func (x *Exchange) readForm() {
	if x.formRead {
		return
	}
	x.formRead = true
	if x.R.Method == http.MethodPost && x.R.Body != nil {
		x.R.Body = http.MaxBytesReader(x.W, x.R.Body, adapter.MaxFormBytes)
	}
	if err := x.R.ParseForm(); err != nil {
		x.formErr = err
	}
}

// FormError implements adapter.Exchange.
func (x *Exchange) FormError() error {
	x.readForm()
	return x.formErr
}

// Body implements adapter.Exchange: the raw body, at most limit bytes (an
// *http.MaxBytesError past it, and the connection is closed after the
// answer, as http.MaxBytesReader does).
func (x *Exchange) Body(limit int64) ([]byte, error) {
	if x.R.Body == nil {
		return nil, nil
	}
	x.formRead = true // the body is consumed: no form to parse from it
	if x.R.ContentLength > limit {
		return nil, &http.MaxBytesError{Limit: limit}
	}
	return io.ReadAll(http.MaxBytesReader(x.W, x.R.Body, limit))
}

// Values implements adapter.Exchange.
func (x *Exchange) Values(name string) []string {
	x.readForm()
	if x.formErr != nil {
		return nil
	}
	return x.R.Form[name]
}

// Cookie implements adapter.Exchange without allocating: it scans the Cookie
// headers for the name.
func (x *Exchange) Cookie(name string) (string, bool) {
	return CookieValue(x.R.Header["Cookie"], name)
}

// CookieNames implements adapter.Exchange.
func (x *Exchange) CookieNames(prefix string) []string {
	var names []string
	for _, line := range x.R.Header["Cookie"] {
		for line != "" {
			var part string
			part, line, _ = strings.Cut(line, ";")
			n, _, _ := strings.Cut(strings.TrimSpace(part), "=")
			if strings.HasPrefix(n, prefix) {
				names = append(names, n)
			}
		}
	}
	return names
}

// SetCookie implements adapter.Exchange.
func (x *Exchange) SetCookie(c *http.Cookie) { http.SetCookie(x.W, c) }

// SetHeader implements adapter.Exchange.
func (x *Exchange) SetHeader(name, value string) { x.W.Header().Set(name, value) }

// Write implements adapter.Exchange.
func (x *Exchange) Write(status int, contentType string, body []byte) {
	if contentType != "" {
		x.W.Header().Set("Content-Type", contentType)
		x.W.Header().Set("X-Content-Type-Options", "nosniff")
	}
	x.W.WriteHeader(status)
	if len(body) > 0 && x.R.Method != http.MethodHead {
		_, _ = x.W.Write(body)
	}
}

// CookieValue returns the value of the first cookie called name in the
// Cookie header lines, without allocating. A value in double quotes comes
// back without them.
func CookieValue(lines []string, name string) (string, bool) {
	for _, line := range lines {
		for line != "" {
			var part string
			part, line, _ = strings.Cut(line, ";")
			part = strings.TrimSpace(part)
			n, v, _ := strings.Cut(part, "=")
			if n != name {
				continue // a pair without "=" is a cookie with an empty value, as net/http reads it
			}
			if len(v) > 1 && v[0] == '"' && v[len(v)-1] == '"' {
				v = v[1 : len(v)-1]
			}
			return v, true
		}
	}
	return "", false
}
