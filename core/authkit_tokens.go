package core

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ssokit/workosauth/core/internal/accesstoken"
	"github.com/ssokit/workosauth/core/internal/cache"
	"github.com/ssokit/workosauth/core/internal/workosapi"
)

// Token verification: WorkOS signs AuthKit access tokens with RS256 under
// a key published at GET /sso/jwks/<client_id>. core/internal/accesstoken
// parses them (compact JWS only, alg exactly RS256, so "none" and HMAC
// tokens are refused before any key is looked at), verifies the one
// signature with crypto/rsa and decodes the claims once; go-jose reads the
// key set's keys (n/e and x5c). Here: which key set is current, and the
// Bearer cache.

const (
	// tokenLeeway is how long past its exp an access token is still
	// honoured, and how far ahead of now its nbf, iat and auth_time may
	// be, for clock skew between WorkOS and this server.
	tokenLeeway = 2 * time.Second
	// jwksCooldown is how old the key set must be before a token with an
	// unknown key ID makes core fetch it again, so that forged kids
	// cannot make core hammer WorkOS; within it such a token is refused
	// (the key set fetched moments ago does not have its key).
	jwksCooldown = 30 * time.Second
	// jwksIssuedCooldown replaces it for tokens WorkOS itself handed
	// core (at the token endpoint, or sealed in a session after that),
	// which cannot be forged: their unknown kid is a rotation, so a
	// forged kid cannot hold up a rotation's keys.
	jwksIssuedCooldown = time.Second
	// jwksRetryWait is the least time between two fetch attempts after
	// one failed. A failure never starts the cooldown.
	jwksRetryWait = time.Second
	// jwksMaxAge is how long a fetched key set is used before it is
	// fetched again (keys WorkOS withdrew stop verifying within it).
	jwksMaxAge = time.Hour
	// verifiedTokens bounds the cache of verified Bearer tokens.
	verifiedTokens = 10000
)

// errJWKSUnavailable: the token cannot be checked now: WorkOS's key set
// could not be fetched (WorkOS failed or did not answer, or published no
// usable key). The token is neither good nor bad yet: the answer is 503.
var errJWKSUnavailable = errors.New("workosauth: WorkOS's key set is unavailable")

// errUnknownKey: the token's key ID is not in the key set, fetched just
// now or within the cooldown.
var errUnknownKey = fmt.Errorf("%w: unknown key ID", errBadToken)

// issuerError: a token WorkOS signed names an issuer that is not
// accepted (Config.AuthKit.Issuers): a configuration mistake when WorkOS
// itself handed the token over.
type issuerError struct {
	seen     string
	accepted []string
}

func (e *issuerError) Error() string {
	return fmt.Sprintf("workosauth: invalid access token: issuer %q not accepted (accepted: %s)", e.seen, strings.Join(e.accepted, ", "))
}

func (e *issuerError) Unwrap() error { return errBadToken }

// tokenVerifier checks AuthKit access tokens: RS256 only, a key from
// WorkOS's key set, an accepted issuer, a subject and an expiry. Safe for
// concurrent use.
type tokenVerifier struct {
	client  *workosapi.Client
	issuers []string
	now     func() time.Time

	mu        sync.Mutex
	keys      map[string]*rsa.PublicKey // by kid; nil: never fetched
	fetchedAt time.Time                 // of keys: the last successful fetch
	failedAt  time.Time                 // the last failed fetch, if after fetchedAt
	fetches   cache.Group[map[string]*rsa.PublicKey]

	bearer *cache.Cache[*Session] // verified Bearer tokens by bearerKey, until exp + leeway

	issuerToldAt atomic.Int64 // unix nanoseconds of the last issuer problem logged
}

func newTokenVerifier(client *workosapi.Client, cfg Config) *tokenVerifier {
	base := strings.TrimRight(cfg.WorkOS.BaseURL, "/")
	issuers := append([]string{base, base + "/user_management/" + cfg.ClientID}, cfg.AuthKit.Issuers...)
	return &tokenVerifier{client: client, issuers: issuers, now: cfg.Now, bearer: cache.New[*Session](verifiedTokens)}
}

