// Package store is the contract between workosauth's core and the
// stores that keep its sessions, share its revocations and remember the
// WorkOS events it handled: what a Postgres, DynamoDB or Redis store
// implements. App authors only pick one (core.Config.Sessions.Store,
// Sessions.Revocations, Events.Log); they never call these methods.
//
// The contract is at the level of bytes. Core owns the session format
// (it encodes, decodes, versions and binds every session to the app's
// WorkOS client ID itself); a store keeps a [Record] of opaque bytes
// under an ID until an expiry, and hands out a token that opens it. One
// small interface is required, [Store]; each further capability is an
// interface of its own, which core uses only where the app's Config
// names it:
//
//   - [Updater]: replace a record under the same token (AuthKit refreshes
//     reach every copy of the cookie at once).
//   - [Feed] (core.Config.Sessions.Revocations): share revocations among the
//     instances of an app; core implements [Follower].
//   - [SessionRevoker]: a store that is also the feed ends a session and
//     publishes its revocation in one step (one round trip).
//   - [EventLog] (core.Config.Events.Log): remember which WorkOS events were
//     handled, in two steps, and the Events API cursor.
//   - [Binder]: learn which app the store serves (its WorkOS client ID, to
//     keep apps apart, and the app's logger) before core uses it.
//
// Errors tell core what to do: [ErrNotFound] (a token that opens nothing,
// for whatever reason: the user is signed out), [ErrUnavailable] (the
// store could not answer now: core answers 503 and signs no one out),
// [ErrStateless] (a store that keeps nothing cannot delete),
// [ErrEventInProgress] (another handler holds the event).
//
// The suite in package storetest checks every guarantee written here:
// run storetest.Run on your store, in your tests, against a real
// database.
package store
