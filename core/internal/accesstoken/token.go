package accesstoken

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"strings"
)

// MaxBytes bounds the length of a token Parse reads.
const MaxBytes = 16 << 10

var (
	// ErrMalformed: not a compact JWS: not three non-empty parts, a part
	// that is not canonical unpadded base64url, a header that is not a
	// JSON object of the right types (or names a member twice), or longer
	// than MaxBytes.
	ErrMalformed = errors.New("accesstoken: not a compact JWS")
	// ErrHeader: a header that is not accepted: alg other than RS256, a
	// typ other than JWT or at+jwt, or crit, b64 or cty present.
	ErrHeader = errors.New("accesstoken: header not accepted")
	// ErrSignature: the signature is not as long as the key's modulus, or
	// does not verify under the key.
	ErrSignature = errors.New("accesstoken: signature does not verify")
)

// b64 is unpadded base64url that refuses stray bits in the last
// character. It still skips CR and LF: Parse refuses them first.
var b64 = base64.RawURLEncoding.Strict()

// Token is a parsed compact JWS whose header was accepted. Its signature
// is not verified until Verify returns nil.
type Token struct {
	// KeyID is the header's kid: the key Verify must be given.
	KeyID    string
	signed   string // header "." payload, exactly as sent
	payload  []byte // decoded; Claims reads it
	sig      []byte
	verified bool
}

// header is the JOSE header's members that matter.
type header struct {
	alg, kid, typ string
	typSet        bool // typ is present (null too)
	refused       bool // crit, b64 or cty is present
}

// parseHeader reads the header's JSON.
func parseHeader(raw []byte) (header, error) {
	var h header
	r := jsonReader{b: raw}
	err := r.members(0, func(name []byte) error {
		var err error
		switch string(name) {
		case "alg":
			h.alg, err = r.str()
		case "kid":
			h.kid, err = r.str()
		case "typ":
			h.typSet = true
			h.typ, err = r.str()
		case "crit", "b64", "cty":
			h.refused = true
			err = r.skip(1)
		default:
			err = r.skip(1)
		}
		return err
	})
	if err == nil {
		err = r.end()
	}
	return h, err
}

// Parse reads a compact JWS and checks its header (see the package
// documentation). The error is ErrMalformed or ErrHeader.
func Parse(token string) (*Token, error) {
	if len(token) > MaxBytes {
		return nil, ErrMalformed
	}
	h, rest, ok := strings.Cut(token, ".")
	if !ok {
		return nil, ErrMalformed
	}
	p, s, ok := strings.Cut(rest, ".")
	// The strict decoder refuses any byte outside the alphabet (padding,
	// a third dot, spaces) and stray bits, but skips CR and LF.
	if !ok || h == "" || p == "" || s == "" || strings.IndexByte(token, '\r') >= 0 || strings.IndexByte(token, '\n') >= 0 {
		return nil, ErrMalformed
	}
	// One copy of the token to decode from, one buffer for the three parts.
	src := []byte(token)
	buf := make([]byte, 0, b64.DecodedLen(len(h))+b64.DecodedLen(len(p))+b64.DecodedLen(len(s)))
	raw, err := b64.AppendDecode(buf, src[:len(h)])
	if err != nil {
		return nil, ErrMalformed
	}
	payload, err := b64.AppendDecode(raw, src[len(h)+1:len(h)+1+len(p)])
	if err != nil {
		return nil, ErrMalformed
	}
	sig, err := b64.AppendDecode(payload, src[len(token)-len(s):])
	if err != nil {
		return nil, ErrMalformed
	}
	payload, sig = payload[len(raw):], sig[len(payload):]
	hd, err := parseHeader(raw)
	if err != nil {
		return nil, ErrMalformed
	}
	if hd.alg != "RS256" || hd.refused || (hd.typSet && !acceptedTyp(hd.typ)) {
		return nil, ErrHeader
	}
	return &Token{KeyID: hd.kid, signed: token[:len(h)+1+len(p)], payload: payload, sig: sig}, nil
}

// acceptedTyp reports whether a typ header names a JWT access token.
func acceptedTyp(t string) bool {
	const app = "application/" // media types are case-insensitive
	if len(t) > len(app) && strings.EqualFold(t[:len(app)], app) {
		t = t[len(app):]
	}
	return strings.EqualFold(t, "JWT") || strings.EqualFold(t, "at+jwt")
}

// Verify checks the signature under key: RSASSA-PKCS1-v1_5 with SHA-256
// over the header and payload as sent. The error is ErrSignature.
func (t *Token) Verify(key *rsa.PublicKey) error {
	if key == nil || key.N == nil || len(t.sig) != key.Size() {
		return ErrSignature
	}
	d := sha256.New()
	io.WriteString(d, t.signed)
	var sum [sha256.Size]byte
	if rsa.VerifyPKCS1v15(key, crypto.SHA256, d.Sum(sum[:0]), t.sig) != nil {
		return ErrSignature
	}
	t.verified = true
	return nil
}
