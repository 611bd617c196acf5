package workosapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/ssokit/workosauth/core/internal/telemetry"
)

// TokenResult is the useful part of a successful code exchange.
type TokenResult struct {
	// AccessToken is the WorkOS access token (for GET /sso/profile). Treat
	// it as a secret.
	AccessToken string
	// Profile is the raw JSON object of the answer's "profile", exactly as
	// WorkOS sent it; it is guaranteed to be an object with a non-empty
	// string "id". The caller decodes it.
	Profile json.RawMessage
}

// ExchangeCode redeems an authorization code: it POSTs {base}/sso/token as
// a JSON object (application/json) with client_id, client_secret (the API
// key), grant_type=authorization_code, code and code_verifier. WorkOS's API
// takes JSON or a form; WorkOS's own SDKs send JSON, and WorkOS's emulator
// (workos/emulate) reads only JSON.
//
// It is never retried, since a code is single-use. Errors: *APIError for a
// non-2xx answer (e.g. 400 invalid_grant, 400 invalid_client), ErrTimeout,
// ErrUnavailable, ErrBadResponse when a 2xx body lacks an access_token or a
// profile object with an id, ErrInvalidArgument for an empty code or a
// malformed verifier.
func (c *Client) ExchangeCode(ctx context.Context, code, verifier string) (*TokenResult, error) {
	const op = "token"
	if code == "" {
		return nil, invalidArgument("code is required")
	}
	if !isValidVerifier(verifier) {
		return nil, invalidArgument("verifier must be a PKCE code verifier (43-128 unreserved characters)")
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	ctx, call := c.startCall(ctx, telemetry.EndpointSSOToken)
	defer call.End()

	payload, err := json.Marshal(tokenRequest{
		ClientID:     c.clientID,
		ClientSecret: c.apiKey,
		GrantType:    "authorization_code",
		Code:         code,
		CodeVerifier: verifier,
	})
	if err != nil {
		return nil, fmt.Errorf("workosapi: %s: encoding request: %w", op, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.tokenURL, bytes.NewReader(payload))
	if err != nil {
		return nil, fmt.Errorf("workosapi: %s: building request: %w", op, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", userAgent)

	body, err := c.send(ctx, call, op, req, code, verifier)
	if err != nil {
		return nil, err
	}
	res, err := decodeToken(body)
	if err != nil {
		return nil, fmt.Errorf("workosapi: %s: %w", op, err)
	}
	return res, nil
}

// tokenRequest is the JSON body of the code exchange.
type tokenRequest struct {
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	GrantType    string `json:"grant_type"`
	Code         string `json:"code"`
	CodeVerifier string `json:"code_verifier"`
}

// tokenWire is the part of the /sso/token answer we read.
type tokenWire struct {
	AccessToken string          `json:"access_token"`
	Profile     json.RawMessage `json:"profile"`
}

// profileID is the part of the profile we validate.
type profileID struct {
	ID string `json:"id"`
}

// decodeToken decodes a 2xx /sso/token body. It requires a JSON object with
// a non-empty string access_token and a profile object with a non-empty
// string id; anything else is ErrBadResponse. Errors never quote the body.
func decodeToken(body []byte) (*TokenResult, error) {
	var w tokenWire
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, describeJSONError(err)
	}
	if w.AccessToken == "" {
		return nil, fmt.Errorf("%w: token answer has no access_token", ErrBadResponse)
	}
	if !isJSONObject(w.Profile) {
		return nil, fmt.Errorf("%w: token answer has no profile object", ErrBadResponse)
	}
	var p profileID
	if err := json.Unmarshal(w.Profile, &p); err != nil {
		return nil, fmt.Errorf("profile: %w", describeJSONError(err))
	}
	if p.ID == "" {
		return nil, fmt.Errorf("%w: profile has no id", ErrBadResponse)
	}
	return &TokenResult{AccessToken: w.AccessToken, Profile: w.Profile}, nil
}
