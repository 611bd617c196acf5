package core

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

// fakeExchange is an in-memory exchange for core's own tests.
type fakeExchange struct {
	ctx     context.Context
	method  string
	host    string
	target  *url.URL
	form    url.Values
	formErr error
	reqBody []byte
	header  http.Header
	cookies []*http.Cookie
	remote  string

	status   int
	resp     http.Header
	body     []byte
	setCooks []*http.Cookie
}

func newFake(method, target string) *fakeExchange {
	u, err := url.Parse(target)
	if err != nil {
		panic(err)
	}
	return &fakeExchange{ctx: context.Background(), method: method, host: "app.test", target: u,
		header: http.Header{}, resp: http.Header{}, remote: "192.0.2.1:1234"}
}

func (f *fakeExchange) withCookies(cs ...*http.Cookie) *fakeExchange {
	f.cookies = append(f.cookies, cs...)
	return f
}

func (f *fakeExchange) Context() context.Context { return f.ctx }
func (f *fakeExchange) Method() string           { return f.method }
func (f *fakeExchange) Host() string             { return f.host }
func (f *fakeExchange) Path() string             { return f.target.Path }
func (f *fakeExchange) RequestURI() string       { return f.target.RequestURI() }
func (f *fakeExchange) FormError() error         { return f.formErr }
func (f *fakeExchange) Body(limit int64) ([]byte, error) {
	if int64(len(f.reqBody)) > limit {
		return nil, &http.MaxBytesError{Limit: limit}
	}
	return f.reqBody, nil
}
func (f *fakeExchange) Values(name string) []string {
	vs := f.target.Query()[name]
	return append(vs, f.form[name]...)
}
func (f *fakeExchange) Header(name string) string { return f.header.Get(name) }
func (f *fakeExchange) Cookie(name string) (string, bool) {
	for _, c := range f.cookies {
		if c.Name == name {
			return c.Value, true
		}
	}
	return "", false
}
func (f *fakeExchange) CookieNames(prefix string) []string {
	var out []string
	for _, c := range f.cookies {
		if strings.HasPrefix(c.Name, prefix) {
			out = append(out, c.Name)
		}
	}
	return out
}
func (f *fakeExchange) RemoteAddr() string           { return f.remote }
func (f *fakeExchange) SetCookie(c *http.Cookie)     { f.setCooks = append(f.setCooks, c) }
func (f *fakeExchange) SetHeader(name, value string) { f.resp.Set(name, value) }
func (f *fakeExchange) Write(status int, ct string, body []byte) {
	f.status = status
	if ct != "" {
		f.resp.Set("Content-Type", ct)
	}
	f.body = append([]byte(nil), body...)
}

// setCookie returns the last Set-Cookie of that name.
func (f *fakeExchange) setCookie(name string) *http.Cookie {
	var last *http.Cookie
	for _, c := range f.setCooks {
		if c.Name == name {
			last = c
		}
	}
	return last
}

// liveCookies are the cookies set with a value (not deletions).
func (f *fakeExchange) liveCookies() []*http.Cookie {
	var out []*http.Cookie
	for _, c := range f.setCooks {
		if c.MaxAge >= 0 && c.Value != "" {
			out = append(out, c)
		}
	}
	return out
}
