package core

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ssokit/workosauth/core/internal/seal"
)

// Session is a signed-in user's session: who, and until when. A Session
// that core hands out is shared (it may sit in the cache of opened
// sessions): treat it as read-only.
type Session struct {
	// ID identifies the session (random, 128 bits); [Auth.Revoke] takes it.
	ID string
	// Profile is the signed-in user's profile, as [Config.MapProfile] and
	// [Config.OnSignIn] left it.
	Profile Profile
	// IssuedAt is when this session (or its last renewal) was sealed.
	IssuedAt time.Time
	// ExpiresAt is when it ends unless renewed.
	ExpiresAt time.Time

	stale bool // opened with a previous password: re-seal with the current one
}

// SessionStore keeps sessions. The default, [CookieStore], seals the whole
// session into the cookie; a server-side store (Redis, SQL) would keep it
// and return an opaque token. Tokens are what the session cookie holds.
type SessionStore interface {
	// Save stores s and returns the token to put in the cookie.
	Save(ctx context.Context, s *Session) (token string, err error)
	// Load returns the session a token stands for. Any failure (unknown,
	// garbage, tampered token) is an error; core treats it as signed out.
	Load(ctx context.Context, token string) (*Session, error)
	// Delete ends the session a token stands for (a no-op for cookies).
	Delete(ctx context.Context, token string) error
}

// sessionWire is the sealed form of a session: short keys, unix seconds.
type sessionWire struct {
	V   int     `json:"v"`
	ID  string  `json:"sid"`
	Iat int64   `json:"iat"`
	Exp int64   `json:"exp"`
	P   Profile `json:"p"`
}

const sessionVersion = 1

// CookieStore seals sessions whole into the cookie with AES-256-GCM under
// keys derived (HKDF-SHA256) from the cookie passwords. Build one with
// [NewCookieStore]; [New] builds one from the Config by default.
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

// Save seals s.
func (c *CookieStore) Save(_ context.Context, s *Session) (string, error) {
	raw, err := json.Marshal(sessionWire{V: sessionVersion, ID: s.ID, Iat: s.IssuedAt.Unix(), Exp: s.ExpiresAt.Unix(), P: s.Profile})
	if err != nil {
		return "", fmt.Errorf("workosauth: encode session: %w", err)
	}
	return c.sealer.Seal(raw, c.aad)
}

// Load opens a sealed session.
func (c *CookieStore) Load(_ context.Context, token string) (*Session, error) {
	raw, keyIndex, err := c.sealer.Open(token, c.aad)
	if err != nil {
		return nil, err
	}
	s, err := decodeSession(raw)
	if err != nil {
		return nil, err
	}
	s.stale = keyIndex > 0
	return s, nil
}

// Delete does nothing: a sealed cookie holds the session itself. Core also
// records the session as revoked in this process.
func (c *CookieStore) Delete(context.Context, string) error { return nil }

var errBadSession = errors.New("workosauth: malformed session")

func decodeSession(raw []byte) (*Session, error) {
	var w sessionWire
	if err := json.Unmarshal(raw, &w); err != nil {
		return nil, fmt.Errorf("%w: %w", errBadSession, err)
	}
	if w.V != sessionVersion || w.ID == "" || w.P.ID == "" || w.Exp <= 0 {
		return nil, errBadSession
	}
	return &Session{ID: w.ID, Profile: w.P, IssuedAt: time.Unix(w.Iat, 0), ExpiresAt: time.Unix(w.Exp, 0)}, nil
}

// randomToken returns n random bytes, base64url without padding.
func randomToken(n int) string {
	b := make([]byte, n)
	rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}
