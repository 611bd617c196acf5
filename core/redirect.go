package core

import (
	"net/url"
	"strings"
)

const maxReturnTo = 2048

// SafeReturnTo reports whether raw is a path on the app's own origin that a
// sign-in may return to, and returns it. It refuses anything a browser
// could read as another origin: absolute URLs and schemes ("https:x",
// "javascript:"), protocol-relative "//x", backslashes ("/\x"), encoded
// slashes or backslashes at the start ("/%2F%2Fx"), control characters,
// and anything that is not a path starting with a single "/".
func safeReturnTo(raw string) (string, bool) {
	if raw == "" || len(raw) > maxReturnTo || raw[0] != '/' {
		return "", false
	}
	for i := 0; i < len(raw); i++ {
		if c := raw[i]; c < 0x20 || c == 0x7f || c == '\\' {
			return "", false
		}
	}
	if strings.HasPrefix(raw, "//") {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "", false
	}
	// What the path decodes to must not start like another origin either.
	dec, err := url.PathUnescape(u.EscapedPath())
	if err != nil || !strings.HasPrefix(dec, "/") || strings.HasPrefix(dec, "//") || strings.ContainsAny(dec, "\\\x00") {
		return "", false
	}
	for i := 0; i < len(dec); i++ {
		if c := dec[i]; c < 0x20 || c == 0x7f {
			return "", false
		}
	}
	return raw, true
}

// returnTo picks where a sign-in lands: raw when it is safe and not one of
// the auth routes (which would loop), else the default page.
func (a *Auth) returnTo(raw string) string {
	if p, ok := safeReturnTo(raw); ok {
		if u, err := url.Parse(p); err == nil && !a.isAuthPath(u.Path) {
			return p
		}
	}
	return a.cfg.SignIn.AfterPath
}

// isAuthPath reports whether path is one of the auth routes.
func (a *Auth) isAuthPath(path string) bool { return a.route(path) != "" }

// The auth routes, under Config.AuthPath.
const (
	routeSignIn   = "signin"
	routeCallback = "callback"
	routeSignOut  = "signout"
	routeWebhooks = "webhooks"
)

// route names the auth route path is, or "".
func (a *Auth) route(path string) string {
	rest, ok := strings.CutPrefix(path, a.cfg.Cookies.AuthPath+"/")
	if !ok {
		return ""
	}
	rest = strings.TrimSuffix(rest, "/")
	switch rest {
	case routeSignIn, routeCallback, routeSignOut, routeWebhooks, routeSwitchOrganization, routeSelectOrganization:
		return rest
	}
	return ""
}
