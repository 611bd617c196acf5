package core

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/ssokit/workosauth/core/internal/accesstoken"
)

// AuthKitUser is a WorkOS AuthKit (User Management) user, under WorkOS's
// JSON names. A Bearer request knows only the ID (the token's sub).
type AuthKitUser struct {
	// ID is the WorkOS user ID (user_...).
	ID string `json:"id"`
	// Email is the user's email address.
	Email string `json:"email"`
	// EmailVerified says whether WorkOS verified the email address.
	EmailVerified bool `json:"email_verified"`
	// FirstName and LastName may be empty (null in JSON).
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	// ProfilePictureURL may be empty (null in JSON).
	ProfilePictureURL string `json:"profile_picture_url"`
	// ExternalID is the app's own ID for the user, if one was set.
	ExternalID string `json:"external_id,omitempty"`
	// Locale is the user's locale, e.g. "en-US", if WorkOS knows it.
	Locale string `json:"locale,omitempty"`
	// Metadata is the user's string metadata, if any, when it is at most
	// 1 KB (larger metadata is left out of the session: ask WorkOS).
	Metadata map[string]string `json:"metadata,omitempty"`
}

// MarshalJSON writes empty optional strings as null, as WorkOS does.
func (u AuthKitUser) MarshalJSON() ([]byte, error) {
	type plain AuthKitUser
	out := struct {
		plain
		FirstName         *string `json:"first_name"`
		LastName          *string `json:"last_name"`
		ProfilePictureURL *string `json:"profile_picture_url"`
	}{plain: plain(u)}
	for _, f := range []struct {
		v   string
		dst **string
	}{{u.FirstName, &out.FirstName}, {u.LastName, &out.LastName}, {u.ProfilePictureURL, &out.ProfilePictureURL}} {
		if f.v != "" {
			v := f.v
			*f.dst = &v
		}
	}
	return json.Marshal(out)
}

// Impersonator is the WorkOS dashboard admin who signed in as the user.
type Impersonator struct {
	// Email is the admin's email address.
	Email string `json:"email"`
	// Reason is what the admin gave as the reason, or "".
	Reason string `json:"reason"`
}

// AccessTokenClaims are the claims of an AuthKit access token that core
// reads. Only tokens whose signature verified against WorkOS's keys reach
// handlers.
type AccessTokenClaims struct {
	// Issuer is iss; Subject is sub, the user ID.
	Issuer, Subject string
	// SessionID is sid, the WorkOS session (session_...).
	SessionID string
	// OrganizationID is org_id; Role, Roles and Permissions are the
	// user's membership in it. All empty without an organization.
	OrganizationID string
	Role           string
	Roles          []string
	Permissions    []string
	// Entitlements and FeatureFlags are the organization's, when WorkOS
	// sends them.
	Entitlements []string
	FeatureFlags []string
	// Actor is act.sub: the impersonator's email, or "".
	Actor string
	// ID is jti.
	ID string
	// IssuedAt and Expiry are iat and exp.
	IssuedAt, Expiry time.Time
	// AuthTime is auth_time, when the user authenticated at WorkOS, or
	// zero when the token does not say. Unlike iat, a refresh does not
	// move it.
	AuthTime time.Time

	notBefore time.Time // nbf, or zero
}

// AuthKitSession is the AuthKit part of a session: the user, the
// organization, the tokens and the access token's verified claims. It is
// shared (cached): treat it as read-only.
type AuthKitSession struct {
	// User is the AuthKit user.
	User AuthKitUser `json:"user"`
	// OrganizationID is the session's organization (org_...), or "".
	OrganizationID string `json:"organization_id,omitempty"`
	// AuthenticationMethod is how the user signed in ("SSO", "Password",
	// "GoogleOAuth", "Impersonation", ...), when known.
	AuthenticationMethod string `json:"authentication_method,omitempty"`
	// Impersonator is set when a WorkOS admin signed in as the user.
	Impersonator *Impersonator `json:"impersonator,omitempty"`
	// AccessToken is the WorkOS access token (a JWT): send it to your own
	// APIs as "Authorization: Bearer " + AccessToken.Reveal(). A
	// [Secret], so the session prints, logs and encodes without it.
	AccessToken Secret `json:"access_token"`
	// Claims are AccessToken's claims; Claims.SessionID is the WorkOS
	// session ID.
	Claims AccessTokenClaims `json:"claims"`

	refreshToken Secret // single use; core rotates it and no handler needs it. A Secret too: fmt prints unexported fields
}

// HasPermission reports whether the access token grants the permission.
func (k *AuthKitSession) HasPermission(p string) bool { return contains(k.Claims.Permissions, p) }

// AuthKitFrom returns the AuthKit part of the session a guard put in the
// context: present for sessions signed in through AuthKit and for Bearer
// access tokens, absent for SSO sessions.
func AuthKitFrom(ctx context.Context) (*AuthKitSession, bool) {
	s, ok := SessionFrom(ctx)
	if !ok || s.AuthKit == nil {
		return nil, false
	}
	return s.AuthKit, true
}

