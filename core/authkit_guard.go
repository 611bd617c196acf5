package core

import (
	"net/http"
	"strings"
)

// AcceptBearer lets the guard accept an AuthKit access token in
// "Authorization: Bearer <token>" instead of the session cookie, for APIs
// called by other services, mobile apps or SPAs. The token is verified as
// session tokens are (WorkOS's RS256 signature, an accepted issuer, not
// expired beyond a two-second leeway) and remembered until it expires, so
// a token seen before costs a cache lookup. A request with a token that
// does not verify gets 401 with a JSON body, never the cookie's session.
// Handlers see the same view ([AuthKitFrom], [ProfileFrom]), with only
// what the token carries: the user ID, organization, role, roles and
// permissions (no email). It needs Config.AuthKit.Enabled: given to an Auth that
// signs in through SSO, the adapter's RequireWorkOS refuses to start.
func AcceptBearer() GuardOption {
	return GuardOption{apply: func(g *guard) { g.bearer = true }, authKit: "AcceptBearer"}
}

// RequirePermission admits only AuthKit sessions whose access token grants
// one of the permissions (slugs such as "widgets:write"); others get 403.
// It needs Config.AuthKit.Enabled (SSO sessions carry no permissions): given to an
// Auth that signs in through SSO, the adapter's RequireWorkOS refuses to
// start.
func RequirePermission(permissions ...string) GuardOption {
	o := require(func(p *Profile) bool {
		for _, perm := range permissions {
			if contains(p.Permissions, perm) {
				return true
			}
		}
		return false
	})
	o.authKit = "RequirePermission"
	return o
}

// bearerToken returns the token of an "Authorization: Bearer" header.
func bearerToken(h string) (string, bool) {
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(token), true
}

// bearerRefusal is the answer to a Bearer token that does not verify.
func (a *Auth) bearerRefusal(x exchange) *Error {
	return &Error{Status: http.StatusUnauthorized, Code: CodeInvalidToken, Message: "The access token is not valid, or has expired.", SignInURL: a.SignInURL(x.RequestURI()), bearer: true}
}

// wwwAuthenticate is the WWW-Authenticate of a 401.
func wwwAuthenticate(d *Error) string {
	switch {
	case d.Code == CodeInvalidToken:
		return `Bearer realm="workosauth", error="invalid_token"`
	case d.bearer:
		// RFC 9470: the token is good, its authentication too old or of
		// an unknown age.
		return `Bearer realm="workosauth", error="insufficient_user_authentication"`
	}
	return `Cookie realm="workosauth"`
}
