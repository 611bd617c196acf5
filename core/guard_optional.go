package core

import "net/http"

// checkOptional applies the requirements of an Optional guard to a
// signed-in user: Optional admits the anonymous, never a signed-in user
// who fails a requirement (RequireRole with Optional must not let a member
// in as if the role were not asked). The auth routes are exempt, as for
// every guard.
func (g *Guard) checkOptional(x Exchange, s *Session) *Denial {
	if len(g.checks) == 0 || (g.a.isAuthPath(x.Path()) && g.a.isAuthPath(pathOf(x.RequestURI()))) {
		return nil
	}
	for _, check := range g.checks {
		if !check(&s.Profile) {
			return &Denial{Status: http.StatusForbidden, Code: "forbidden", Message: "Your account may not see this page.", SignInURL: g.a.SignInURL(x.RequestURI())}
		}
	}
	return nil
}
