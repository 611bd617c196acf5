package core

import (
	"encoding/binary"
	"fmt"
	"reflect"
	"time"

	"github.com/ssokit/workosauth/core/internal/sessionfmt"
)

// The binary session format (version 2, package sessionfmt) that core
// writes for every store: the fields of a session in a fixed order.
// Version 1, JSON (sessionWire), is still read: decodeSession tells them
// apart by the first byte.
//
// A session for a server-side store is bound to the app's WorkOS client
// ID inside the encoding (the kind byte has binaryBound, and the client
// ID follows it), so that a record another app wrote opens nothing here,
// whatever the store. A sealed cookie is bound by its seal instead (the
// client ID is in its associated data) and spends no bytes on it.

// Kinds of binary sessions.
const (
	binarySSO     = 0
	binaryAuthKit = 1 // the profile is what the AuthKit part makes of it
	// binaryAuthKitProfile keeps the profile beside the AuthKit part:
	// OnSignIn changed it, and a session read back keeps what it changed.
	binaryAuthKitProfile = 2
	// binaryBound, or'ed into the kind, says the client ID the session
	// is bound to follows the kind byte.
	binaryBound = 0x80
)

// decodeSession reads a session in either format: the binary one, which
// must be bound to clientID ("" for unbound: a sealed cookie), or JSON
// (version 1, written before the binary format, bound by the store's
// keys or the cookie's seal alone).
func decodeSession(raw []byte, clientID string) (*Session, error) {
	if len(raw) > 0 && raw[0] == sessionfmt.Version {
		return decodeSessionBinary(raw, clientID)
	}
	return decodeSessionJSON(raw)
}

// encodeSessionBinary is s in the binary format, bound to clientID unless
// it is "".
func encodeSessionBinary(s *Session, clientID string) ([]byte, error) {
	w := sessionfmt.NewWriter(512 + len(clientID))
	kind := byte(binarySSO)
	if s.AuthKit != nil {
		kind = binaryAuthKit
		if !reflect.DeepEqual(s.Profile, authKitProfile(s.AuthKit)) {
			kind = binaryAuthKitProfile
		}
	}
	if clientID != "" {
		w.Byte(kind | binaryBound)
		w.String(clientID)
	} else {
		w.Byte(kind)
	}
	w.String(s.ID)
	w.Int(s.SignedInAt.UnixMilli())
	w.Int(s.IssuedAt.Unix())
	w.Int(s.ExpiresAt.Unix())
	if s.AuthKit != nil {
		writeAuthKit(w, s.AuthKit) // the profile is derived from it, unless kept beside it
	}
	if kind != binaryAuthKit {
		writeProfile(w, &s.Profile)
	}
	raw, err := w.Bytes()
	if err != nil {
		return nil, fmt.Errorf("workosauth: encode session: %w", err)
	}
	return raw, nil
}

// decodeSessionBinary reads what encodeSessionBinary wrote for clientID,
// and refuses what decodeSessionJSON refuses in JSON, and a session bound
// otherwise (to another client ID, or bound where none was expected, or
// the reverse). The session reads back as its JSON form would: empty
// groups and custom attributes non-nil, other empty lists and maps nil.
func decodeSessionBinary(raw []byte, clientID string) (*Session, error) {
	r := sessionfmt.NewReader(string(raw)) // one allocation for every string
	kind := r.Byte()
	bound := ""
	if kind&binaryBound != 0 {
		kind &^= binaryBound
		if bound = r.String(); bound == "" {
			return nil, errBadSession
		}
	}
	if bound != clientID {
		return nil, errOtherApp
	}
	s := &Session{ID: r.String()}
	auth := r.Int()
	s.IssuedAt, s.ExpiresAt = time.Unix(r.Int(), 0), time.Unix(r.Int(), 0)
	s.SignedInAt = s.IssuedAt
	if auth > 0 {
		s.SignedInAt = time.UnixMilli(auth)
	}
	var ak *authKitWire
	switch kind {
	case binarySSO:
		readProfile(r, &s.Profile)
	case binaryAuthKit:
		ak = readAuthKit(r)
	case binaryAuthKitProfile:
		ak = readAuthKit(r)
		readProfile(r, &s.Profile)
	default:
		return nil, errBadSession
	}
	if err := r.Close(); err != nil {
		return nil, fmt.Errorf("%w: %w", errBadSession, err)
	}
	if s.ID == "" || (ak == nil && s.Profile.ID == "") || s.ExpiresAt.Unix() <= 0 {
		return nil, errBadSession
	}
	if ak != nil {
		k, err := decodeAuthKitWire(ak)
		if err != nil {
			return nil, err
		}
		switch s.AuthKit = k; s.Profile.ID {
		case "":
			s.Profile = authKitProfile(k)
		case k.User.ID:
		default:
			return nil, fmt.Errorf("%w: a profile of another user than the AuthKit session's", errBadSession)
		}
	}
	return s, nil
}

