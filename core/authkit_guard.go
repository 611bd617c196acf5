package core

import (
	"errors"
	"net/http"
	"strings"
)

// codeInvalidToken is the Denial code of a refused Bearer token.
const codeInvalidToken = "invalid_token"

// AcceptBearer lets the guard accept an AuthKit access token in
// "Authorization: Bearer <token>" instead of the session cookie, for APIs
// called by other services, mobile apps or SPAs. The token is verified as
// session tokens are (WorkOS's RS256 signature, an accepted issuer, not
// expired beyond a two-second leeway) and remembered until it expires, so
// a token seen before costs a cache lookup. A request with a token that
// does not verify gets 401 with a JSON body, never the cookie's session.
// Handlers see the same view ([AuthKitFrom], [ProfileFrom]), with only
// what the token carries: the user ID, organization, role, roles and
// permissions (no email). With Config.AuthKit off it does nothing.
func AcceptBearer() GuardOption { return func(g *Guard) { g.bearer = true } }

// RequirePermission admits only AuthKit sessions whose access token grants
// one of the permissions (slugs such as "widgets:write"); others get 403.
func RequirePermission(permissions ...string) GuardOption {
	return require(func(p *Profile) bool {
		for _, perm := range permissions {
			if contains(p.Permissions, perm) {
				return true
			}
		}
		return false
	})
}

// session returns the request's Bearer session when the guard accepts
// them and the request sends one, else its cookie session. A Bearer token
// that does not verify is errBadToken.
func (g *Guard) session(x Exchange) (*Session, error) {
	if g.bearer && g.a.cfg.AuthKit {
		if token, ok := bearerToken(x.Header("Authorization")); ok {
			s, err := g.a.bearerSession(x.Context(), token)
			if errors.Is(err, errJWKSUnavailable) {
				g.a.log.Warn("workosauth: a Bearer token could not be checked", "error", err)
				return nil, ErrStoreUnavailable
			}
			return s, err
		}
	}
	return g.a.loadSession(x)
}

// bearerToken returns the token of an "Authorization: Bearer" header.
func bearerToken(h string) (string, bool) {
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(token), true
}

// bearerDenial is the answer to a Bearer token that does not verify.
func (a *Auth) bearerDenial(x Exchange) *Denial {
	return &Denial{Status: http.StatusUnauthorized, Code: codeInvalidToken, Message: "The access token is not valid, or has expired.", SignInURL: a.SignInURL(x.RequestURI())}
}

// wwwAuthenticate is the WWW-Authenticate of a 401.
func wwwAuthenticate(d *Denial) string {
	switch {
	case d.Code == codeInvalidToken:
		return `Bearer realm="workosauth", error="invalid_token"`
	case d.bearer:
		// RFC 9470: the token is good, its authentication too old or of
		// an unknown age.
		return `Bearer realm="workosauth", error="insufficient_user_authentication"`
	}
	return `Cookie realm="workosauth"`
}

// afterSignOut is where sign-out sends the browser: for an AuthKit
// session, through WorkOS's logout URL (which ends the WorkOS session, so
// the next sign-in does not silently reuse it) back to AfterSignOutPath.
func (a *Auth) afterSignOut(x Exchange, s *Session) string {
	if s == nil || s.AuthKit == nil || s.AuthKit.Claims.SessionID == "" {
		return a.cfg.AfterSignOutPath
	}
	return a.client.LogoutURL(s.AuthKit.Claims.SessionID, a.originFor(x).origin+a.cfg.AfterSignOutPath)
}

// AuthKit reports whether the Auth signs in through AuthKit
// (Config.AuthKit).
func (a *Auth) AuthKit() bool { return a.cfg.AuthKit }
