package core

import (
	"fmt"
	"net"
	"net/netip"
	"strings"
)

// proxyList holds the addresses whose X-Forwarded-* headers are believed.
type proxyList struct{ prefixes []netip.Prefix }

func parseProxies(list []string) (*proxyList, error) {
	p := &proxyList{}
	for _, s := range list {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if pre, err := netip.ParsePrefix(s); err == nil {
			p.prefixes = append(p.prefixes, pre.Masked())
			continue
		}
		addr, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("%q is neither an IP address nor a CIDR prefix", s)
		}
		p.prefixes = append(p.prefixes, netip.PrefixFrom(addr, addr.BitLen()))
	}
	return p, nil
}

// trusts reports whether the peer at remoteAddr (ip:port) is a trusted proxy.
func (p *proxyList) trusts(remoteAddr string) bool {
	if p == nil || len(p.prefixes) == 0 {
		return false
	}
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	addr = addr.Unmap()
	for _, pre := range p.prefixes {
		if pre.Contains(addr) {
			return true
		}
	}
	return false
}

// requestHost is the host the browser used: the Host header, or the first
// X-Forwarded-Host when the peer is a trusted proxy.
func (a *Auth) requestHost(x exchange) string {
	if a.proxies.trusts(x.RemoteAddr()) {
		if fh := x.Header("X-Forwarded-Host"); fh != "" {
			h, _, _ := strings.Cut(fh, ",")
			return strings.TrimSpace(h)
		}
	}
	return x.Host()
}

// requestScheme is the scheme the browser used, as far as can be told: the
// first X-Forwarded-Proto from a trusted proxy, else the configured one.
func (a *Auth) requestScheme(x exchange) string {
	if a.proxies.trusts(x.RemoteAddr()) {
		if fp := x.Header("X-Forwarded-Proto"); fp != "" {
			p, _, _ := strings.Cut(fp, ",")
			return strings.ToLower(strings.TrimSpace(p))
		}
	}
	if a.secure {
		return "https"
	}
	return "http"
}

// offOrigin reports whether the browser reached the app on another origin
// than the configured one, where cookies set now would not reach the
// callback. It is only told for loopback hosts (localhost vs 127.0.0.1, the
// common development slip) and for trusted proxies; a Host header alone
// behind an unknown proxy proves nothing.
func (a *Auth) offOrigin(x exchange) bool {
	host := a.requestHost(x)
	if host == "" || a.knownHost(hostKey(host, a.requestScheme(x))) {
		return a.proxies.trusts(x.RemoteAddr()) && a.requestScheme(x) != schemeOf(a.origin)
	}
	if a.proxies.trusts(x.RemoteAddr()) {
		return true
	}
	// localhost and 127.0.0.1 on the same port are the same server under
	// two names. A loopback host on another port is a proxy in front of
	// the app (a TLS terminator on localhost:8443 forwarding to :8080):
	// sending the browser to the configured origin would bring it back
	// here, for ever.
	return isLoopbackHost(host) && isLoopbackHost(a.host) && portOf(host, a.secure) == portOf(a.host, a.secure)
}

// portOf returns the port of host[:port], or the default port of the
// configured scheme when it has none.
func portOf(hostport string, secure bool) string {
	if _, port, err := net.SplitHostPort(hostport); err == nil && port != "" {
		return port
	}
	if secure {
		return "443"
	}
	return "80"
}

func schemeOf(origin string) string {
	s, _, _ := strings.Cut(origin, "://")
	return s
}

func isLoopbackHost(hostport string) bool {
	h := hostport
	if host, _, err := net.SplitHostPort(hostport); err == nil {
		h = host
	}
	h = strings.Trim(h, "[]")
	if strings.EqualFold(h, "localhost") {
		return true
	}
	addr, err := netip.ParseAddr(h)
	return err == nil && addr.IsLoopback()
}
