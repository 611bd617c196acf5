package core

import (
	"bytes"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// appOrigin is one origin the app is served on: a redirect URI registered
// with WorkOS and what follows from it.
type appOrigin struct {
	redirectURI string // the full callback URL
	origin      string // scheme://host[:port]
	host        string // host[:port], as a Host header names it
}

// deployment is what Config's deployment settings (RedirectURIs,
// CookieDomain, SameSite, SessionCookieName) come to once checked.
type deployment struct {
	origins      []appOrigin // origins[0] is RedirectURI's
	cookieDomain string
	sameSite     http.SameSite
	sessionName  string
}

// checkDeployment checks the deployment settings against the primary
// redirect URI (already checked) and returns them, or what is wrong.
func checkDeployment(cfg Config, primary *url.URL) (deployment, []string) {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	secure := primary.Scheme == "https"
	d := deployment{origins: []appOrigin{originOf(primary)}}
	seen := map[string]bool{strings.ToLower(primary.Host): true}
	for i, raw := range cfg.Cookies.RedirectURIs {
		u, err := url.Parse(strings.TrimSpace(raw))
		switch {
		case err != nil || !u.IsAbs() || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
			bad("RedirectURIs[%d] (%s) must be an absolute http(s) URL; got %q", i, EnvRedirectURIs, raw)
			continue
		case u.RawQuery != "" || u.Fragment != "" || u.User != nil:
			bad("RedirectURIs[%d] (%s) must have no query, fragment or user info", i, EnvRedirectURIs)
			continue
		case u.Scheme != primary.Scheme:
			// Cookie names (__Host-, __Secure-) and Secure follow the
			// scheme: one app answers under one scheme.
			bad("RedirectURIs[%d] (%s) must use %s, as RedirectURI does; got %q", i, EnvRedirectURIs, primary.Scheme, raw)
			continue
		case u.EscapedPath() != primary.EscapedPath():
			bad("RedirectURIs[%d] (%s) must have RedirectURI's path %q, where the callback is mounted; got %q", i, EnvRedirectURIs, primary.EscapedPath(), raw)
			continue
		}
		if key := strings.ToLower(u.Host); !seen[key] {
			seen[key] = true
			d.origins = append(d.origins, originOf(u))
		}
	}

	if dom := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(cfg.Cookies.Domain), ".")); dom != "" {
		if n, err := NormalizeDomain(dom); err != nil || n != dom || !strings.Contains(dom, ".") && dom != "localhost" {
			bad("CookieDomain (%s) must be a domain such as example.com; got %q", EnvCookieDomain, cfg.Cookies.Domain)
		} else {
			for _, o := range d.origins {
				if h := hostOnly(o.host); h != dom && !strings.HasSuffix(h, "."+dom) {
					bad("CookieDomain (%s) %q does not contain the redirect URI's host %q: browsers would refuse the cookie", EnvCookieDomain, dom, h)
				}
			}
		}
		d.cookieDomain = dom
	}

	switch cfg.Cookies.SameSite {
	case 0, http.SameSiteDefaultMode, http.SameSiteLaxMode:
		d.sameSite = http.SameSiteLaxMode
	case http.SameSiteStrictMode:
		d.sameSite = http.SameSiteStrictMode
	case http.SameSiteNoneMode:
		if !secure {
			bad("SameSite None needs Secure cookies, so an https RedirectURI: browsers refuse SameSite=None on plain http")
		}
		d.sameSite = http.SameSiteNoneMode
	default:
		bad("SameSite must be http.SameSiteLaxMode, http.SameSiteStrictMode or http.SameSiteNoneMode; got %d", cfg.Cookies.SameSite)
	}

	prefix := ""
	switch {
	case secure && d.cookieDomain == "":
		prefix = "__Host-"
	case secure:
		prefix = "__Secure-"
	}
	name := cfg.Cookies.SessionName
	if name == "" {
		name = DefaultSessionCookie
	}
	switch {
	case strings.HasPrefix(name, "__Host-") || strings.HasPrefix(name, "__Secure-"):
		if !strings.HasPrefix(name, prefix) || prefix == "" {
			bad("SessionCookieName %q has a prefix browsers would refuse here; give it without one and the right prefix (%q) is added", name, prefix)
		}
	default:
		name = prefix + name
	}
	if !validCookieName(name) {
		bad("SessionCookieName %q is not a valid cookie name", cfg.Cookies.SessionName)
	}
	d.sessionName = name
	return d, problems
}

// originOf is the origin of a redirect URI, canonical (origin.go): lower
// case, no default port, as requests' origins are compared.
func originOf(u *url.URL) appOrigin {
	host := hostKey(u.Host, u.Scheme)
	return appOrigin{redirectURI: u.String(), origin: u.Scheme + "://" + host, host: host}
}

// hostOnly drops the port of host[:port] and lower-cases it.
func hostOnly(hostport string) string {
	h := hostport
	if host, _, err := net.SplitHostPort(hostport); err == nil {
		h = host
	}
	return strings.ToLower(strings.Trim(h, "[]"))
}

func validCookieName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`()<>@,;:\"/[]?={}`, c) >= 0 {
			return false
		}
	}
	return true
}

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
// cookie and its chunks take CookieDomain and SameSite; the cookies of
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