// errOtherApp: the session was written for another app (another WorkOS
// client ID), or bound otherwise than its store binds.
var errOtherApp = fmt.Errorf("%w: bound to another app", errBadSession)

// sessionHeader reads the ID and expiry at the start of a binary session
// without decoding the rest: what core's cookie store needs of a record.
func sessionHeader(raw []byte) (id string, exp time.Time, ok bool) {
	if len(raw) < 2 || raw[0] != sessionfmt.Version {
		return "", time.Time{}, false
	}
	rest := raw[2:]
	if raw[1]&binaryBound != 0 {
		if rest, ok = skipString(rest); !ok {
			return "", time.Time{}, false
		}
	}
	n, k := binary.Uvarint(rest)
	if k <= 0 || n > uint64(len(rest)-k) {
		return "", time.Time{}, false
	}
	id, rest = string(rest[k:k+int(n)]), rest[k+int(n):]
	var v int64
	for range 3 { // sign-in, issue and expiry times: the last is the expiry
		if v, k = binary.Varint(rest); k <= 0 {
			return "", time.Time{}, false
		}
		rest = rest[k:]
	}
	return id, time.Unix(v, 0), true
}

// skipString returns b past a string of the binary format.
func skipString(b []byte) ([]byte, bool) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return nil, false
	}
	return b[k+int(n):], true
}

func writeProfile(w *sessionfmt.Writer, p *Profile) {
	for _, f := range [...]string{p.ID, p.Email, p.FirstName, p.LastName, p.Name, p.OrganizationID, p.ConnectionID, p.ConnectionType, p.IdpID} {
		w.String(f)
	}
	w.Bool(p.Role != nil)
	if p.Role != nil {
		w.String(p.Role.Slug)
	}
	w.Uint(uint64(len(p.Roles)))
	for _, r := range p.Roles {
		w.String(r.Slug)
	}
	w.Strings(p.Permissions)
	w.Strings(p.Groups)
	w.Object(p.CustomAttributes)
	w.Object(p.RawAttributes)
}

func readProfile(r *sessionfmt.Reader, p *Profile) {
	for _, f := range [...]*string{&p.ID, &p.Email, &p.FirstName, &p.LastName, &p.Name, &p.OrganizationID, &p.ConnectionID, &p.ConnectionType, &p.IdpID} {
		*f = r.String()
	}
	if r.Bool() {
		p.Role = &Role{Slug: r.String()}
	}
	if slugs := r.Strings(); slugs != nil {
		p.Roles = make([]Role, len(slugs))
		for i, s := range slugs {
			p.Roles[i].Slug = s
		}
	}
	p.Permissions = r.Strings()
	if p.Groups = r.Strings(); p.Groups == nil {
		p.Groups = []string{}
	}
	p.CustomAttributes = r.Object()
	p.RawAttributes = r.OptionalObject()
}

func writeAuthKit(w *sessionfmt.Writer, k *AuthKitSession) {
	u := &k.User
	for _, f := range [...]string{u.ID, u.Email, u.FirstName, u.LastName, u.ProfilePictureURL, u.ExternalID, u.Locale} {
		w.String(f)
	}
	w.Bool(u.EmailVerified)
	w.StringMap(u.Metadata)
	w.String(k.OrganizationID)
	w.String(k.AuthenticationMethod)
	w.Bool(k.Impersonator != nil)
	if k.Impersonator != nil {
		w.String(k.Impersonator.Email)
		w.String(k.Impersonator.Reason)
	}
	w.String(k.AccessToken.Reveal())
	w.String(k.refreshToken.Reveal())
}

func readAuthKit(r *sessionfmt.Reader) *authKitWire {
	ak := &authKitWire{}
	u := &ak.U
	for _, f := range [...]*string{&u.ID, &u.Email, &u.FirstName, &u.LastName, &u.ProfilePictureURL, &u.ExternalID, &u.Locale} {
		*f = r.String()
	}
	u.EmailVerified = r.Bool()
	u.Metadata = r.StringMap()
	ak.O, ak.M = r.String(), r.String()
	if r.Bool() {
		ak.I = &Impersonator{Email: r.String(), Reason: r.String()}
	}
	ak.A, ak.R = r.String(), r.String()
	return ak
}
