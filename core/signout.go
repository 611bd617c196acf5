package core

import (
	"net/http"
	"net/url"
)

// signOut ends the session: POST only, from the app's own origin.
func (a *Auth) signOut(x exchange) {
	if x.Method() != http.MethodPost {
		x.SetHeader("Allow", "POST")
		a.fail(x, userError(http.StatusMethodNotAllowed, "method_not_allowed", "Sign out with a POST from this site."))
		return
	}
	if err := x.FormError(); err != nil {
		a.fail(x, formError(err))
		return
	}
	if a.crossSite(x) {
		a.fail(x, userError(http.StatusForbidden, "cross_site", "Sign-out must come from this site."))
		return
	}
	var s *Session
	if token := a.readSessionToken(x); token != "" {
		var err error
		s, err = a.openSession(x.Context(), token, a.now())
		if err != nil {
			// The session cannot be found to end it everywhere: keep the
			// cookie, so that trying again in a moment can.
			a.fail(x, &Error{Status: http.StatusServiceUnavailable, Code: "signout_unavailable", Message: "Signing out could not finish just now. Please try again in a moment.", Err: err})
			return
		}
		if s != nil {
			a.revokeSession(x.Context(), s) // a failure to share it is logged and retried by the feed
		}
	}
	a.clearSession(x)
	a.clearFlows(x)
	// Pages the browser's HTTP cache kept for the signed-out user go
	// too (browsers honour it on https and on localhost). The
	// back/forward cache may still hold a page: see the README.
	x.SetHeader("Clear-Site-Data", `"cache"`)
	if s != nil {
		a.emit(x.Context(), a.sessionEvent(x, AuditSignOut, s))
	}
	redirect(x, http.StatusSeeOther, a.mode.afterSignOut(x, s)) // AuthKit: through WorkOS's logout URL
}

// crossSite reports whether a state-changing request comes from another
// site: an Origin other than the app's, Sec-Fetch-Site cross-site or
// same-site, or, when neither header is there, a Referer from elsewhere.
func (a *Auth) crossSite(x exchange) bool {
	switch x.Header("Sec-Fetch-Site") {
	case "cross-site", "same-site":
		return true
	}
	if origin := x.Header("Origin"); origin != "" {
		return !a.sameOrigin(x, origin)
	}
	if ref := x.Header("Referer"); ref != "" && x.Header("Sec-Fetch-Site") == "" {
		u, err := url.Parse(ref)
		return err != nil || !a.sameOrigin(x, u.Scheme+"://"+u.Host)
	}
	return false
}
