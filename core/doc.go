// Package core is the framework-neutral heart of workosauth: WorkOS single
// sign-on (the SSO API, or AuthKit) for Go web apps.
//
// Core decides; the adapters (workoshttp, workoschi, workosgin, workosfiber)
// translate. An app builds one [Auth] with [New] from a [Config] (or
// [ConfigFromEnv]), mounts its router's adapter for the auth routes
// (sign-in page, sign-in, callback, sign-out, webhooks) and guards routes
// with the adapter's RequireWorkOS and the guard options ([RequireRole],
// [RequireOrganization], [Optional], ...). Handlers read the signed-in
// user with [ProfileFrom] or [SessionFrom]; a refused request is an
// [Error] (its Code one of the Code constants), which an adapter's own
// OnDenied handler reads with [RefusalFrom]. [Auth.RevokeSession],
// [Auth.RevokeUser] and [Auth.RevokeMatching] sign users out everywhere.
//
// Adapter authors read package core/adapter instead: the Exchange an
// adapter implements, the guard it wraps, the route table it mounts.
//
// The flow, for one sign-in:
//
//  1. The user gives an email (or a domain, connection, organization or
//     OAuth provider). The email's domain is resolved to a WorkOS
//     organization through [SignInConfig.Domains], then the WorkOS Organizations
//     API (verified domains only), cached.
//  2. A fresh 256-bit state and PKCE verifier are sealed, with return_to and
//     an expiry, into a flow cookie of their own, and the browser is sent to
//     WorkOS's /sso/authorize.
//  3. At the callback the state is checked against the flow cookie in
//     constant time, the code is exchanged (with the client secret and the
//     PKCE verifier), the profile is mapped, [SignInConfig.OnSignIn] may refuse or
//     enrich it, and a sealed session cookie is set.
//  4. On every guarded request the session cookie is opened (AES-256-GCM,
//     HKDF keys, password rotation) or found in a bounded cache of opened
//     sessions, and the [Profile] is put in the request's context:
//     [ProfileFrom] reads it.
package core
