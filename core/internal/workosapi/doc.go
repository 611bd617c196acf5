// Package workosapi is the HTTP client for the parts of the WorkOS API that
// workosauth needs: the SSO authorize URL, the SSO code exchange, and the
// organization and connection lookups used to route a user to their identity
// provider.
//
// The package speaks HTTP directly (there is no WorkOS SDK dependency). The
// authorize URL is built with golang.org/x/oauth2; the code exchange and the
// list calls use net/http and encoding/json so that every byte WorkOS sends
// is bounded, strictly decoded and mapped to a typed error.
//
// Errors are typed so callers can branch on them:
//
//   - *APIError: WorkOS answered with a non-2xx status (errors.As).
//   - ErrTimeout: WorkOS did not answer in time; such errors also match
//     context.DeadlineExceeded (errors.Is).
//   - ErrUnavailable: the request failed in transport (refused, reset, DNS).
//   - ErrBadResponse: WorkOS answered 2xx with a body that is not what the
//     API promises.
//   - ErrInvalidArgument: the Config or a call argument was rejected before
//     any request was sent.
//
// No error string produced by this package contains the API key, an
// authorization code, a PKCE verifier or an access token.
//
// A Client is immutable after New and safe for concurrent use.
package workosapi
