package core

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/ssokit/workosauth/core/internal/seal"
	"github.com/ssokit/workosauth/core/internal/sessionfmt"
)

// Session is a signed-in user's session: who, since when, and until when.
// A Session that core hands out is shared (it may sit in the cache of
// opened sessions): treat it as read-only.
type Session struct {
	// ID identifies the session (random, 128 bits): [Auth.RevokeSession]
	// takes it. It is not a credential: knowing it opens nothing.
	ID string
	// Profile is the signed-in user's profile, as [Config.MapProfile] and
	// [Config.OnSignIn] left it.
	Profile Profile
	// SignedInAt is when the user signed in. Renewals keep it: the session
	// ends at SignedInAt + [Config.AbsoluteSessionLifetime] at the latest,
	// and [RequireRecentSignIn] compares against it. For a Bearer access
	// token it is the token's auth_time, or when the token does not carry
	// one its iat, which is not a sign-in time ([RequireRecentSignIn]
	// refuses such a token).
	SignedInAt time.Time
	// IssuedAt is when this session (or its last renewal) was saved.
	IssuedAt time.Time
	// ExpiresAt is when it ends unless renewed: IssuedAt +
	// [Config.SessionLifetime], capped by the absolute lifetime.
	ExpiresAt time.Time
	// AuthKit is the AuthKit part of a session signed in through AuthKit
	// (or of a Bearer access token); nil for SSO sessions.
	AuthKit *AuthKitSession

	stale         bool // opened with a previous password: re-seal with the current one
	bearer        bool // a Bearer access token's session, not a cookie's
	signInUnknown bool // SignedInAt is not a sign-in time (a Bearer token without auth_time)
}

// SessionStore keeps sessions. The default, [CookieStore], seals the whole
// session into the cookie; a server-side store (such as
// github.com/ssokit/workosauth/stores/redis) keeps it and hands out a small
// token that refers to it. Tokens are what the session cookie holds.
//
// Core hands a store only values it owns (strings cloned out of the
// request), so a store may keep them.
type SessionStore interface {
	// Save stores a new session and returns the token to put in the
	// cookie.
	Save(ctx context.Context, s *Session) (token string, err error)
	// Load returns the session a token stands for. An unknown, garbage or
	// tampered token is an error that core treats as signed out; an error
	// wrapping [ErrStoreUnavailable] means the store could not be asked
	// in time, and core answers 503 instead, signing no one out.
	Load(ctx context.Context, token string) (*Session, error)
	// Renew stores s, a renewal (fresh expiry, same ID and sign-in time)
	// of the session that token opened, and returns the token for the
	// renewed cookie. A store that returns another token must stop
	// honouring the old one.
	Renew(ctx context.Context, token string, s *Session) (string, error)
	// Delete ends the session with this ID wherever the store keeps it
	// (sign-out, revocation). A store that keeps nothing (cookies) does
	// nothing: core's revocation list ends such sessions.
	Delete(ctx context.Context, id string) error
}

// sessionWire is the sealed form of a session: short keys, unix seconds
// (the sign-in time in milliseconds, since revocations compare it).
type sessionWire struct {
	V    int     `json:"v"`
	ID   string  `json:"sid"`
	Auth int64   `json:"auth,omitempty"`
	Iat  int64   `json:"iat"`
	Exp  int64   `json:"exp"`
	P    Profile `json:"p,omitzero"`
	// AK is the AuthKit part (absent for SSO sessions). P is then left
	// out when it is what AK's claims make of it (derived again when the
	// session is read back), and kept when OnSignIn changed it.
	AK *authKitWire `json:"ak,omitempty"`
}

const sessionVersion = 1

// EncodeSession is the JSON form of a session that [CookieStore] seals
// and a server-side store may keep as it is; [DecodeSession] reads it.
func EncodeSession(s *Session) ([]byte, error) {
	w := sessionWire{V: sessionVersion, ID: s.ID, Auth: s.SignedInAt.UnixMilli(), Iat: s.IssuedAt.Unix(), Exp: s.ExpiresAt.Unix(), P: s.Profile}
	if s.AuthKit != nil {
		w.AK = s.AuthKit.wire()
		if reflect.DeepEqual(s.Profile, authKitProfile(s.AuthKit)) {
			w.P = Profile{} // the cookie stays small: P is derived from AK
		}
	}
	raw, err := json.Marshal(w)
	if err != nil {
		return nil, fmt.Errorf("workosauth: encode session: %w", err)
	}
	return raw, nil
}

