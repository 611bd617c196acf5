package core

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/ssokit/workosauth/core/internal/cache"
	"github.com/ssokit/workosauth/core/internal/workosapi"
)

// Token verification: WorkOS signs AuthKit access tokens with RS256 under
// a key published at GET /sso/jwks/<client_id>. go-jose v4 parses and
// verifies them: its parser takes the list of accepted algorithms (only
// RS256 here), so "none" and HMAC tokens are refused before any key is
// looked at, and it reads JWKS (n/e and x5c) itself.

const (
	// tokenLeeway is how long past its exp an access token is still
	// honoured, for clock skew between WorkOS and this server.
	tokenLeeway = 2 * time.Second
	// jwksCooldown is the least time between two fetches of the key set
	// caused by unknown key IDs, so that forged kids cannot make core
	// hammer WorkOS.
	jwksCooldown = 30 * time.Second
	// jwksMaxAge is how long a fetched key set is used before it is
	// fetched again (keys WorkOS withdrew stop verifying within it).
	jwksMaxAge = time.Hour
	// verifiedTokens bounds the cache of verified Bearer tokens.
	verifiedTokens = 10000
	// minRSABits is the smallest RSA key accepted.
	minRSABits = 2048
)

// errJWKSUnavailable: the key set could not be fetched (WorkOS failed or
// did not answer); the token is neither good nor bad yet.
var errJWKSUnavailable = errors.New("workosauth: WorkOS's key set is unavailable")

// tokenVerifier checks AuthKit access tokens: RS256 only, a key from
// WorkOS's key set, an accepted issuer, a subject and an expiry. Safe for
// concurrent use.
type tokenVerifier struct {
	client  *workosapi.Client
	issuers []string
	now     func() time.Time

	mu        sync.Mutex
	keys      map[string]*rsa.PublicKey // by kid
	fetchedAt time.Time                 // of keys; zero: never
	triedAt   time.Time                 // last fetch attempt
	fetches   cache.Group[map[string]*rsa.PublicKey]

	bearer *cache.Cache[*Session] // verified Bearer tokens, until exp + leeway
}

func newTokenVerifier(client *workosapi.Client, cfg Config) *tokenVerifier {
	base := strings.TrimRight(cfg.BaseURL, "/")
	issuers := append([]string{base, base + "/user_management/" + cfg.ClientID}, cfg.AuthKitIssuers...)
	return &tokenVerifier{client: client, issuers: issuers, now: cfg.Now, bearer: cache.New[*Session](verifiedTokens)}
}

// verify checks token's signature, algorithm and issuer and returns its
// claims. It does not check the expiry: callers compare Claims.Expiry
// (sessions refresh, Bearer tokens are refused). An error wraps
// errBadToken, or errJWKSUnavailable when the keys could not be fetched.
func (v *tokenVerifier) verify(ctx context.Context, token string) (AccessTokenClaims, error) {
	t, err := parseAccessToken(token)
	if err != nil {
		return AccessTokenClaims{}, err
	}
	h := t.Headers[0]
	if h.Algorithm != string(jose.RS256) {
		return AccessTokenClaims{}, errBadToken
	}
	key, err := v.key(ctx, h.KeyID)
	if err != nil {
		return AccessTokenClaims{}, err
	}
	var std jwt.Claims
	var c claimsWire
	if err := t.Claims(key, &std, &c); err != nil {
		return AccessTokenClaims{}, fmt.Errorf("%w: %w", errBadToken, err)
	}
	if !contains(v.issuers, std.Issuer) {
		return AccessTokenClaims{}, fmt.Errorf("%w: issuer not accepted", errBadToken)
	}
	return makeClaims(std, c)
}

// key returns the key with this kid, fetching the key set when it has
// none yet, when it is older than jwksMaxAge, or when the kid is unknown
// and the last fetch is older than jwksCooldown.
func (v *tokenVerifier) key(ctx context.Context, kid string) (*rsa.PublicKey, error) {
	now := v.now()
	v.mu.Lock()
	k, known := v.keys[kid]
	fresh := !v.fetchedAt.IsZero() && now.Sub(v.fetchedAt) < jwksMaxAge
	mayFetch := v.triedAt.IsZero() || now.Sub(v.triedAt) >= jwksCooldown
	v.mu.Unlock()
	switch {
	case known && (fresh || !mayFetch):
		return k, nil
	case !mayFetch:
		return nil, fmt.Errorf("%w: unknown key ID", errBadToken)
	}
	keys, err := v.fetches.Do("jwks", func() (map[string]*rsa.PublicKey, error) {
		v.mu.Lock()
		v.triedAt = v.now()
		v.mu.Unlock()
		// The fetch outlives a caller that gives up: others share it.
		raw, err := v.client.FetchJWKS(context.WithoutCancel(ctx))
		if err != nil {
			return nil, err
		}
		keys, err := decodeJWKS(raw)
		if err != nil {
			return nil, err
		}
		v.mu.Lock()
		v.keys, v.fetchedAt = keys, v.now()
		v.mu.Unlock()
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
	return nil, fmt.Errorf("%w: unknown key ID", errBadToken)
}

// decodeJWKS reads a JSON Web Key Set and keeps its RSA signing keys of at
// least 2048 bits that are for RS256 (or name no algorithm), by kid. Keys
// that do not parse are skipped; a set with no usable key is an error.
func decodeJWKS(raw []byte) (map[string]*rsa.PublicKey, error) {
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(raw, &set); err != nil {
		return nil, fmt.Errorf("%w: key set is not JSON", ErrBadResponse)
	}
	keys := map[string]*rsa.PublicKey{}
	for _, r := range set.Keys {
		var k jose.JSONWebKey
		if err := k.UnmarshalJSON(r); err != nil {
			continue
		}
		pub, ok := k.Key.(*rsa.PublicKey)
		if !ok || pub.N.BitLen() < minRSABits || (k.Use != "" && k.Use != "sig") ||
			(k.Algorithm != "" && k.Algorithm != string(jose.RS256)) || k.KeyID == "" {
			continue
		}
		keys[k.KeyID] = pub
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%w: key set has no RS256 key", ErrBadResponse)
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
	if s, ok := v.bearer.Get(token, now); ok {
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
	c, err := v.verify(ctxOrBackground(ctx), token)
	if err != nil {
		return nil, err
	}
	until := c.Expiry.Add(tokenLeeway)
	if err := bearerTimes(c, now); err != nil {
		return nil, err
	}
	k := &AuthKitSession{User: AuthKitUser{ID: c.Subject}, OrganizationID: c.OrganizationID, AccessToken: strings.Clone(token), Claims: c}
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
	v.bearer.Set(k.AccessToken, s, until)
	if err := a.bearerRevoked(s); err != nil {
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
