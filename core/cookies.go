package core

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Cookie sizes. Browsers keep at least 4096 bytes per cookie (name, value
// and attributes); proxies commonly accept 8 kB of request headers in all.
const (
	maxChunkValue   = 3800 // bytes of value per session cookie chunk
	maxSessionValue = 6000 // bytes of sealed session in all chunks (2 chunks)
	maxChunks       = 4    // chunk names read and cleared: name.0 .. name.3
)

// cookie returns a cookie with the attributes every cookie of ours has.
func (a *Auth) cookie(name, value string, maxAge time.Duration) *http.Cookie {
	c := &http.Cookie{
		Name:     name,
		Value:    value,
		Path:     "/",
		HttpOnly: true,
		Secure:   a.secure,
		SameSite: http.SameSiteLaxMode,
	}
	a.cookieAttrs(c)
	switch {
	case maxAge < 0:
		c.MaxAge = -1
		c.Expires = time.Unix(1, 0)
	case maxAge > 0:
		c.MaxAge = int(maxAge / time.Second)
	}
	return c
}

// deleteCookie expires a cookie in the browser.
func (a *Auth) deleteCookie(x exchange, name string) {
	x.SetCookie(a.cookie(name, "", -1))
}

// readSessionToken reads the session token, whole or from its chunks. It
// returns "" when there is none.
func (a *Auth) readSessionToken(x exchange) string {
	if v, ok := x.Cookie(a.sessionName); ok && v != "" {
		return v
	}
	first, ok := x.Cookie(a.chunkName(0))
	if !ok || first == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString(first)
	for i := 1; i < maxChunks; i++ {
		v, ok := x.Cookie(a.chunkName(i))
		if !ok || v == "" {
			break
		}
		b.WriteString(v)
	}
	return b.String()
}

func (a *Auth) chunkName(i int) string { return a.sessionName + "." + strconv.Itoa(i) }

// writeSessionToken sets the session cookie, split into chunks when it is
// large, and clears whatever stale cookies or chunks the request carried.
func (a *Auth) writeSessionToken(x exchange, token string, maxAge time.Duration) {
	present := a.sessionCookieNames(x)
	keep := map[string]bool{}
	if len(token) <= maxChunkValue {
		x.SetCookie(a.cookie(a.sessionName, token, maxAge))
		keep[a.sessionName] = true
	} else {
		for i := 0; len(token) > 0; i++ {
			n := min(len(token), maxChunkValue)
			name := a.chunkName(i)
			x.SetCookie(a.cookie(name, token[:n], maxAge))
			keep[name] = true
			token = token[n:]
		}
	}
	for _, name := range present {
		if !keep[name] {
			a.deleteCookie(x, name)
		}
	}
}

// sessionCookieNames returns the names of the session cookie and chunks
// the request carries, each once, however many copies it sent.
func (a *Auth) sessionCookieNames(x exchange) []string {
	var names []string
	for _, name := range x.CookieNames(a.sessionName) {
		if a.isSessionCookieName(name) {
			names = append(names, name)
		}
	}
	return distinct(names, maxChunks+1)
}

// distinct returns names without repeats, in order, and at most limit of
// them. A request may carry any number of cookies, or copies of one (up to
// the server's header limit, a megabyte for net/http); each name core
// looks at costs a scan of the Cookie header and may cost a Set-Cookie
// line, so what one request can make core do must not grow with them.
func distinct(names []string, limit int) []string {
	seen := make(map[string]bool, min(len(names), limit))
	out := make([]string, 0, min(len(names), limit))
	for _, n := range names {
		if len(out) == limit {
			break
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// clearSession expires the session cookie and every chunk the request had.
func (a *Auth) clearSession(x exchange) {
	cleared := false
	for _, name := range a.sessionCookieNames(x) {
		a.deleteCookie(x, name)
		cleared = cleared || name == a.sessionName
	}
	if !cleared {
		a.deleteCookie(x, a.sessionName)
	}
}

// isSessionCookieName reports whether name is the session cookie or one of
// its chunks.
func (a *Auth) isSessionCookieName(name string) bool {
	if name == a.sessionName {
		return true
	}
	rest, ok := strings.CutPrefix(name, a.sessionName+".")
	if !ok {
		return false
	}
	i, err := strconv.Atoi(rest)
	return err == nil && i >= 0 && i < maxChunks
}