// DecodeSession reads what [EncodeSession] wrote, and the binary form
// that [CookieStore] seals since format version 2. It refuses anything
// else: wrong version, no ID, no profile ID, no expiry.
func DecodeSession(raw []byte) (*Session, error) {
	if len(raw) > 0 && raw[0] == sessionfmt.Version {
		return decodeSessionBinary(raw)
	}
	var w sessionWire
	err := json.Unmarshal(raw, &w)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errBadSession, err)
	}
	if w.V != sessionVersion || w.ID == "" || (w.P.ID == "" && w.AK == nil) || w.Exp <= 0 {
		return nil, errBadSession
	}
	s := &Session{ID: w.ID, Profile: w.P, IssuedAt: time.Unix(w.Iat, 0), ExpiresAt: time.Unix(w.Exp, 0)}
	s.SignedInAt = s.IssuedAt // sessions sealed before sign-in times were kept
	if w.Auth > 0 {
		s.SignedInAt = time.UnixMilli(w.Auth)
	}
	if w.AK != nil {
		if s.AuthKit, err = decodeAuthKitWire(w.AK); err != nil {
			return nil, err
		}
		switch w.P.ID {
		case "":
			s.Profile = authKitProfile(s.AuthKit)
		case s.AuthKit.User.ID:
		default:
			return nil, fmt.Errorf("%w: a profile of another user than the AuthKit session's", errBadSession)
		}
	}
	return s, nil
}

// CookieStore seals sessions whole into the cookie with AES-256-GCM under
// keys derived (HKDF-SHA256) from the cookie passwords. Build one with
// [NewCookieStore]; [New] builds one from the Config by default. [New]
// binds the store it uses to the app's session cookie name and WorkOS
// client ID, so a value sealed for one cookie, or one WorkOS environment,
// opens in no other.
type CookieStore struct {
	sealer *seal.Sealer
	aad    []byte
}

// NewCookieStore returns a CookieStore that seals with passwords[0] and
// opens with any of passwords (each at least 32 characters).
func NewCookieStore(passwords ...string) (*CookieStore, error) {
	s, err := seal.New("workosauth session v1", passwords...)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	return &CookieStore{sealer: s, aad: []byte("session")}, nil
}

// bound returns a copy of c whose seals are bound to the cookie name and
// client ID.
func (c *CookieStore) bound(cookieName, clientID string) *CookieStore {
	return &CookieStore{sealer: c.sealer, aad: bindingAAD("session", cookieName, clientID)}
}

// bindingAAD is the associated data that ties a sealed value to what it
// was sealed for: its purpose, its cookie's name and the WorkOS client ID.
func bindingAAD(purpose, cookieName, clientID string) []byte {
	return []byte(purpose + "\x00" + cookieName + "\x00" + clientID)
}

// Save seals s, in the binary form (format version 2; the JSON of
// version 1 still opens).
func (c *CookieStore) Save(_ context.Context, s *Session) (string, error) {
	raw, err := encodeSessionBinary(s)
	if err != nil {
		return "", err
	}
	return c.sealer.Seal(raw, c.aad)
}

// Renew seals s afresh; the old cookie stays valid until its own expiry,
// or until the session is revoked.
func (c *CookieStore) Renew(ctx context.Context, _ string, s *Session) (string, error) {
	return c.Save(ctx, s)
}

// Load opens a sealed session.
func (c *CookieStore) Load(_ context.Context, token string) (*Session, error) {
	raw, keyIndex, err := c.sealer.Open(token, c.aad)
	if err != nil {
		return nil, err
	}
	s, err := DecodeSession(raw)
	if err != nil {
		return nil, err
	}
	s.stale = keyIndex > 0
	return s, nil
}

// Delete does nothing: a sealed cookie holds the session itself. Core
// records the session as revoked instead (and shares that through
// [Config.Revocations] when one is set).
func (c *CookieStore) Delete(context.Context, string) error { return nil }

var errBadSession = errors.New("workosauth: malformed session")

// randomToken returns n random bytes, base64url without padding.
func randomToken(n int) string {
	b := make([]byte, n)
	rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}
