package core

import (
	"net"
	"net/http"
	"net/url"
	"path"
	"strings"
)

// CookieConfig is the Cookies group of [Config]: the cookies, and where
// the app is served (its hostnames, proxies and auth routes).
type CookieConfig struct {
	// PreviousPasswords are earlier cookie passwords still accepted when
	// opening cookies (never used to seal), while rotating
	// Config.CookiePassword (WORKOS_COOKIE_PASSWORD_PREVIOUS). Each at
	// least 32 characters. Default: none.
	PreviousPasswords []Secret
	// Domain, e.g. "example.com" (WORKOS_COOKIE_DOMAIN), shares the
	// session with every subdomain (app.example.com, admin.example.com).
	// The session cookie then drops the __Host- prefix (which forbids a
	// Domain) and takes __Secure- on https. Every redirect URI's host must
	// be in it. Default: "", a cookie for the redirect URI's host alone.
	Domain string
	// SameSite is the session cookie's SameSite: http.SameSiteLaxMode
	// (the default), http.SameSiteStrictMode or http.SameSiteNoneMode
	// (https only). The cookies of sign-ins under way stay Lax, since
	// WorkOS sends the browser back from another site.
	SameSite http.SameSite
	// SessionName names the session cookie. Default: "wos-session". On
	// https it takes the __Host- prefix, or __Secure- with a Domain; a
	// custom name takes it too (a name that already has the right prefix
	// is kept as it is).
	SessionName string
	// RedirectURIs are further callback URLs registered with WorkOS
	// (WORKOS_REDIRECT_URIS), for an app reached under several hostnames
	// (preview deployments, a second domain). A sign-in uses the one whose
	// host the request came to (its Host, or X-Forwarded-Host from
	// TrustedProxies), else Config.RedirectURI; a header never names a
	// redirect URI that is not listed. All must share RedirectURI's scheme
	// and path. Default: none.
	RedirectURIs []string
	// TrustedProxies are the addresses (IPs or CIDRs) whose
	// X-Forwarded-Proto, X-Forwarded-Host and X-Forwarded-For are
	// believed: to bring a browser that arrived on another host to the
	// configured origin before a sign-in, and to tell clients apart for
	// SignIn.LookupsPerMinute. Default: none.
	TrustedProxies []string
	// AuthPath is the path the sign-in, callback and sign-out routes are
	// mounted under. Default: the directory of Config.RedirectURI's path,
	// e.g. "/auth" for https://app.example.com/auth/callback.
	AuthPath string
}

const defaultSessionCookie = "wos-session"

// checkPasswords checks that every previous cookie password is long
// enough, as the current one must be.
func (c CookieConfig) checkPasswords(p *problems) {
	for i, pw := range c.PreviousPasswords {
		if len(pw.Reveal()) < minPasswordLen {
			p.add("Cookies.PreviousPasswords[%d] (WORKOS_COOKIE_PASSWORD_PREVIOUS) must be at least %d characters", i, minPasswordLen)
		}
	}
}

// proxies parses TrustedProxies.
func (c CookieConfig) proxies(p *problems) *proxyList {
	list, err := parseProxies(c.TrustedProxies)
	if err != nil {
		p.add("Cookies.TrustedProxies: %v", err)
	}
	return list
}

// withDefaults fills AuthPath in from the redirect URI (its path's
// directory) and drops its trailing slash.
func (c CookieConfig) withDefaults(redirect *url.URL) CookieConfig {
	if c.AuthPath == "" {
		c.AuthPath = path.Dir(redirect.Path)
	}
	c.AuthPath = strings.TrimSuffix(c.AuthPath, "/")
	return c
}

// appOrigin is one origin the app is served on: a redirect URI registered
// with WorkOS and what follows from it.
type appOrigin struct {
	redirectURI string // the full callback URL
	origin      string // scheme://host[:port]
	host        string // host[:port], as a Host header names it
}

// deployment is what the Cookies group's deployment settings
// (RedirectURIs, Domain, SameSite, SessionName) come to once checked.
type deployment struct {
	origins      []appOrigin // origins[0] is RedirectURI's
	cookieDomain string
	sameSite     http.SameSite
	sessionName  string
}

// check checks the deployment settings against the primary redirect URI
// (already checked) and returns them; what is wrong goes to p.
func (c CookieConfig) check(p *problems, primary *url.URL) deployment {
	secure := primary.Scheme == "https"
	d := deployment{origins: c.checkRedirectURIs(p, primary)}
	d.cookieDomain = c.checkDomain(p, d.origins)
	d.sameSite = c.checkSameSite(p, secure)
	d.sessionName = c.checkSessionName(p, secure, d.cookieDomain)
	return d
}