// verify checks token's signature, algorithm and issuer and returns its
// claims. issued says WorkOS itself handed core the token (at the token
// endpoint, or sealed in a session since): an unknown key ID then makes
// core fetch the key set again unless it did within the last second. It
// does not check the times: callers do (sessions refresh an expired
// token, Bearer tokens are refused). An error wraps errBadToken (an
// *issuerError, with the claims, when only the issuer is wrong), or
// errJWKSUnavailable.
func (v *tokenVerifier) verify(ctx context.Context, token string, issued bool) (AccessTokenClaims, error) {
	t, err := accesstoken.Parse(token)
	if err != nil {
		return AccessTokenClaims{}, fmt.Errorf("%w: %w", errBadToken, err)
	}
	key, err := v.key(ctx, t.KeyID, issued)
	if err != nil {
		return AccessTokenClaims{}, err
	}
	if err := t.Verify(key); err != nil {
		return AccessTokenClaims{}, fmt.Errorf("%w: %w", errBadToken, err)
	}
	c, err := t.Claims()
	if err != nil {
		return AccessTokenClaims{}, fmt.Errorf("%w: %w", errBadToken, err)
	}
	claims := accessClaims(c)
	if !contains(v.issuers, claims.Issuer) {
		return claims, &issuerError{seen: claims.Issuer, accepted: v.issuers}
	}
	return claims, nil
}

// key returns the key with this kid. It fetches the key set when it has
// none yet, when it is older than jwksMaxAge, or when the kid is unknown
// and the last successful fetch is older than the cooldown (jwksCooldown,
// or jwksIssuedCooldown for a token WorkOS issued); never within
// jwksRetryWait of a failed attempt.
func (v *tokenVerifier) key(ctx context.Context, kid string, issued bool) (*rsa.PublicKey, error) {
	cooldown := jwksCooldown
	if issued {
		cooldown = jwksIssuedCooldown
	}
	now := v.now()
	v.mu.Lock()
	k, known := v.keys[kid]
	have, age := v.keys != nil, now.Sub(v.fetchedAt)
	failing := !v.failedAt.IsZero() && now.Sub(v.failedAt) < jwksRetryWait
	v.mu.Unlock()
	switch {
	case known && (age < jwksMaxAge || failing):
		return k, nil
	case !known && have && age < cooldown:
		return nil, errUnknownKey
	case failing:
		return nil, fmt.Errorf("%w: the last fetch failed moments ago", errJWKSUnavailable)
	}
	keys, err := v.fetches.Do("jwks", func() (map[string]*rsa.PublicKey, error) {
		// The fetch outlives a caller that gives up: others share it.
		raw, err := v.client.FetchJWKS(context.WithoutCancel(ctx))
		var keys map[string]*rsa.PublicKey
		if err == nil {
			keys, err = decodeJWKS(raw)
		}
		v.mu.Lock()
		defer v.mu.Unlock()
		if err != nil {
			v.failedAt = v.now()
			return nil, err
		}
		v.keys, v.fetchedAt, v.failedAt = keys, v.now(), time.Time{}
		return keys, nil
	})
	if err != nil {
		if known { // the set we have still knows it
			return k, nil
		}
		return nil, fmt.Errorf("%w: %w", errJWKSUnavailable, err)
	}
	if k, ok := keys[kid]; ok {
		return k, nil
	}
	return nil, errUnknownKey
}

// decodeJWKS reads WorkOS's key set: its RS256 keys by kid
// (accesstoken.DecodeKeySet); a set with none is errBadResponse.
func decodeJWKS(raw []byte) (map[string]*rsa.PublicKey, error) {
	keys, err := accesstoken.DecodeKeySet(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errBadResponse, err)
	}
	return keys, nil
}