// authKitWire is the sealed form of an AuthKitSession. The claims are not
// kept: they are read back from the access token.
type authKitWire struct {
	U AuthKitUser   `json:"u"`
	O string        `json:"o,omitempty"`
	M string        `json:"m,omitempty"`
	I *Impersonator `json:"i,omitempty"`
	A string        `json:"a"`
	R string        `json:"r"`
}

func (k *AuthKitSession) wire() *authKitWire {
	if k == nil {
		return nil
	}
	return &authKitWire{U: k.User, O: k.OrganizationID, M: k.AuthenticationMethod, I: k.Impersonator, A: k.AccessToken.Reveal(), R: k.refreshToken.Reveal()}
}

// decodeAuthKitWire rebuilds an AuthKitSession from its sealed form,
// reading the claims from the access token without verifying it (core
// verifies it before the session is used).
func decodeAuthKitWire(w *authKitWire) (*AuthKitSession, error) {
	if w.U.ID == "" || w.A == "" || w.R == "" {
		return nil, errBadSession
	}
	c, err := unverifiedClaims(w.A)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errBadSession, err)
	}
	if c.Subject != w.U.ID {
		return nil, fmt.Errorf("%w: access token of another user", errBadSession)
	}
	return &AuthKitSession{User: w.U, OrganizationID: w.O, AuthenticationMethod: w.M, Impersonator: w.I, AccessToken: NewSecret(w.A), refreshToken: NewSecret(w.R), Claims: c}, nil
}

// authKitProfile is the Profile of an AuthKit session, so that the
// guard's options (RequireOrganization, RequireRole, RequirePermission)
// and ProfileFrom work in both modes.
func authKitProfile(k *AuthKitSession) Profile {
	p := Profile{ID: k.User.ID, Email: k.User.Email, FirstName: k.User.FirstName, LastName: k.User.LastName,
		OrganizationID: k.Claims.OrganizationID, Permissions: k.Claims.Permissions}
	if p.OrganizationID == "" {
		p.OrganizationID = k.OrganizationID
	}
	p.Name = strings.TrimSpace(k.User.FirstName + " " + k.User.LastName)
	if k.Claims.Role != "" {
		p.Role = &Role{Slug: k.Claims.Role}
	}
	for _, r := range k.Claims.Roles {
		p.Roles = append(p.Roles, Role{Slug: r})
	}
	return p
}

var errBadToken = errors.New("workosauth: invalid access token")

// unverifiedClaims reads a token's claims without checking its signature:
// for tokens core sealed itself after verifying them.
func unverifiedClaims(token string) (AccessTokenClaims, error) {
	t, err := accesstoken.Parse(token)
	if err != nil {
		return AccessTokenClaims{}, fmt.Errorf("%w: %w", errBadToken, err)
	}
	c, err := t.UnverifiedClaims()
	if err != nil {
		return AccessTokenClaims{}, fmt.Errorf("%w: %w", errBadToken, err)
	}
	return accessClaims(c), nil
}

// accessClaims are the claims core hands out, from the token's.
func accessClaims(c accesstoken.Claims) AccessTokenClaims {
	return AccessTokenClaims{Issuer: c.Issuer, Subject: c.Subject, ID: c.ID, SessionID: c.SessionID, OrganizationID: c.OrganizationID,
		Role: c.Role, Roles: c.Roles, Permissions: c.Permissions, Entitlements: c.Entitlements, FeatureFlags: c.FeatureFlags,
		Actor: c.Actor, IssuedAt: c.IssuedAt, Expiry: c.Expiry, AuthTime: c.AuthTime, notBefore: c.NotBefore}
}

// authKitSessionCookies returns the cookies of a new AuthKit session, as
// the callback would set them, for tokens that WorkOS (or the emulator:
// see workostest.Server.AuthKitSignIn, through the engine) issued. The
// access token is verified against WorkOS's keys first, and
// Config.SignIn.OnSignIn runs on the profile (its refusal is the error).
// An Auth that signs in through SSO refuses (ErrConfig): it would sign
// such a session out.
func (a *Auth) authKitSessionCookies(ctx context.Context, t AuthKitSession, refreshToken string) (*Session, []*http.Cookie, error) {
	ctx = ctxOrBackground(ctx)
	if _, ok := a.mode.(authKitMode); !ok {
		return nil, nil, fmt.Errorf("%w: an AuthKit session needs an Auth with Config.AuthKit.Enabled", ErrConfig)
	}
	if refreshToken == "" {
		return nil, nil, fmt.Errorf("%w: no refresh token", errBadToken)
	}
	c, err := a.tokens.verify(ctx, t.AccessToken.Reveal(), false)
	if err != nil {
		return nil, nil, err
	}
	if c.Subject != t.User.ID {
		return nil, nil, fmt.Errorf("%w: access token of another user", errBadToken)
	}
	k := &t
	k.refreshToken, k.Claims = NewSecret(refreshToken), c
	if k.OrganizationID == "" {
		k.OrganizationID = c.OrganizationID
	}
	p, err := a.authKitProfileFor(ctx, k)
	if err != nil {
		return nil, nil, err
	}
	s := a.newSession(p)
	s.AuthKit = k
	rec := &cookieRecorder{ctx: ctx}
	if err := a.setSession(rec, s); err != nil {
		return nil, nil, err
	}
	return s, rec.cookies, nil
}
