package store

import (
	"context"
	"errors"
	"time"
)

// Record is a session as a store keeps it: opaque bytes under an ID,
// until an expiry.
type Record struct {
	// ID names the record: the session's ID, random (128 bits, 22
	// characters of base64url as core makes them). It is not a secret:
	// knowing it must open nothing. A store may refuse IDs it cannot
	// keep (empty, too long, with bytes its keys cannot hold) with an
	// error.
	ID string
	// Data is the session, encoded by core: a store keeps it byte for byte
	// and never looks inside. Core's records are a few hundred bytes to a
	// few kilobytes; a store may refuse one over 1 MiB. Data handed to a
	// store, and Data a store returns, belong to the receiver: neither
	// side changes them afterwards.
	Data []byte
	// ExpiresAt is when the record ends: from then on no token opens it,
	// and the store may forget it. Core gives whole seconds; a store
	// keeps at least millisecond precision.
	ExpiresAt time.Time
	// Outdated is set by Load only: the record was opened with an old key
	// (a store that seals records under rotating keys, as core's default
	// cookie store does). Core then saves it again with Renew, under the
	// current key. Other stores leave it false.
	Outdated bool
}

// Store keeps sessions. It is the one interface a store must implement;
// core.Config.Sessions.Store takes it. The default, when Config.Sessions.Store is nil,
// seals each record whole into its token (the cookie).
//
// The tokens a store hands out are what the session cookie holds: a
// cookie value (printable ASCII without space, double quote, comma,
// semicolon or backslash), short for a server-side store (core splits a
// long one over several cookies, up to about 6 kB), and they must not
// reveal Data. A token is a credential: it must open its own record and
// no other, and a token that was altered in any way, or that the store
// did not hand out, must open nothing.
//
// A store is safe for concurrent use by many goroutines and by many
// instances of the app (processes sharing the database). Every method
// honours ctx's deadline; an answer that cannot be had in time is an
// error wrapping [ErrUnavailable], never a wait without end.
type Store interface {
	// Save stores a new record and returns the token that opens it. An
	// ExpiresAt already past may be refused with an error; such a record
	// must never load.
	Save(ctx context.Context, r Record) (token string, err error)
	// Load returns the record the token opens: its ID, Data and ExpiresAt
	// as last saved. A token that opens nothing (malformed, tampered,
	// never handed out, its record deleted or past ExpiresAt) is an error
	// wrapping [ErrNotFound], and never [ErrUnavailable]: a guessed or
	// forged token must not be told apart from a signed-out one, nor
	// turn into a 503. [ErrUnavailable] is only for a store that could
	// not be asked now.
	Load(ctx context.Context, token string) (Record, error)
	// Renew stores r, a renewal of the record the token opens (the same
	// ID, a later expiry, perhaps new Data), and returns the token for it:
	// the same token, or a new one, in which case the old one must stop
	// opening the record (a store that keeps nothing, see [ErrStateless],
	// is excused: its old tokens open the old record until its expiry).
	// Renew never brings back a record that is gone (deleted, expired):
	// it fails with an error wrapping [ErrNotFound] and stores nothing,
	// so that a renewal racing a sign-out cannot undo it. A token that
	// does not open a record of r.ID is refused with an error and changes
	// nothing.
	Renew(ctx context.Context, token string, r Record) (string, error)
	// Delete ends the record with this ID: from its return, no token opens
	// it, and no Renew or Update brings it back. Deleting a record that
	// is not there is no error. A store that keeps nothing it could delete
	// (each record sealed whole into its token) returns [ErrStateless]:
	// core's revocation list (and the Feed, when the app has one) ends the
	// session instead. A store that could not delete now returns an error
	// wrapping [ErrUnavailable] (and may keep trying on its own).
	Delete(ctx context.Context, id string) error
}

// Updater is a Store that can replace a record under the token that opens
// it. Core saves an AuthKit session's refreshed tokens with Update, so
// that every instance and every copy of the cookie (in requests under
// way, in other tabs) reads them at once; a store without it gets Renew,
// and the cookie that asked is rewritten.
//
// Core retries an Update that failed with [ErrUnavailable] until it lands:
// the refreshed tokens WorkOS handed out must not be lost.
type Updater interface {
	Store
	// Update stores r in place of the record the token opens (the same
	// ID), and the token keeps opening it, now r. As Renew, it never
	// brings back a record that is gone (an error wrapping
	// [ErrNotFound]), and a token that does not open a record of r.ID is
	// refused with an error and changes nothing.
	Update(ctx context.Context, token string, r Record) error
}

// The errors of the contract. A store wraps them (fmt.Errorf with %w) to
// say more; core tells them apart with errors.Is.
var (
	// ErrNotFound: the token opens nothing (malformed, tampered, unknown,
	// deleted, expired), or the record is gone. Core treats the request as
	// signed out.
	ErrNotFound = errors.New("workosauth: no such record in the store")
	// ErrUnavailable: the store could not be asked in time (the database
	// is down, slow or unreachable). It is neither signed in nor signed
	// out: core answers 503 (with Retry-After) and signs no one out, and
	// sessions an instance already holds keep working.
	ErrUnavailable = errors.New("workosauth: store unavailable")
	// ErrStateless is what Delete returns from a store that keeps nothing
	// it could delete: each record sealed whole into its token, as core's
	// default cookie store does. Core's revocations end such sessions.
	ErrStateless = errors.New("workosauth: the store keeps nothing to delete")
)
