package workosfiber

import (
	"bytes"
	"context"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"github.com/ssokit/workosauth/core/adapter"
)

// exchange is adapter.Exchange over a *fiber.Ctx, native on fasthttp.
//
// Strings it hands to core are, where the request's bytes allow it, views
// of fasthttp's buffers (no copy, no allocation): the session cookie is
// read on every guarded request. They live only while the handler runs,
// which adapter.Exchange allows: core copies whatever it keeps (the session
// cache clones its key), and every answer core builds is written into the
// response, which fasthttp copies. Form values are parsed into fresh
// strings.
//
// Nothing is taken from X-Forwarded-* or from Fiber's proxy settings:
// Host is the host the request named (never c.Hostname(), which honours
// X-Forwarded-Host whenever Fiber's proxy check is off, its default) and
// RemoteAddr is the TCP peer (never c.IP()). Core itself believes
// X-Forwarded-Host and -Proto only from the peers in
// core.Config.TrustedProxies.
type exchange struct {
	c *fiber.Ctx

	formRead bool
	form     url.Values
	formErr  error
}

var _ adapter.Exchange = (*exchange)(nil)

// Context implements adapter.Exchange: the user context, so that what
// earlier middleware put there (deadlines, tracing) reaches core's calls.
func (x *exchange) Context() context.Context { return x.c.UserContext() }

// Method implements adapter.Exchange.
func (x *exchange) Method() string { return x.c.Method() }

// Host implements adapter.Exchange: the host the request named, as net/http
// takes it: the Host header, or the host of an absolute request-target.
// Never X-Forwarded-Host.
func (x *exchange) Host() string { return utils.UnsafeString(x.c.Request().URI().Host()) }

// Path implements adapter.Exchange: the path as sent, unescaped but not
// cleaned, like net/http's URL.Path; dot segments are left for core to
// see, as Fiber routes on the path as sent.
func (x *exchange) Path() string {
	raw := x.c.Request().URI().PathOriginal()
	p := utils.UnsafeString(raw)
	if strings.IndexByte(p, '%') < 0 {
		return p
	}
	if dec, err := url.PathUnescape(p); err == nil {
		return dec
	}
	return string(raw)
}

// RequestURI implements adapter.Exchange: the path as sent and the query.
// It is copied: core may build a redirect or a return_to from it.
func (x *exchange) RequestURI() string {
	u := x.c.Request().URI()
	p, q := u.PathOriginal(), u.QueryString()
	var b strings.Builder
	b.Grow(len(p) + 1 + len(q))
	if len(p) == 0 {
		b.WriteByte('/')
	}
	b.Write(p)
	if len(q) > 0 {
		b.WriteByte('?')
		b.Write(q)
	}
	return b.String()
}

// RemoteAddr implements adapter.Exchange: the TCP peer, never a forwarded
// address.
func (x *exchange) RemoteAddr() string { return x.c.Context().RemoteAddr().String() }

// Header implements adapter.Exchange.
func (x *exchange) Header(name string) string {
	return utils.UnsafeString(x.c.Request().Header.Peek(name))
}

// Cookie implements adapter.Exchange without allocating.
func (x *exchange) Cookie(name string) (string, bool) {
	v := x.c.Request().Header.Cookie(name)
	if v == nil {
		return "", false
	}
	return utils.UnsafeString(v), true
}

// CookieNames implements adapter.Exchange.
func (x *exchange) CookieNames(prefix string) []string {
	var names []string
	x.c.Request().Header.VisitAllCookie(func(key, _ []byte) {
		if strings.HasPrefix(utils.UnsafeString(key), prefix) {
			names = append(names, string(key))
		}
	})
	return names
}

