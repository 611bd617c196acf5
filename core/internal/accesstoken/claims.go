package accesstoken

import (
	"errors"
	"strconv"
	"time"
)

// ErrClaims: the payload is not a JSON object of the claims' types (or
// names a member twice), or has no sub or no exp.
var ErrClaims = errors.New("accesstoken: claims not accepted")

// errUnverified: Claims before a successful Verify.
var errUnverified = errors.New("accesstoken: claims of a token not verified")

// Claims are the claims of an AuthKit access token that core reads.
type Claims struct {
	Issuer, Subject, ID             string // iss, sub, jti
	SessionID, OrganizationID, Role string // sid, org_id, role
	Roles, Permissions              []string
	Entitlements, FeatureFlags      []string
	Actor                           string // act.sub
	// Expiry is exp; IssuedAt, NotBefore and AuthTime (iat, nbf,
	// auth_time) are zero when absent.
	Expiry, IssuedAt, NotBefore, AuthTime time.Time
}

// Claims decodes the payload of a token Verify accepted. The error is
// ErrClaims (or an error for a token not verified).
func (t *Token) Claims() (Claims, error) {
	if !t.verified {
		return Claims{}, errUnverified
	}
	return t.UnverifiedClaims()
}

// UnverifiedClaims decodes the payload without regard to the signature:
// only for a token verified before and kept where no one else could
// change it (a session core sealed). The error is ErrClaims.
func (t *Token) UnverifiedClaims() (Claims, error) {
	c, err := parseClaims(t.payload)
	if err != nil || c.Subject == "" || c.Expiry.IsZero() {
		return Claims{}, ErrClaims
	}
	return c, nil
}

// parseClaims reads the claims' JSON. Times are NumericDates as go-jose
// reads them: a number (fractions truncated) less than 2^62 in
// magnitude, or null (absent).
func parseClaims(raw []byte) (Claims, error) {
	var c Claims
	r := jsonReader{b: raw}
	err := r.members(0, func(name []byte) error {
		var err error
		switch string(name) {
		case "iss":
			c.Issuer, err = r.str()
		case "sub":
			c.Subject, err = r.str()
		case "jti":
			c.ID, err = r.str()
		case "sid":
			c.SessionID, err = r.str()
		case "org_id":
			c.OrganizationID, err = r.str()
		case "role":
			c.Role, err = r.str()
		case "exp":
			c.Expiry, err = r.numericDate()
		case "iat":
			c.IssuedAt, err = r.numericDate()
		case "nbf":
			c.NotBefore, err = r.numericDate()
		case "auth_time":
			c.AuthTime, err = r.numericDate()
		case "roles":
			c.Roles, err = r.strings()
		case "permissions":
			c.Permissions, err = r.strings()
		case "entitlements":
			c.Entitlements, err = r.strings()
		case "feature_flags":
			c.FeatureFlags, err = r.strings()
		case "act":
			c.Actor, err = r.actor()
		default:
			err = r.skip(1)
		}
		return err
	})
	if err == nil {
		err = r.end()
	}
	return c, err
}

// maxNumericDate is go-jose's bound on a NumericDate (2^62 seconds).
const maxNumericDate = 1 << 62

// numericDate reads a NumericDate, or null as the zero time.
func (r *jsonReader) numericDate() (time.Time, error) {
	if r.null() {
		return time.Time{}, nil
	}
	lit, err := r.number()
	if err != nil {
		return time.Time{}, err
	}
	f, err := strconv.ParseFloat(string(lit), 64)
	if err != nil || f >= maxNumericDate || f <= -maxNumericDate {
		return time.Time{}, errJSON
	}
	return time.Unix(int64(f), 0), nil
}

// actor reads act, or null, and returns its sub.
func (r *jsonReader) actor() (string, error) {
	if r.null() {
		return "", nil
	}
	var sub string
	err := r.members(1, func(name []byte) error {
		if string(name) == "sub" {
			var err error
			sub, err = r.str()
			return err
		}
		return r.skip(2)
	})
	return sub, err
}
