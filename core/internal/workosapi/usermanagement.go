package workosapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/ssokit/workosauth/core/internal/telemetry"
)

// This file is the AuthKit (User Management) part of the client:
// GET /user_management/authorize (a URL), POST /user_management/authenticate
// (the code exchange and refresh, JSON bodies), GET /sso/jwks/{client_id}
// and GET /user_management/sessions/logout (a URL).

// AuthKitAuthorizeParams are the inputs of one AuthKit authorization
// redirect.
type AuthKitAuthorizeParams struct {
	// State is echoed back to the redirect URI; required.
	State string
	// CodeChallenge is the PKCE S256 challenge; required.
	CodeChallenge string
	// ConnectionID (conn_...), OrganizationID (org_...) and Provider
	// ("authkit", "GoogleOAuth", ...) select how the user signs in. At
	// least one must be set; ConnectionID excludes the others, and
	// OrganizationID goes with Provider only when Provider is "authkit".
	ConnectionID, OrganizationID, Provider string
	// ScreenHint is "sign-up" or "sign-in"; sent only with
	// Provider "authkit".
	ScreenHint string
	// LoginHint pre-fills the email; DomainHint selects an SSO domain.
	LoginHint, DomainHint string
	// Prompt is passed as prompt= when set.
	Prompt string
	// RedirectURI replaces the client's redirect URI for this sign-in
	// (one of the app's registered ones). Default: the client's.
	RedirectURI string
}

// AuthKitAuthorizeURL returns the GET {base}/user_management/authorize URL:
// client_id, redirect_uri, response_type=code, state, code_challenge,
// code_challenge_method=S256, the selectors and the hints that are set.
// Errors wrap ErrInvalidArgument.
func (c *Client) AuthKitAuthorizeURL(p AuthKitAuthorizeParams) (string, error) {
	switch {
	case p.ConnectionID == "" && p.OrganizationID == "" && p.Provider == "":
		return "", invalidArgument("one of ConnectionID, OrganizationID or Provider is required")
	case p.ConnectionID != "" && (p.OrganizationID != "" || p.Provider != ""):
		return "", invalidArgument("ConnectionID excludes OrganizationID and Provider")
	case p.OrganizationID != "" && p.Provider != "" && p.Provider != "authkit":
		return "", invalidArgument("OrganizationID goes with Provider authkit only")
	case p.ScreenHint != "" && p.Provider != "authkit":
		return "", invalidArgument("ScreenHint needs Provider authkit")
	case p.ScreenHint != "" && p.ScreenHint != "sign-up" && p.ScreenHint != "sign-in":
		return "", invalidArgument("ScreenHint is sign-up or sign-in")
	case p.State == "":
		return "", invalidArgument("State is required")
	case !isS256Challenge(p.CodeChallenge):
		return "", invalidArgument("CodeChallenge must be an S256 PKCE challenge (43 base64url characters)")
	}
	redirectURI := c.oauth.RedirectURL
	if p.RedirectURI != "" {
		redirectURI = p.RedirectURI
	}
	q := url.Values{
		"client_id":             {c.clientID},
		"redirect_uri":          {redirectURI},
		"response_type":         {"code"},
		"state":                 {p.State},
		"code_challenge":        {p.CodeChallenge},
		"code_challenge_method": {"S256"},
	}
	for k, v := range map[string]string{
		"connection_id": p.ConnectionID, "organization_id": p.OrganizationID, "provider": p.Provider,
		"screen_hint": p.ScreenHint, "login_hint": p.LoginHint, "domain_hint": p.DomainHint, "prompt": p.Prompt,
	} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return c.base + "/user_management/authorize?" + q.Encode(), nil
}

// LogoutURL returns the GET {base}/user_management/sessions/logout URL that
// ends the WorkOS session sessionID (an access token's sid) and sends the
// browser on to returnTo ("" leaves it out).
func (c *Client) LogoutURL(sessionID, returnTo string) string {
	q := url.Values{"session_id": {sessionID}}
	if returnTo != "" {
		q.Set("return_to", returnTo)
	}
	return c.base + "/user_management/sessions/logout?" + q.Encode()
}

// JWKSURL is the URL of the client's JSON Web Key Set.
func (c *Client) JWKSURL() string { return c.base + "/sso/jwks/" + url.PathEscape(c.clientID) }

