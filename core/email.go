package core

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"
)

// Limits on what an email or domain may be.
const (
	maxEmailLen  = 320
	maxLocalLen  = 64
	maxDomainLen = 253
)

// ErrInvalidEmail and ErrInvalidDomain are wrapped by [ParseEmail] and
// [NormalizeDomain] for input that is not an email address or a domain.
var (
	errInvalidEmail  = errors.New("not a valid email address")
	errInvalidDomain = errors.New("not a valid domain")
)

// idnaProfile is the strict lookup profile: it maps, validates and rejects
// what a DNS lookup would.
var idnaProfile = idna.New(idna.MapForLookup(), idna.BidiRule(), idna.Transitional(false), idna.StrictDomainName(true), idna.VerifyDNSLength(true))

// ParseEmail normalises an email address (Unicode NFKC, then lower case,
// so that a full-width ＠ cannot hide a second @) and splits it at its one
// @. The domain comes back in ASCII (IDNA), without a trailing dot.
func parseEmail(s string) (email, domain string, err error) {
	if len(s) > maxEmailLen*4 || !utf8.ValidString(s) {
		return "", "", errInvalidEmail
	}
	s = strings.ToLower(norm.NFKC.String(strings.TrimSpace(s)))
	if len(s) > maxEmailLen || strings.Count(s, "@") != 1 {
		return "", "", errInvalidEmail
	}
	local, host, _ := strings.Cut(s, "@")
	if local == "" || len(local) > maxLocalLen || strings.IndexFunc(local, badEmailRune) >= 0 {
		return "", "", errInvalidEmail
	}
	domain, err = normalizeDomain(host)
	if err != nil {
		return "", "", errInvalidEmail
	}
	return local + "@" + domain, domain, nil
}

func badEmailRune(r rune) bool {
	return r == '"' || r == '\\' || r == '<' || r == '>' || r == ',' || r == ';' || r == ':' ||
		unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError
}

// NormalizeDomain returns a domain in the form WorkOS keeps it: NFKC,
// lower case, IDNA (punycode) ASCII, no trailing dot. It refuses anything
// that is not a DNS name with at least two labels.
func normalizeDomain(s string) (string, error) {
	if len(s) > maxDomainLen*4 || !utf8.ValidString(s) {
		return "", errInvalidDomain
	}
	s = strings.ToLower(norm.NFKC.String(strings.TrimSpace(s)))
	s = strings.TrimSuffix(s, ".")
	if s == "" || strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return "", errInvalidDomain
	}
	ascii, err := idnaProfile.ToASCII(s)
	if err != nil || ascii == "" || len(ascii) > maxDomainLen || !strings.Contains(ascii, ".") {
		return "", errInvalidDomain
	}
	for _, label := range strings.Split(ascii, ".") {
		if label == "" || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return "", errInvalidDomain
		}
	}
	return ascii, nil
}
