package core

import (
	"context"
	"net/http"
)

// cookieRecorder is an exchange with no request that records the cookies
// set on it.
type cookieRecorder struct {
	ctx     context.Context
	cookies []*http.Cookie
}

func (r *cookieRecorder) Context() context.Context     { return r.ctx }
func (r *cookieRecorder) Method() string               { return http.MethodGet }
func (r *cookieRecorder) Host() string                 { return "" }
func (r *cookieRecorder) Path() string                 { return "/" }
func (r *cookieRecorder) RequestURI() string           { return "/" }
func (r *cookieRecorder) Values(string) []string       { return nil }
func (r *cookieRecorder) Header(string) string         { return "" }
func (r *cookieRecorder) Cookie(string) (string, bool) { return "", false }
func (r *cookieRecorder) CookieNames(string) []string  { return nil }
func (r *cookieRecorder) RemoteAddr() string           { return "" }
func (r *cookieRecorder) SetCookie(c *http.Cookie)     { r.cookies = append(r.cookies, c) }
func (r *cookieRecorder) SetHeader(string, string)     {}
func (r *cookieRecorder) Write(int, string, []byte)    {}
func (r *cookieRecorder) FormError() error             { return nil }
func (r *cookieRecorder) Body(int64) ([]byte, error)   { return nil, nil }
