// Package redisstore keeps workosauth sessions in Redis and shares their
// revocations among the instances of an app, on a
// github.com/redis/go-redis/v9 client (standalone, Sentinel or Cluster):
// the caller's own, or one [NewClientFromURL] builds from a URL.
//
// One [Store] implements every part of the store contract (package
// github.com/ssokit/workosauth/core/store): sessions (store.Store and
// store.Updater), revocations (store.Feed) and the WorkOS event log
// (store.EventLog). Core uses it for what the Config names it as:
//
//	client, err := redisstore.NewClientFromURL(ctx, os.Getenv("REDIS_URL"))
//	...
//	defer client.Close()
//	rs := redisstore.New(client, redisstore.Options{})
//	cfg := core.ConfigFromEnv()
//	cfg.Sessions.Store, cfg.Sessions.Revocations, cfg.Events.Log = rs, rs, rs
//	auth, err := core.New(cfg)
//	...
//	defer auth.Close()
//
// Or, to keep stateless sealed-cookie sessions and still end them on every
// instance, leave Config.Sessions.Store unset and set cfg.Sessions.Revocations
// and cfg.Events.Log to it.
//
// # Keys and logs
//
// core.New binds the store to the app ([Store.Bind]): every key, and the
// channel, goes under the namespace Prefix+clientID+":", so that apps of
// different WorkOS environments sharing one Redis keep apart, as sealed
// cookies do; and the store logs through the app's core.Config.Logger.
//
// # Sessions
//
// A session is kept at namespace+"s:"+ID, expiring (PXAT) when the session
// does, holding the SHA-256 of a random 256-bit secret, the expiry, and
// the session as core encoded it (bound to the app's client ID). The
// cookie holds "<ID>.<secret>", about 66 bytes: it refers to the session
// and proves it was handed out for it (compared in constant time); Redis
// never holds the secret. A renewal rewrites the record with the same
// secret and keeps the token, so requests in flight with the old cookie
// keep working; it replaces only a record that still exists, and only
// for a token with the record's secret (checked in the script that
// writes), so a renewal never brings back a session that was signed out
// meanwhile, and knowing a session's ID takes nothing over. Sign-out
// deletes the record. Records written by earlier versions (the session's
// JSON after the hash) still open, and take the current layout at their
// next renewal.
//
// Opened sessions are cached in each instance (core's cache of opened
// sessions): a request for a session the instance holds makes no Redis
// call. A cache miss costs one GET, and so does a session in use once
// per core.Config.Sessions.Recheck (30 s), in the background.
//
// # Revocations
//
// A revocation (a sign-out, core.Auth.RevokeSession, RevokeUser,
// RevokeMatching) is added to a sorted set, namespace+"revoked", scored by
// when it may be forgotten, and published on the channel
// namespace+"revocations". Every instance subscribes to the channel and,
// after each (re)subscription, reads the whole set; each message and each
// member drops the sessions it ends from the instance's cache and records
// the revocation in memory. A revocation reaches every instance in a few
// milliseconds (well within the second the contract allows); an instance
// that starts later, or reconnects, learns every revocation in force from
// the set. Pub/sub was chosen over polling (a delay of its period, and a
// round trip per period per instance) and over keyspace notifications or
// streams (server configuration, or a consumer to trim): PUBLISH reaches
// every node of a Cluster, and the set makes up for what pub/sub does not
// keep. Every command touches one key, so Cluster needs no hash tags.
//
// # When Redis fails
//
// Every call is bounded by [Options.Timeout] (default 2 s, at most 5 s),
// enforced by the store itself: inline when the client was built with
// ContextTimeoutEnabled (recommended: a cache miss then costs about half
// as much), otherwise by running the call in a goroutine it stops waiting
// for. A call that gets no answer in time, or an
// error from Redis other than "no such key", wraps
// store.ErrUnavailable: the guard answers 503 for a session the
// instance does not hold, and signs no one out; sessions it holds keep
// working. While the channel is down (a failed read, or no answer to a
// ping within the timeout) the feed reports itself out of sync and core
// answers 503 for sessions it does not hold, since it may miss
// revocations; it reconnects by itself and resynchronises from the set. A
// sign-in fails with 503. A sign-out still ends the session at once in
// the instance that took it; its deletion and revocation wait in a
// bounded in-memory queue ([Options.MaxPending]) and are written, and
// published, as soon as Redis answers again.
//
// Once a call found Redis not answering (a timeout, a connection refused
// or broken), every call fails at once, without asking Redis, until a
// probe (a PING every 100 ms) or a new subscription finds it back: an
// outage costs one timeout, not one per request.
//
// # When Redis loses its data
//
// A Redis restarted without its data, a failover to a replica that missed
// writes, or a flush would leave an instance trusting what Redis no
// longer knows. Follow reads the identity of Redis (the run_id of every
// master, and an epoch marker it writes at namespace+"epoch" when there is
// none) on every subscription and every second; when it changed, the
// follower drops its cache of opened sessions (store.Follower.Reset), the
// revocations it knows are recorded again (published when the set lacked
// them, their sessions' records deleted), and the channel is subscribed
// again, on the current master.
//
// # Webhook events
//
// Claim, Done, Release, Cursor and SetCursor (store.EventLog) let the
// instances of an app handle each WorkOS event once and share their place
// in the events stream: a claim is a lease under namespace+"event:"+ID
// naming the Store that took it (a Lua script takes it unless the event
// is done or leased), "done" once OnEvent returned.
package redisstore
