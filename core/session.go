package core

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Session is a signed-in user's session: who, since when, and until when.
// A Session that core hands out is shared (it may sit in the cache of
// opened sessions): treat it as read-only.
type Session struct {
	// ID identifies the session (random, 128 bits): [Auth.RevokeSession]
	// takes it. It is not a credential: knowing it opens nothing.
	ID string
	// Profile is the signed-in user's profile, as [SignInConfig.MapProfile] and
	// [SignInConfig.OnSignIn] left it.
	Profile Profile
	// SignedInAt is when the user signed in. Renewals keep it: the session
	// ends at SignedInAt + [SessionConfig.AbsoluteLifetime] at the latest,
	// and [RequireRecentSignIn] compares against it. For a Bearer access
	// token it is the token's auth_time, or when the token does not carry
	// one its iat, which is not a sign-in time ([RequireRecentSignIn]
	// refuses such a token).
	SignedInAt time.Time
	// IssuedAt is when this session (or its last renewal) was saved.
	IssuedAt time.Time
	// ExpiresAt is when it ends unless renewed: IssuedAt +
	// [SessionConfig.Lifetime], capped by the absolute lifetime.
	ExpiresAt time.Time
	// AuthKit is the AuthKit part of a session signed in through AuthKit
	// (or of a Bearer access token); nil for SSO sessions.
	AuthKit *AuthKitSession

	stale         bool // opened with a previous password: re-seal with the current one
	bearer        bool // a Bearer access token's session, not a cookie's
	signInUnknown bool // SignedInAt is not a sign-in time (a Bearer token without auth_time)
}

// sessionWire is the JSON form of a session (format version 1, still
// read): short keys, unix seconds (the sign-in time in milliseconds, since
// revocations compare it).
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

// decodeSessionJSON reads a session in the JSON form (format version 1,
// sessionWire) that cookies were sealed in, and server-side stores kept,
// before the binary form. It refuses anything else: wrong version, no
// ID, no profile ID, no expiry.
func decodeSessionJSON(raw []byte) (*Session, error) {
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

var errBadSession = errors.New("workosauth: malformed session")

// randomToken returns n random bytes, base64url without padding.
func randomToken(n int) string {
	b := make([]byte, n)
	rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}
