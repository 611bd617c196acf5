package core

import (
	"encoding/json"
	"fmt"
	"log/slog"
)

// An AuthKitSession holds the WorkOS access and refresh tokens. Like
// Config, it prints, logs and encodes without them: String and GoString
// (%v, %+v, %s, %#v), Format (every other verb), LogValue (slog's text
// and JSON handlers) and MarshalJSON all leave the tokens out. Read
// AccessToken itself to send it on.

// String describes the session without its tokens: the user, the
// organization, the WorkOS session ID and how the user signed in.
func (k AuthKitSession) String() string {
	return fmt.Sprintf("core.AuthKitSession{User:%q Organization:%q SessionID:%q AuthenticationMethod:%q Impersonated:%t AccessToken:%s RefreshToken:%s}",
		k.User.ID, k.OrganizationID, k.Claims.SessionID, k.AuthenticationMethod, k.Impersonator != nil, redacted(k.AccessToken), redacted(k.RefreshToken))
}

// GoString is String.
func (k AuthKitSession) GoString() string { return k.String() }

// Format writes String whatever the verb and flags; %q quotes it.
func (k AuthKitSession) Format(f fmt.State, verb rune) { formatRedacted(f, verb, k.String()) }

// LogValue is String, for log/slog.
func (k AuthKitSession) LogValue() slog.Value { return slog.StringValue(k.String()) }

// MarshalJSON encodes the session without its tokens (they are
// "[redacted]"): the user, organization_id, authentication_method,
// impersonator and the access token's claims.
func (k AuthKitSession) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		User                 AuthKitUser       `json:"user"`
		OrganizationID       string            `json:"organization_id,omitempty"`
		AuthenticationMethod string            `json:"authentication_method,omitempty"`
		Impersonator         *Impersonator     `json:"impersonator,omitempty"`
		AccessToken          string            `json:"access_token"`
		RefreshToken         string            `json:"refresh_token"`
		Claims               AccessTokenClaims `json:"claims"`
	}{k.User, k.OrganizationID, k.AuthenticationMethod, k.Impersonator, redacted(k.AccessToken), redacted(k.RefreshToken), k.Claims})
}

// withoutTokens is a copy of s whose AuthKit part has no tokens, for an
// audit event: whatever OnAudit or a log sink does with it, it holds no
// secret.
func withoutTokens(s *Session) *Session {
	if s == nil || s.AuthKit == nil {
		return s
	}
	c, k := *s, *s.AuthKit
	k.AccessToken, k.RefreshToken = "", ""
	c.AuthKit = &k
	return &c
}

func redacted(secret string) string {
	if secret == "" {
		return `""`
	}
	return "[redacted]"
}
