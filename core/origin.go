package core

import (
	"net"
	"net/url"
	"strings"
)

// Origins and hosts are compared in the form browsers give them: the
// scheme and host in lower case, without the scheme's default port. A
// redirect URI written https://App.example.com:443/auth/callback is the
// origin https://app.example.com, which is what a browser there sends in
// Origin and Referer and what a proxy forwards as the host; comparing the
// strings as written refused every sign-out, and behind a trusted proxy
// sent browsers round in a redirect loop.

// hostKey returns host[:port] lower-cased, without the default port of
// scheme (443 for https, 80 for http): the host a browser at it would
// name. A trailing dot is kept: browsers treat "app.test." as another
// host than "app.test", with cookies of its own.
func hostKey(hostport, scheme string) string {
	h := strings.ToLower(strings.TrimSpace(hostport))
	host, port, err := net.SplitHostPort(h)
	if err != nil {
		return h
	}
	if (scheme == "https" && port == "443") || (scheme == "http" && port == "80") || port == "" {
		if strings.Contains(host, ":") { // IPv6: keep the brackets
			return "[" + host + "]"
		}
		return host
	}
	return h
}

// originKey returns the canonical form of an origin (scheme://host[:port],
// as in an Origin header or the start of a Referer): lower case, no
// default port, no trailing dot on the host, no path. ok is false for
// anything that is not an http(s) origin ("null", garbage).
func originKey(raw string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.Opaque != "" {
		return "", false
	}
	host := hostKey(u.Host, u.Scheme)
	if h, p, err := net.SplitHostPort(host); err == nil {
		host = net.JoinHostPort(strings.TrimSuffix(h, "."), p)
	} else {
		host = strings.TrimSuffix(host, ".")
	}
	if host == "" {
		return "", false
	}
	return u.Scheme + "://" + host, true
}

// sameOrigin reports whether raw (an Origin header, or a Referer) is the
// app's origin, compared canonically.
func (a *Auth) sameOrigin(x exchange, raw string) bool {
	o, ok := originKey(raw)
	return ok && o == a.originFor(x).origin
}
