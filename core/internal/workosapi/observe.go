package workosapi

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/ssokit/workosauth/core/internal/telemetry"
)

// startCall starts the telemetry of a call to endpoint e (a client span,
// a child of ctx's); the context returned carries it, for the requests.
// Without telemetry it records nothing.
func (c *Client) startCall(ctx context.Context, e telemetry.Endpoint) (context.Context, *telemetry.WorkOSCall) {
	return c.tel.StartWorkOSCall(ctx, e)
}

// endpointOf is the endpoint of a URL this client built: its path after
// the base URL, without the query, as a route template.
func (c *Client) endpointOf(rawURL string) telemetry.Endpoint {
	p, _, _ := strings.Cut(strings.TrimPrefix(rawURL, c.base), "?")
	switch {
	case p == "/events":
		return telemetry.EndpointEvents
	case p == "/organizations":
		return telemetry.EndpointOrganizations
	case p == "/connections":
		return telemetry.EndpointConnections
	case p == "/user_management/sessions/revoke":
		return telemetry.EndpointRevokeSession
	case strings.HasPrefix(p, "/user_management/users/") && strings.HasSuffix(p, "/sessions"):
		return telemetry.EndpointUserSessions
	case strings.HasPrefix(p, "/sso/jwks/"):
		return telemetry.EndpointJWKS
	case p == "/sso/token":
		return telemetry.EndpointSSOToken
	case p == "/user_management/authenticate":
		return telemetry.EndpointAuthenticate
	}
	return telemetry.Endpoint(255) // none: not recorded
}

// roundTrip is c.http.Do(req), recorded as an attempt of call: its
// duration and WorkOS's answer (status, request ID), or that none came.
func (c *Client) roundTrip(ctx context.Context, call *telemetry.WorkOSCall, req *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		call.NoAnswer(ctx, time.Since(start), timedOut(ctx, err))
		return nil, err
	}
	call.Answered(ctx, time.Since(start), resp)
	return resp, nil
}

// timedOut reports whether a failed round trip ran out of time.
func timedOut(ctx context.Context, err error) bool {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return true
	}
	var netErr interface{ Timeout() bool }
	return errors.As(err, &netErr) && netErr.Timeout()
}
