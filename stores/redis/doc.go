// Package redisstore keeps workosauth sessions in Redis and shares their
// revocations among the instances of an app, on a
// github.com/redis/go-redis/v9 client (standalone, Sentinel or Cluster):
// the caller's own, or one [NewClientFromURL] builds from a URL.
//
// One [Store] is both a core.SessionStore and a core.RevocationFeed:
//
//	client, err := redisstore.NewClientFromURL(ctx, os.Getenv("REDIS_URL"))
//	...
//	defer client.Close()
//	store := redisstore.New(client, redisstore.Options{})
//	cfg := core.ConfigFromEnv()
//	cfg.Store = store // server-side sessions; revocations shared through the same Redis
//	auth, err := core.New(cfg)
//	...
//	defer auth.Close()
//
// Or, to keep stateless sealed-cookie sessions and still end them on every
// instance, leave Config.Store unset and set cfg.Revocations = store.
//
// # Keys
//
// core.New binds the store to the app's WorkOS client ID
// ([Store.BindClientID]): every key, and the channel, goes under the
// namespace Prefix+clientID+":", so that apps of different WorkOS
// environments sharing one Redis keep apart, as sealed cookies do.
//
// # Sessions
//
// A session is kept at namespace+"s:"+ID, expiring (PXAT) when the session
// does, holding the whole profile and the SHA-256 of a random 256-bit
// secret. The cookie holds "<ID>.<secret>", about 66 bytes: it refers to
// the session and proves it was handed out for it (compared in constant
// time); Redis never holds the secret. A renewal rewrites the record with
// the same secret and keeps the token, so requests in flight with the old
// cookie keep working; it only replaces a record that still exists, so a
// renewal never brings back a session that was signed out meanwhile.
// Sign-out deletes the record.
//
// Opened sessions are cached in each instance (core's cache of opened
// sessions): a request for a session the instance holds makes no Redis
// call. A cache miss costs one GET, and so does a session in use once
// per core.Config.SessionRecheck (30 s), in the background.
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
// core.ErrStoreUnavailable: the guard answers 503 for a session the
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
// follower drops its cache of opened sessions (core.Follower.Reset), the
// revocations it knows are recorded again (published when the set lacked
// them, their sessions' records deleted), and the channel is subscribed
// again, on the current master.
//
// # Webhook events
//
// Claim, Cursor and SetCursor let the instances of an app handle each
// WorkOS event once and share their place in the events stream.
package redisstore
