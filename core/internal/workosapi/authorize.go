package workosapi

import (
	"golang.org/x/oauth2"
)

// AuthorizeParams are the inputs of one SSO authorization redirect.
type AuthorizeParams struct {
	// State is echoed back to the redirect URI; required.
	State string
	// CodeChallenge is the PKCE S256 challenge of the caller's verifier
	// (oauth2.S256ChallengeFromVerifier); required, 43 base64url characters.
	CodeChallenge string
	// Connection (conn_...), Organization (org_...) and Provider (e.g.
	// GoogleOAuth) select the identity provider; exactly one must be set.
	Connection, Organization, Provider string
	// LoginHint pre-fills the user's email at the identity provider.
	LoginHint string
	// DomainHint pre-selects the user's domain at the identity provider.
	DomainHint string
	// Prompt, e.g. "login", forces re-authentication.
	Prompt string
	// RedirectURI replaces the client's redirect URI for this sign-in
	// (one of the app's registered ones). Default: the client's.
	RedirectURI string
}

// AuthorizeURL returns the GET {base}/sso/authorize URL to redirect the user
// to. It carries client_id, redirect_uri, response_type=code, state,
// code_challenge, code_challenge_method=S256 and the one selector, plus
// login_hint, domain_hint and prompt when set; no scope. Errors wrap
// ErrInvalidArgument: not exactly one selector, no state, or a challenge
// that is not an S256 challenge.
func (c *Client) AuthorizeURL(p AuthorizeParams) (string, error) {
	var selKey, selVal string
	n := 0
	for _, sel := range [...]struct{ key, val string }{
		{"connection", p.Connection},
		{"organization", p.Organization},
		{"provider", p.Provider},
	} {
		if sel.val != "" {
			n++
			selKey, selVal = sel.key, sel.val
		}
	}
	if n != 1 {
		return "", invalidArgument("exactly one of Connection, Organization or Provider must be set")
	}
	if p.State == "" {
		return "", invalidArgument("State is required")
	}
	if !isS256Challenge(p.CodeChallenge) {
		return "", invalidArgument("CodeChallenge must be an S256 PKCE challenge (43 base64url characters)")
	}

	opts := []oauth2.AuthCodeOption{
		oauth2.SetAuthURLParam("code_challenge", p.CodeChallenge),
		oauth2.SetAuthURLParam("code_challenge_method", "S256"),
		oauth2.SetAuthURLParam(selKey, selVal),
	}
	for _, opt := range [...]struct{ key, val string }{
		{"login_hint", p.LoginHint},
		{"domain_hint", p.DomainHint},
		{"prompt", p.Prompt},
		{"redirect_uri", p.RedirectURI},
	} {
		if opt.val != "" {
			opts = append(opts, oauth2.SetAuthURLParam(opt.key, opt.val))
		}
	}
	return c.oauth.AuthCodeURL(p.State, opts...), nil
}

// isS256Challenge reports whether s has the form of an S256 challenge:
// unpadded base64url of a SHA-256 digest, i.e. 43 characters of
// [A-Za-z0-9_-] (RFC 7636 section 4.2).
func isS256Challenge(s string) bool {
	if len(s) != 43 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isBase64URL(s[i]) {
			return false
		}
	}
	return true
}

// isValidVerifier reports whether s is a PKCE code verifier: 43 to 128
// unreserved characters [A-Za-z0-9-._~] (RFC 7636 section 4.1).
func isValidVerifier(s string) bool {
	if len(s) < 43 || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isBase64URL(s[i]) && s[i] != '.' && s[i] != '~' {
			return false
		}
	}
	return true
}

// isBase64URL reports whether b is in the base64url alphabet.
func isBase64URL(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '_'
}
