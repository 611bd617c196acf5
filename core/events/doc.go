// Package events holds the WorkOS events an app receives through
// workosauth: [Event], as core.Config.Events.OnEvent gets it, the typed data of
// the events workosauth acts on, and their type names.
//
// Events come from WorkOS's webhook deliveries (POST <AuthPath>/webhooks,
// with core.Config.Events.WebhookSecrets) or from its Events API
// (core.Auth.PollEvents). workosauth verifies each one, ends the sessions
// it selects (see [Handled]), and then calls OnEvent once per event ID.
//
// Types and type names come by family: Directory Sync (dsync.*), SSO
// connections (connection.*), organizations (organization.*), and
// AuthKit's sessions (session.*), users (user.*), organization memberships
// (organization_membership.*) and roles (role.*).
package events