// bearerSession returns the session a Bearer access token stands for: its
// claims and the user ID, cached by token until its expiry (plus leeway),
// so that a token seen before costs a lookup. It never returns a session
// with an error. An invalid, expired or revoked token is errBadToken; keys
// that cannot be fetched, errJWKSUnavailable; a token not seen before
// while the revocation feed is out of sync, ErrStoreUnavailable.
func (a *Auth) bearerSession(ctx context.Context, token string) (*Session, error) {
	v := a.tokens
	now := a.now()
	if s, ok := v.bearer.Get(bearerKey(token), now); ok && sameToken(s.AuthKit.AccessToken.Reveal(), token) {
		if err := a.bearerRevoked(s); err != nil {
			return nil, err
		}
		return s, nil
	}
	if a.feed != nil && !a.synced.Load() {
		// As for a cookie this process does not hold: a revocation made
		// elsewhere may not have reached it.
		return nil, fmt.Errorf("%w: the revocation feed is not in sync", ErrStoreUnavailable)
	}
	c, err := v.verify(ctxOrBackground(ctx), token, false)
	if err != nil {
		return nil, err
	}
	until := c.Expiry.Add(tokenLeeway)
	if err := bearerTimes(c, now); err != nil {
		return nil, err
	}
	k := &AuthKitSession{User: AuthKitUser{ID: c.Subject}, OrganizationID: c.OrganizationID, AccessToken: NewSecret(strings.Clone(token)), Claims: c}
	if c.Actor != "" {
		k.Impersonator = &Impersonator{Email: c.Actor}
	}
	// The sign-in time is auth_time when the token carries it. Without
	// it, revocations count from iat (a token issued after RevokeUser is
	// not refused by it), and RequireRecentSignIn refuses the token: a
	// client with a refresh token gets a fresh iat at will.
	signedIn := c.AuthTime
	if signedIn.IsZero() {
		signedIn = c.IssuedAt
	}
	s := &Session{ID: "bearer:" + c.SessionID, Profile: authKitProfile(k), SignedInAt: signedIn, IssuedAt: c.IssuedAt, ExpiresAt: until, AuthKit: k,
		bearer: true, signInUnknown: c.AuthTime.IsZero()}
	if err := a.bearerStale(s); err != nil {
		return nil, err
	}
	v.bearer.Set(bearerKey(k.AccessToken.Reveal()), s, until) // see authkit_bearer_key.go
	if err := a.bearerRevoked(s); err != nil {
		return nil, err
	}
	if err := a.bearerStale(s); err != nil {
		v.bearer.Delete(bearerKey(k.AccessToken.Reveal()))
		return nil, err
	}
	return s, nil
}

// bearerRevoked refuses a token of a user revoked with RevokeUser or
// RevokeMatching after the token was issued.
func (a *Auth) bearerRevoked(s *Session) error {
	if a.revoked.revoked(s) {
		return fmt.Errorf("%w: revoked", errBadToken)
	}
	return nil
}

// bearerTimes refuses a Bearer token that has expired (past exp plus the
// leeway), that is not valid yet (nbf ahead of now beyond the leeway), or
// whose iat or auth_time is missing or ahead of now beyond the leeway:
// revocations place a token by them, so a future one would escape them.
func bearerTimes(c AccessTokenClaims, now time.Time) error {
	ahead := now.Add(tokenLeeway)
	switch {
	case !now.Before(c.Expiry.Add(tokenLeeway)):
		return fmt.Errorf("%w: expired", errBadToken)
	case c.notBefore.After(ahead):
		return fmt.Errorf("%w: not valid yet (nbf)", errBadToken)
	case c.IssuedAt.IsZero() || c.IssuedAt.After(ahead):
		return fmt.Errorf("%w: no iat, or an iat ahead of now", errBadToken)
	case c.AuthTime.After(ahead) || c.AuthTime.After(c.IssuedAt.Add(tokenLeeway)):
		return fmt.Errorf("%w: an auth_time ahead of now or of iat", errBadToken)
	}
	return nil
}

// issuerProblemEvery bounds how often an issuer that is not accepted is
// logged: every session refreshed or opened meets it until the
// configuration is fixed.
const issuerProblemEvery = time.Minute

// issuerProblem logs a token WorkOS handed core whose issuer is not
// accepted, as a configuration problem naming the issuer seen and the
// ones accepted, at most once per issuerProblemEvery.
func (a *Auth) issuerProblem(ctx context.Context, e *issuerError) {
	now := a.now().UnixNano()
	last := a.tokens.issuerToldAt.Load()
	if last != 0 && now-last < int64(issuerProblemEvery) || !a.tokens.issuerToldAt.CompareAndSwap(last, now) {
		return
	}
	a.emit(ctx, AuditEvent{Type: AuditConfigProblem, Code: "issuer_not_accepted",
		Message: fmt.Sprintf("WorkOS issued an access token whose issuer %q is not accepted (accepted: %s): set Config.AuthKit.Issuers (WORKOS_AUTHKIT_ISSUERS) to accept it",
			e.seen, strings.Join(e.accepted, ", "))})
}
