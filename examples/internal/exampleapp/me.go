package exampleapp

import (
	"context"

	"github.com/ssokit/workosauth/core"
)

// Me is what /api/me answers: in AuthKit mode the AuthKit user under
// WorkOS's field names with the session's organization, role, roles,
// permissions and impersonator; in SSO mode the WorkOS profile.
func Me(ctx context.Context, p core.Profile) any {
	k, ok := core.AuthKitFrom(ctx)
	if !ok {
		return p
	}
	m := map[string]any{
		"id": k.User.ID, "organization_id": nil, "role": nil,
		"roles": orEmpty(k.Claims.Roles), "permissions": orEmpty(k.Claims.Permissions),
		"entitlements": orEmpty(k.Claims.Entitlements), "feature_flags": orEmpty(k.Claims.FeatureFlags),
		"session_id": k.Claims.SessionID, "impersonator": nil,
	}
	if k.User.Email != "" { // a Bearer token carries the user ID alone
		m["email"], m["email_verified"] = k.User.Email, k.User.EmailVerified
		m["first_name"], m["last_name"], m["profile_picture_url"] = nullable(k.User.FirstName), nullable(k.User.LastName), nullable(k.User.ProfilePictureURL)
	}
	if k.OrganizationID != "" {
		m["organization_id"] = k.OrganizationID
	}
	if k.Claims.Role != "" {
		m["role"] = k.Claims.Role
	}
	if k.Impersonator != nil {
		m["impersonator"] = k.Impersonator
	}
	return m
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// GuardOptions are the options of the examples' guarded routes: no
// shared cache keeps their pages and, in AuthKit mode, AuthKit access
// tokens are accepted as Bearer tokens too (an Auth that signs in through
// SSO refuses core.AcceptBearer: RequireWorkOS would panic).
func GuardOptions(authKit bool) []core.GuardOption {
	if authKit {
		return []core.GuardOption{core.AcceptBearer(), core.NoStore()}
	}
	return []core.GuardOption{core.NoStore()}
}