// AuthenticateResult is a successful POST /user_management/authenticate.
type AuthenticateResult struct {
	// User is the raw JSON object of the answer's "user" (with a non-empty
	// string id); the caller decodes it.
	User json.RawMessage
	// OrganizationID is the session's organization, or "".
	OrganizationID string
	// AccessToken is the session's JWT; RefreshToken its single-use
	// refresh token. Both are secrets.
	AccessToken, RefreshToken string
	// AuthenticationMethod is how the user signed in ("SSO", "Password", ...).
	AuthenticationMethod string
	// Impersonator is set when a WorkOS admin signs in as the user.
	Impersonator *Impersonator
}

// Impersonator is the WorkOS dashboard user who impersonates.
type Impersonator struct {
	// Email is the admin's email address.
	Email string `json:"email"`
	// Reason is the reason the admin gave, or "".
	Reason string `json:"reason"`
}

// AuthenticateCode redeems an AuthKit authorization code (grant_type
// authorization_code with code, code_verifier, client_id and
// client_secret, as JSON). It is never retried. Errors: *APIError (400
// invalid_grant, ...), ErrTimeout, ErrUnavailable, ErrBadResponse.
func (c *Client) AuthenticateCode(ctx context.Context, code, verifier string) (*AuthenticateResult, error) {
	if code == "" {
		return nil, invalidArgument("code is required")
	}
	if !isValidVerifier(verifier) {
		return nil, invalidArgument("verifier must be a PKCE code verifier (43-128 unreserved characters)")
	}
	return c.authenticate(ctx, "authenticate", map[string]string{
		"grant_type": "authorization_code", "code": code, "code_verifier": verifier,
	}, code, verifier)
}

// AuthenticateRefresh exchanges a refresh token (grant_type refresh_token)
// for a new access token and refresh token; organizationID, when set,
// switches the session to that organization. It is sent once, never
// retried: refresh tokens are single use, and the caller decides what a
// failure means. Errors as AuthenticateCode.
func (c *Client) AuthenticateRefresh(ctx context.Context, refreshToken, organizationID string) (*AuthenticateResult, error) {
	if refreshToken == "" {
		return nil, invalidArgument("refresh token is required")
	}
	body := map[string]string{"grant_type": "refresh_token", "refresh_token": refreshToken}
	if organizationID != "" {
		body["organization_id"] = organizationID
	}
	return c.authenticate(ctx, "refresh", body, refreshToken)
}

func (c *Client) authenticate(ctx context.Context, op string, fields map[string]string, secrets ...string) (*AuthenticateResult, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	ctx, call := c.startCall(ctx, telemetry.EndpointAuthenticate)
	defer call.End()
	fields["client_id"] = c.clientID
	fields["client_secret"] = c.apiKey
	raw, err := json.Marshal(fields)
	if err != nil {
		return nil, fmt.Errorf("workosapi: %s: encoding request: %w", op, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/user_management/authenticate", bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("workosapi: %s: building request: %w", op, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", userAgent)
	body, err := c.send(ctx, call, op, req, secrets...)
	if err != nil {
		return nil, err
	}
	res, err := DecodeAuthenticate(body)
	if err != nil {
		return nil, fmt.Errorf("workosapi: %s: %w", op, err)
	}
	return res, nil
}

// DecodeAuthenticate decodes a 2xx /user_management/authenticate body. It
// requires a user object with a non-empty string id, an access_token and
// a refresh_token; anything else is ErrBadResponse. Errors never quote the
// body.
func DecodeAuthenticate(body []byte) (*AuthenticateResult, error) {
	var w struct {
		User                 json.RawMessage `json:"user"`
		OrganizationID       *string         `json:"organization_id"`
		AccessToken          string          `json:"access_token"`
		RefreshToken         string          `json:"refresh_token"`
		AuthenticationMethod *string         `json:"authentication_method"`
		Impersonator         *struct {
			Email  string  `json:"email"`
			Reason *string `json:"reason"`
		} `json:"impersonator"`
	}
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, describeJSONError(err)
	}
	if w.AccessToken == "" || w.RefreshToken == "" {
		return nil, fmt.Errorf("%w: authenticate answer lacks access_token or refresh_token", ErrBadResponse)
	}
	if !isJSONObject(w.User) {
		return nil, fmt.Errorf("%w: authenticate answer has no user object", ErrBadResponse)
	}
	var id profileID
	if err := json.Unmarshal(w.User, &id); err != nil {
		return nil, fmt.Errorf("user: %w", describeJSONError(err))
	}
	if id.ID == "" {
		return nil, fmt.Errorf("%w: user has no id", ErrBadResponse)
	}
	res := &AuthenticateResult{User: w.User, AccessToken: w.AccessToken, RefreshToken: w.RefreshToken}
	if w.OrganizationID != nil {
		res.OrganizationID = *w.OrganizationID
	}
	if w.AuthenticationMethod != nil {
		res.AuthenticationMethod = *w.AuthenticationMethod
	}
	if w.Impersonator != nil && w.Impersonator.Email != "" {
		res.Impersonator = &Impersonator{Email: w.Impersonator.Email}
		if w.Impersonator.Reason != nil {
			res.Impersonator.Reason = *w.Impersonator.Reason
		}
	}
	return res, nil
}

