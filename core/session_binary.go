package core

import (
	"fmt"
	"reflect"
	"time"

	"github.com/ssokit/workosauth/core/internal/sessionfmt"
)

// The binary session format (version 2, package sessionfmt) that
// CookieStore seals: the fields of a session in a fixed order. Version 1,
// JSON (sessionWire), is still read: DecodeSession tells them apart by
// the first byte.

// Kinds of binary sessions.
const (
	binarySSO     = 0
	binaryAuthKit = 1 // the profile is what the AuthKit part makes of it
	// binaryAuthKitProfile keeps the profile beside the AuthKit part:
	// OnSignIn changed it, and a session read back keeps what it changed.
	binaryAuthKitProfile = 2
)

// encodeSessionBinary is s in the binary format.
func encodeSessionBinary(s *Session) ([]byte, error) {
	w := sessionfmt.NewWriter(512)
	kind := byte(binarySSO)
	if s.AuthKit != nil {
		kind = binaryAuthKit
		if !reflect.DeepEqual(s.Profile, authKitProfile(s.AuthKit)) {
			kind = binaryAuthKitProfile
		}
	}
	w.Byte(kind)
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

// decodeSessionBinary reads what encodeSessionBinary wrote, and refuses
// what DecodeSession refuses in JSON. The session reads back as its JSON
// form would: empty groups and custom attributes non-nil, other empty
// lists and maps nil.
func decodeSessionBinary(raw []byte) (*Session, error) {
	r := sessionfmt.NewReader(string(raw)) // one allocation for every string
	kind := r.Byte()
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
	w.String(k.AccessToken)
	w.String(k.RefreshToken)
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
