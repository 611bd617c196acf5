package core

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/ssokit/workosauth/core/internal/workosapi"
)

// authKitSession checks an authenticate answer (its user, and its access
// token against WorkOS's keys) and returns the AuthKit part of a session.
// A token whose issuer is not accepted comes with the configuration
// error (codeConfigurationError) a sign-in answers: a refresh keeps it.
func (a *Auth) authKitSession(ctx context.Context, res *workosapi.AuthenticateResult) (*AuthKitSession, error) {
	user, err := decodeAuthKitUser(res.User)
	if err != nil {
		return nil, workosError(fmt.Errorf("%w: user: %w", errBadResponse, err))
	}
	c, err := a.issuedClaims(ctx, res.AccessToken)
	var iss *issuerError
	switch {
	case errors.As(err, &iss):
		err = &Error{Status: http.StatusBadGateway, Code: codeConfigurationError, Message: errorMessages[codeConfigurationError], Err: err}
	case err != nil:
		return nil, workosError(fmt.Errorf("%w: access token: %w", errBadResponse, err))
	}
	if c.Subject != user.ID {
		return nil, workosError(fmt.Errorf("%w: access token of another user", errBadResponse))
	}
	k := &AuthKitSession{User: user, OrganizationID: res.OrganizationID, AuthenticationMethod: res.AuthenticationMethod,
		AccessToken: NewSecret(res.AccessToken), refreshToken: NewSecret(res.RefreshToken), Claims: c}
	if res.Impersonator != nil {
		k.Impersonator = &Impersonator{Email: res.Impersonator.Email, Reason: res.Impersonator.Reason}
	}
	if k.OrganizationID == "" {
		k.OrganizationID = c.OrganizationID
	}
	return k, err
}

// issuedClaims checks an access token WorkOS has just answered at its
// token endpoint. It is never thrown away for want of a key: when the key
// set cannot be fetched, or does not list the token's key yet (WorkOS
// signing with a key it has not published), the token is taken on the
// strength of the answer itself, which came from WorkOS authenticated
// with the API key, as the key set does (whoever could forge the one
// could forge the other); refusing it would sign the user out, its
// refresh token spent. A signature that does not verify under a key
// WorkOS publishes is refused. An issuer that is not accepted is an
// *issuerError (logged as a configuration problem), with the claims.
func (a *Auth) issuedClaims(ctx context.Context, token string) (AccessTokenClaims, error) {
	c, err := a.tokens.verify(ctx, token, true)
	var iss *issuerError
	switch {
	case errors.As(err, &iss):
		a.issuerProblem(ctx, iss)
		return c, err
	case errors.Is(err, errJWKSUnavailable), errors.Is(err, errUnknownKey):
		a.log.Warn("workosauth: a token WorkOS has just issued could not be verified; it is taken on the strength of WorkOS's answer", "error", err)
		if c, err = unverifiedClaims(token); err != nil {
			return c, err
		}
		if !contains(a.tokens.issuers, c.Issuer) {
			iss = &issuerError{seen: c.Issuer, accepted: a.tokens.issuers}
			a.issuerProblem(ctx, iss)
			return c, iss
		}
	}
	return c, err
}

// maxMetadataBytes bounds the user metadata a session keeps: WorkOS allows
// 50 keys of 600 characters, more than a cookie holds.
const maxMetadataBytes = 1024

// decodeAuthKitUser reads WorkOS's user JSON; it requires an id. Metadata
// larger than maxMetadataBytes is left out.
func decodeAuthKitUser(raw []byte) (AuthKitUser, error) {
	var w struct {
		AuthKitUser
		FirstName         *string        `json:"first_name"`
		LastName          *string        `json:"last_name"`
		ProfilePictureURL *string        `json:"profile_picture_url"`
		ExternalID        *string        `json:"external_id"`
		Locale            *string        `json:"locale"`
		Metadata          map[string]any `json:"metadata"`
	}
	if err := json.Unmarshal(raw, &w); err != nil {
		return AuthKitUser{}, err
	}
	u := w.AuthKitUser
	for _, f := range []struct {
		src *string
		dst *string
	}{{w.FirstName, &u.FirstName}, {w.LastName, &u.LastName}, {w.ProfilePictureURL, &u.ProfilePictureURL}, {w.ExternalID, &u.ExternalID}, {w.Locale, &u.Locale}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	u.Metadata = nil
	size := 0
	for k, v := range w.Metadata {
		if s, ok := v.(string); ok {
			if u.Metadata == nil {
				u.Metadata = map[string]string{}
			}
			u.Metadata[k] = s
			size += len(k) + len(s)
		}
	}
	if size > maxMetadataBytes {
		u.Metadata = nil // the session must fit in a cookie; read it from WorkOS when needed
	}
	if u.ID == "" {
		return AuthKitUser{}, errNoProfileID
	}
	return u, nil
}

// authKitError answers a refused AuthKit code exchange: an
// organization_selection_required with its choices becomes a chooser; the
// step-up errors WorkOS may answer are the user's to act on, and say so;
// the rest as workosError.
func authKitError(err error) error {
	var api *APIError
	if errors.As(err, &api) && api.StatusCode < 500 {
		if sel, ok := api.OrganizationSelection(); ok {
			return &orgSelectionNeeded{sel: sel} // the callback shows a chooser
		}
		switch api.Code {
		case "organization_selection_required":
			return &Error{Status: http.StatusBadRequest, Code: "organization_selection_required", Message: "Your account belongs to several organizations. Sign in with your work email, or through your organization's sign-in link, to choose one.", Err: err}
		case "email_verification_required", "mfa_enrollment", "mfa_challenge", "sso_required", "organization_authentication_methods_required":
			return &Error{Status: http.StatusBadRequest, Code: api.Code, Message: "WorkOS needs one more step before you can sign in. Please sign in again through the sign-in page.", Err: err}
		}
	}
	return workosError(err)
}
