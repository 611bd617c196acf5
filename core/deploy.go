package core

import (
	"bytes"
	"html/template"
	"net/http"
	"strings"
)

// originFor returns the origin a request came to among the configured
// ones: the one whose host is the request's (Host, or X-Forwarded-Host
// from a trusted proxy), else RedirectURI's. Nothing a request sends ever
// adds an origin.
func (a *Auth) originFor(x exchange) appOrigin {
	if len(a.origins) > 1 {
		host := a.requestHost(x)
		host = hostKey(host, a.requestScheme(x))
		for _, o := range a.origins {
			if host == o.host {
				return o
			}
		}
	}
	return a.origins[0]
}

// knownHost reports whether host[:port] is one of the configured origins'.
func (a *Auth) knownHost(host string) bool {
	for _, o := range a.origins {
		if strings.EqualFold(host, o.host) {
			return true
		}
	}
	return false
}

// SignOutPath is the path of the sign-out route, e.g. "/auth/signout":
// the action of a sign-out form (method POST).
func (a *Auth) SignOutPath() string { return a.cfg.Cookies.AuthPath + "/" + routeSignOut }

// cookieAttrs sets the attributes that depend on the cookie: the session
// cookie and its chunks take Cookies.Domain and Cookies.SameSite; the cookies of
// sign-ins under way stay host-only and Lax (WorkOS sends the browser
// back from another site, which Strict would not let them come along).
func (a *Auth) cookieAttrs(c *http.Cookie) {
	if a.isSessionCookieName(c.Name) {
		c.Domain = a.cookieDomain
		c.SameSite = a.sameSite
	}
}

// landing sends a browser that just signed in on to where it was going.
// With SameSite Strict, a redirect would not do: the navigation started
// at WorkOS, on another site, so the browser would leave the new Strict
// session cookie out of it. A page of our own that moves on (a meta
// refresh, no script) makes the next request same-site.
func (a *Auth) landing(x exchange, location string) {
	if a.sameSite != http.SameSiteStrictMode {
		redirect(x, http.StatusSeeOther, location)
		return
	}
	var buf bytes.Buffer
	m := a.pages.msgs
	if err := landingPage.Execute(&buf, struct{ Location, Lang, Words string }{location, m.Lang, m.Redirecting}); err != nil {
		redirect(x, http.StatusSeeOther, location)
		return
	}
	x.SetHeader("Cache-Control", "no-store")
	x.SetHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
	x.SetHeader("Referrer-Policy", "no-referrer")
	x.Write(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
}

var landingPage = template.Must(template.New("landing").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url={{.Location}}"><title>{{.Words}}</title></head>
<body><main><p><a href="{{.Location}}">{{.Words}}</a></p></main></body></html>
`))
