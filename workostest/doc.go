// Package workostest emulates the WorkOS SSO, Organizations and AuthKit
// (User Management) HTTP API for tests and for dev mode (DevMode), in which
// an app runs without a WorkOS account.
//
// The emulator answers the endpoints an SSO integration uses:
//
//	GET  /sso/authorize            start a sign-in (shows a user picker, or redirects at once)
//	POST /sso/authorize/complete   the picker's form target (emulator only, not a WorkOS path)
//	POST /sso/token                exchange a code for a profile
//	GET  /sso/profile              read a profile with an access token
//	GET  /organizations            list organizations (domains filter)
//	GET  /organizations/{id}       read one organization
//	GET  /connections              list connections (organization_id filter)
//	GET  /connections/{id}         read one connection
//	GET  /directories              list directories (organization_id, search, domain)
//	GET  /directories/{id}         read one directory
//	GET  /directory_users          list directory users (directory or group)
//	GET  /directory_users/{id}     read one directory user
//	GET  /directory_groups         list directory groups (directory or user)
//	GET  /directory_groups/{id}    read one directory group
//	GET  /events                   the Events API (events[], organization_id, range_start, range_end, after, limit)
//
// and the AuthKit (User Management) endpoints:
//
//	GET  /user_management/authorize           start a sign-in (the hosted page stand-in, or a redirect at once)
//	POST /user_management/authorize/complete  the hosted page's form target (emulator only)
//	POST /user_management/authenticate        authorization_code (PKCE, secret) and refresh_token (single use, rotated, organization switching)
//	GET  /sso/jwks/{client_id}                the RSA key set access tokens are signed under (RS256)
//	GET  /user_management/sessions/logout     end a session, redirect to return_to
//	GET  /user_management/users/{id}          read a user
//	GET  /user_management/users/{id}/sessions a user's active sessions
//	POST /user_management/sessions/revoke     revoke a session
//	GET, POST /user_management/organization_memberships               list (user_id, organization_id, statuses), create
//	GET, PUT, DELETE /user_management/organization_memberships/{id}   read, change roles, delete
//	PUT  /user_management/organization_memberships/{id}/deactivate    and /reactivate
//
// Lists take limit, before, after and order as WorkOS's do. Changes
// record the events WorkOS would (organization_membership.created,
// .updated, .deleted; session.created, session.revoked; and, through
// the Go helpers DeleteUser, SetRolePermissions and the like, user.deleted
// and role.updated): served by GET /events and delivered, signed, to the
// endpoints added with AddWebhookEndpoint.
//
// Every other request gets 404 {"message":"Not Found"}.
//
// It is strict where WorkOS is strict, so that an app that passes against the
// emulator does not fail against WorkOS: the client ID must match, the
// redirect URI must be registered exactly (an unregistered one gets a 400
// page, never a redirect), exactly one connection selector must be given,
// PKCE accepts S256 only, codes are single-use and expire, the client secret
// is checked in constant time, and API calls need the API key as a Bearer
// token. Errors are shaped as WorkOS shapes them.
//
// Tests use NewServer, which closes the emulator when the test ends:
//
//	srv := workostest.NewServer(t, workostest.Options{
//		RedirectURIs: []string{"http://127.0.0.1:8080/auth/callback"},
//	})
//	// point the app at srv.URL, srv.ClientID and srv.APIKey
//
// An app runs on the emulator in dev mode, on a machine with no WorkOS
// settings at all, with DevMode, one call before core.New (the example
// apps use it). Handler tests that need a signed-in request without any
// round trip use SignIn, SessionCookies and Server.AuthKitSignIn. Other
// languages and docker-compose setups run the emulator as a program,
// workostest/cmd/workos-emulator. Faults (errors, slow and hung answers) are injected per endpoint
// with Server.InjectFault; Server.Calls and Server.TokenRequests report what
// the app sent.
package workostest
