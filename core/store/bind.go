package store

import "log/slog"

// Binding is what core tells a [Binder] of the app it serves.
type Binding struct {
	// ClientID is the app's WorkOS client ID (client_...).
	ClientID string
	// Logger is the app's logger (core.Config.Logger; never nil): a store
	// writes its lines there (a database that does not answer, writes
	// waiting to be retried), never a token, a secret or a record's
	// Data.
	Logger *slog.Logger
}

// Binder is a Store, Feed or EventLog that learns which app it serves
// before core uses it: core.New calls Bind on each part of the Config
// that implements it, before any other method.
//
// Core binds every session record to the client ID inside its own
// encoding already: a record written by an app of another WorkOS
// environment opens nothing. A store that may hold several apps' data in
// one database should still keep them apart by ClientID (the Redis store
// puts every key under it), so that apps of different WorkOS
// environments never share revocations, event claims or a cursor.
type Binder interface {
	// Bind binds the part to the app. Binding again to the same client ID
	// is no error (the Logger may change); to another is an error (a store
	// serves one app), which fails core.New.
	Bind(b Binding) error
}