// readForm parses the query and, for a POST of a form, the body, the way
// net/http's Request.ParseForm does (body values first; the first error
// wins), reading at most adapter.MaxFormBytes of the body. The body is read
// as sent: a Content-Encoding is not undone, as in net/http.
func (x *exchange) readForm() {
	if x.formRead {
		return
	}
	x.formRead = true
	form := url.Values{}
	var err error
	if x.c.Method() == http.MethodPost {
		err = x.readPostForm(form)
	}
	query, qerr := url.ParseQuery(string(x.c.Request().URI().QueryString()))
	if err == nil {
		err = qerr
	}
	for k, vs := range query {
		form[k] = append(form[k], vs...)
	}
	x.form, x.formErr = form, err
}

func (x *exchange) readPostForm(form url.Values) error {
	req := x.c.Request()
	ct := string(req.Header.ContentType())
	if ct == "" {
		ct = "application/octet-stream"
	}
	ct, _, err := mime.ParseMediaType(ct)
	if err != nil || ct != "application/x-www-form-urlencoded" {
		return err
	}
	tooBig := func() error {
		// The rest of the body is left unread: close the connection after
		// the answer, as net/http's MaxBytesReader does, so that it is
		// never read as the next request.
		x.c.Response().SetConnectionClose()
		return &http.MaxBytesError{Limit: adapter.MaxFormBytes}
	}
	if req.Header.ContentLength() > adapter.MaxFormBytes {
		return tooBig()
	}
	var body []byte
	if req.IsBodyStream() { // Fiber's StreamRequestBody: read no more than the limit
		if body, err = io.ReadAll(io.LimitReader(req.BodyStream(), adapter.MaxFormBytes+1)); err != nil {
			return err
		}
	} else {
		body = req.Body()
	}
	if len(body) > adapter.MaxFormBytes {
		return tooBig()
	}
	values, err := url.ParseQuery(string(body))
	for k, vs := range values {
		form[k] = vs
	}
	return err
}

// FormError implements adapter.Exchange: an *http.MaxBytesError for a form
// over adapter.MaxFormBytes (core answers 413).
func (x *exchange) FormError() error {
	x.readForm()
	return x.formErr
}

// Body implements adapter.Exchange: the raw body, at most limit bytes (an
// *http.MaxBytesError past it, and the connection is closed after the
// answer). It is a copy: core may keep it while the handler runs.
func (x *exchange) Body(limit int64) ([]byte, error) {
	req := x.c.Request()
	tooBig := func() ([]byte, error) {
		x.c.Response().SetConnectionClose()
		return nil, &http.MaxBytesError{Limit: limit}
	}
	if int64(req.Header.ContentLength()) > limit {
		return tooBig()
	}
	var body []byte
	if req.IsBodyStream() {
		b, err := io.ReadAll(io.LimitReader(req.BodyStream(), limit+1))
		if err != nil {
			return nil, err
		}
		body = b
	} else {
		body = req.Body()
	}
	if int64(len(body)) > limit {
		return tooBig()
	}
	return bytes.Clone(body), nil
}

// Values implements adapter.Exchange.
func (x *exchange) Values(name string) []string {
	x.readForm()
	if x.formErr != nil {
		return nil
	}
	return x.form[name]
}

// SetCookie implements adapter.Exchange. The header is exactly what net/http
// sends for the cookie (http.Cookie.String), so every attribute (Max-Age,
// Expires, Path, Domain, HttpOnly, Secure, SameSite) is the same on every
// router, and several cookies, even of one name, are all sent.
func (x *exchange) SetCookie(c *http.Cookie) {
	if v := c.String(); v != "" {
		x.c.Response().Header.Add(fiber.HeaderSetCookie, v)
	}
}

// SetHeader implements adapter.Exchange.
func (x *exchange) SetHeader(name, value string) { x.c.Response().Header.Set(name, value) }

// Write implements adapter.Exchange. fasthttp copies the body, and leaves it
// out of the answer to a HEAD.
func (x *exchange) Write(status int, contentType string, body []byte) {
	res := x.c.Response()
	if contentType != "" {
		res.Header.SetContentType(contentType)
		res.Header.Set("X-Content-Type-Options", "nosniff")
	} else {
		res.Header.SetNoDefaultContentType(true)
	}
	res.SetStatusCode(status)
	res.SetBody(body)
}
