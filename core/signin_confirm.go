package core

import (
	"net/http"
	"net/url"
	"strings"
)

// Any page on the web can start a sign-in in a visitor's browser: a
// link, a form posted by script, an <img> pointing at
// /auth/signin?email=.... A top-level navigation to a connection of the
// attacker's choosing signs the victim into the attacker's account (login
// CSRF), and each <img> makes the app look a domain up at WorkOS. So a
// sign-in start that arrives from another site, or as a subresource, does
// not go to WorkOS: it gets the sign-in page with its selector filled in,
// and one submission of that page, from this site, continues. A direct
// navigation (typed, bookmarked, Sec-Fetch-Site: none) and a client that
// sends no Fetch Metadata, no Origin and no Referer (curl, scripts, API
// clients) start at once, as before.

// needsConfirmation reports whether a sign-in start came from another
// site or as a subresource, as Fetch Metadata, Origin or (from browsers
// without Fetch Metadata) Referer tell.
func (a *Auth) needsConfirmation(x exchange) bool {
	switch strings.ToLower(strings.TrimSpace(x.Header("Sec-Fetch-Site"))) {
	case "":
	case "same-origin", "none":
		switch strings.ToLower(strings.TrimSpace(x.Header("Sec-Fetch-Dest"))) {
		case "", "document", "empty":
		default:
			return true // an <img>, <script>, <iframe>...: not the user asking
		}
	default: // cross-site, same-site (a sibling subdomain), anything unknown
		return true
	}
	if origin := x.Header("Origin"); origin != "" {
		return !a.sameOrigin(x, origin) // "null" included
	}
	if x.Header("Sec-Fetch-Site") == "" {
		if ref := x.Header("Referer"); ref != "" {
			u, err := url.Parse(ref)
			return err != nil || !a.sameOrigin(x, u.Scheme+"://"+u.Host)
		}
	}
	return false
}

// confirmSignIn answers a sign-in start that needs confirmation: the
// sign-in page, with the selector in its fields, and nothing asked of the
// resolver or WorkOS, no cookie set. A selector that is not even well
// formed is refused as it would be anyway.
func (a *Auth) confirmSignIn(x exchange, req *signInRequest) {
	if err := a.checkSelector(req); err != nil {
		a.fail(x, asError(err))
		return
	}
	d := a.pageData(x)
	d.Confirm = true
	d.ReturnTo = a.returnToField(req.returnTo)
	d.Email = req.email
	if req.email == "" {
		d.Domain = req.resolvedDomain
	}
	d.Organization, d.Connection, d.Provider = req.sel.Organization, req.sel.Connection, req.sel.Provider
	if _, _, err := parseEmail(req.loginHint); err == nil && req.loginHint != req.email {
		d.LoginHint = req.loginHint
	}
	a.renderSignIn(x, http.StatusOK, d)
}