// FetchJWKS GETs the client's JSON Web Key Set and returns its bounded
// body, without the API key (the set is public). A safe lookup, retried
// like the others on 429, 5xx and transport failures.
func (c *Client) FetchJWKS(ctx context.Context) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	return c.getRetrying(ctx, "jwks", c.JWKSURL(), false)
}

// OrganizationSelection is what WorkOS's 403 organization_selection_required
// carries: the organizations to choose from and the pending token that
// finishes the sign-in with one of them. The token is a secret: String
// leaves it out.
type OrganizationSelection struct {
	// PendingToken is pending_authentication_token.
	PendingToken string
	// Organizations are the user's organizations.
	Organizations []OrganizationChoice
}

// OrganizationChoice is one organization to choose from.
type OrganizationChoice struct {
	// ID is org_...; Name its display name.
	ID   string `json:"id"`
	Name string `json:"name"`
}

// String describes the selection without the pending token.
func (s *OrganizationSelection) String() string {
	return fmt.Sprintf("workosapi.OrganizationSelection{Organizations:%d}", len(s.Organizations))
}

// GoString is String.
func (s *OrganizationSelection) GoString() string { return s.String() }

// OrganizationSelection returns the choice an organization_selection_required
// answer carries, when it carried a pending token and organizations.
func (e *APIError) OrganizationSelection() (*OrganizationSelection, bool) {
	return e.selection, e.selection != nil
}

// decodeOrganizationSelection reads pending_authentication_token and
// organizations from an error body; nil when either is missing.
func decodeOrganizationSelection(body []byte) *OrganizationSelection {
	var w struct {
		Pending       string            `json:"pending_authentication_token"`
		Organizations []json.RawMessage `json:"organizations"`
	}
	if json.Unmarshal(body, &w) != nil || w.Pending == "" || len(w.Pending) > 2048 {
		return nil
	}
	sel := &OrganizationSelection{PendingToken: w.Pending}
	for _, raw := range w.Organizations {
		var o OrganizationChoice
		if json.Unmarshal(raw, &o) == nil && o.ID != "" && len(sel.Organizations) < 100 {
			o.Name = sanitizeText(o.Name, 200)
			sel.Organizations = append(sel.Organizations, o)
		}
	}
	if len(sel.Organizations) == 0 {
		return nil
	}
	return sel
}

// AuthenticateOrganizationSelection finishes a sign-in that WorkOS answered
// with organization_selection_required (grant_type
// urn:workos:oauth:grant-type:organization-selection, with the pending
// token, the chosen organization and the client secret). Never retried.
func (c *Client) AuthenticateOrganizationSelection(ctx context.Context, pendingToken, organizationID string) (*AuthenticateResult, error) {
	if pendingToken == "" || organizationID == "" {
		return nil, invalidArgument("a pending token and an organization are required")
	}
	return c.authenticate(ctx, "organization_selection", map[string]string{
		"grant_type": "urn:workos:oauth:grant-type:organization-selection", "pending_authentication_token": pendingToken,
		"organization_id": organizationID,
	}, pendingToken)
}
