package exampleapp

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
)

// recorderExchange is a minimal core.Exchange for this package's tests.
type recorderExchange struct {
	rec *httptest.ResponseRecorder
	req *http.Request
}

func (x *recorderExchange) Context() context.Context    { return x.req.Context() }
func (x *recorderExchange) Method() string              { return x.req.Method }
func (x *recorderExchange) Host() string                { return x.req.Host }
func (x *recorderExchange) Path() string                { return x.req.URL.Path }
func (x *recorderExchange) RequestURI() string          { return x.req.URL.RequestURI() }
func (x *recorderExchange) Values(name string) []string { return x.req.URL.Query()[name] }
func (x *recorderExchange) FormError() error            { return nil }
func (x *recorderExchange) Body(int64) ([]byte, error)  { return nil, nil }
func (x *recorderExchange) Header(name string) string   { return x.req.Header.Get(name) }
func (x *recorderExchange) Cookie(name string) (string, bool) {
	c, err := x.req.Cookie(name)
	if err != nil {
		return "", false
	}
	return c.Value, true
}
func (x *recorderExchange) CookieNames(prefix string) []string {
	var out []string
	for _, c := range x.req.Cookies() {
		if strings.HasPrefix(c.Name, prefix) {
			out = append(out, c.Name)
		}
	}
	return out
}
func (x *recorderExchange) RemoteAddr() string           { return x.req.RemoteAddr }
func (x *recorderExchange) SetCookie(c *http.Cookie)     { http.SetCookie(x.rec, c) }
func (x *recorderExchange) SetHeader(name, value string) { x.rec.Header().Set(name, value) }
func (x *recorderExchange) Write(status int, ct string, b []byte) {
	if ct != "" {
		x.rec.Header().Set("Content-Type", ct)
	}
	x.rec.WriteHeader(status)
	x.rec.Write(b)
}
