// Package seam is the one link between package core and the two packages
// that must reach its internals without core putting them on its page:
// core/adapter (the seam for router adapters) and workostest (the cookies
// of a signed-in session, for tests).
//
// Why a link: core's exported names are for app authors. What only an
// adapter needs (serving an Exchange, building a guard, the route table)
// or only a test needs (minting a session's cookies) would crowd the
// page an app author reads, so core exports none of it. Instead core, in
// its init, sets [Engine] to a function that returns its unexported
// engine for an *core.Auth; the engine's methods are exported (an
// interface can only name exported methods) but invisible, since its type
// is not. core/adapter and workostest each type-assert the engine to an
// unexported interface of their own, naming core's types, which this
// package cannot import (core imports it).
//
// This is the pattern grpc and protobuf use for their internal links. It is
// wiring set once at start-up, not configuration: nothing else sets
// Engine, and nothing outside this module can import this package.
//
// The link sits at the module's root, not under core/, because Go lets an
// internal package be imported only from under its parent directory, and
// workostest is not under core/.
package seam

import (
	"context"
	"net/http"
)

// Engine returns core's engine for an *core.Auth (as any), or nil for
// anything else. core sets it in its init; it is never nil once core is
// imported, which every caller does.
var Engine func(auth any) any

// Exchange is one HTTP request and its answer, as core sees them: the
// internal twin of core/adapter's Exchange, with the same method set (a
// test in core/adapter holds them identical), so that every
// adapter.Exchange is a seam.Exchange. Its documentation is
// adapter.Exchange's.
type Exchange interface {
	Context() context.Context
	Method() string
	Host() string
	Path() string
	RequestURI() string
	Values(name string) []string
	FormError() error
	Body(limit int64) ([]byte, error)
	Header(name string) string
	Cookie(name string) (string, bool)
	CookieNames(prefix string) []string
	RemoteAddr() string

	SetCookie(c *http.Cookie)
	SetHeader(name, value string)
	Write(status int, contentType string, body []byte)
}

// Route is one of core's auth routes, as the engine lists them.
type Route struct {
	Name    string   // the last element of the path, e.g. "signin"
	Path    string   // the whole path, e.g. "/auth/signin"
	Methods []string // the methods it answers, e.g. GET, HEAD, POST
	Serve   func(Exchange)
}

// MaxWebhookBytes is the largest webhook delivery core reads (the limit it
// gives Exchange.Body); core/adapter documents it under the same name.
const MaxWebhookBytes = 1 << 20

// ctxKey is a context key; a pointer type with a name, so that it prints
// readably and never collides.
type ctxKey struct{ name string }

func (k *ctxKey) String() string { return "workosauth context value " + k.name }

// The context keys of the session a guard let through and of the refusal
// (an *core.Error) it answered with: core reads them (SessionFrom,
// RefusalFrom), core/adapter writes them (WithSession, WithRefusal).
var (
	SessionKey any = &ctxKey{"session"}
	RefusalKey any = &ctxKey{"refusal"}
)