// checkRedirectURIs checks RedirectURIs against the primary redirect URI
// (same scheme and path, no query, fragment or user info) and returns the
// app's origins: primary's first, then one per further host.
func (c CookieConfig) checkRedirectURIs(p *problems, primary *url.URL) []appOrigin {
	bad := p.add
	origins := []appOrigin{originOf(primary)}
	seen := map[string]bool{strings.ToLower(primary.Host): true}
	for i, raw := range c.RedirectURIs {
		u, err := url.Parse(strings.TrimSpace(raw))
		switch {
		case err != nil || !u.IsAbs() || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
			bad("Cookies.RedirectURIs[%d] (WORKOS_REDIRECT_URIS) must be an absolute http(s) URL; got %q", i, raw)
			continue
		case u.RawQuery != "" || u.Fragment != "" || u.User != nil:
			bad("Cookies.RedirectURIs[%d] (WORKOS_REDIRECT_URIS) must have no query, fragment or user info", i)
			continue
		case u.Scheme != primary.Scheme:
			// Cookie names (__Host-, __Secure-) and Secure follow the
			// scheme: one app answers under one scheme.
			bad("Cookies.RedirectURIs[%d] (WORKOS_REDIRECT_URIS) must use %s, as RedirectURI does; got %q", i, primary.Scheme, raw)
			continue
		case u.EscapedPath() != primary.EscapedPath():
			bad("Cookies.RedirectURIs[%d] (WORKOS_REDIRECT_URIS) must have RedirectURI's path %q, where the callback is mounted; got %q", i, primary.EscapedPath(), raw)
			continue
		}
		if key := strings.ToLower(u.Host); !seen[key] {
			seen[key] = true
			origins = append(origins, originOf(u))
		}
	}
	return origins
}

// checkDomain checks Domain (a domain name containing every origin's
// host, since browsers refuse a cookie for a domain outside the host)
// and returns it lower-cased without a leading dot, "" when unset.
func (c CookieConfig) checkDomain(p *problems, origins []appOrigin) string {
	dom := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(c.Domain), "."))
	if dom == "" {
		return ""
	}
	if n, err := normalizeDomain(dom); err != nil || n != dom || !strings.Contains(dom, ".") && dom != "localhost" {
		p.add("Cookies.Domain (WORKOS_COOKIE_DOMAIN) must be a domain such as example.com; got %q", c.Domain)
		return dom
	}
	for _, o := range origins {
		if h := hostOnly(o.host); h != dom && !strings.HasSuffix(h, "."+dom) {
			p.add("Cookies.Domain (WORKOS_COOKIE_DOMAIN) %q does not contain the redirect URI's host %q: browsers would refuse the cookie", dom, h)
		}
	}
	return dom
}

// checkSameSite checks SameSite (None only with secure, https, cookies)
// and returns it, Lax when unset.
func (c CookieConfig) checkSameSite(p *problems, secure bool) http.SameSite {
	switch c.SameSite {
	case 0, http.SameSiteDefaultMode, http.SameSiteLaxMode:
		return http.SameSiteLaxMode
	case http.SameSiteStrictMode:
		return http.SameSiteStrictMode
	case http.SameSiteNoneMode:
		if !secure {
			p.add("Cookies.SameSite None needs Secure cookies, so an https RedirectURI: browsers refuse SameSite=None on plain http")
		}
		return http.SameSiteNoneMode
	}
	p.add("Cookies.SameSite must be http.SameSiteLaxMode, http.SameSiteStrictMode or http.SameSiteNoneMode; got %d", c.SameSite)
	return 0
}

// checkSessionName returns the session cookie's name: SessionName (or
// the default) with the prefix browsers require of it here, __Host- on
// https, or __Secure- with a cookie domain. A name that carries a prefix
// must carry that one; what is wrong goes to p.
func (c CookieConfig) checkSessionName(p *problems, secure bool, cookieDomain string) string {
	prefix := ""
	switch {
	case secure && cookieDomain == "":
		prefix = "__Host-"
	case secure:
		prefix = "__Secure-"
	}
	name := c.SessionName
	if name == "" {
		name = defaultSessionCookie
	}
	switch {
	case strings.HasPrefix(name, "__Host-") || strings.HasPrefix(name, "__Secure-"):
		if !strings.HasPrefix(name, prefix) || prefix == "" {
			p.add("Cookies.SessionName %q has a prefix browsers would refuse here; give it without one and the right prefix (%q) is added", name, prefix)
		}
	default:
		name = prefix + name
	}
	if !validCookieName(name) {
		p.add("Cookies.SessionName %q is not a valid cookie name", c.SessionName)
	}
	return name
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

// validCookieName reports whether name is a cookie name browsers accept:
// not empty, and only printable ASCII that is not a separator.
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
