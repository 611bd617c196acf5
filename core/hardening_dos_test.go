package core_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// floodHeader returns a Cookie header of about size bytes made of
// cookies named by name(i).
func floodHeader(size int, name func(i int) string) (string, int) {
	var b strings.Builder
	n := 0
	for b.Len() < size {
		if n > 0 {
			b.WriteString("; ")
		}
		b.WriteString(name(n))
		b.WriteString("=v")
		n++
	}
	return b.String(), n
}

// TestHardeningCookieFlood sends a Cookie header close to net/http's 1 MB
// limit, full of flow cookies or of copies of the session's chunk names,
// to the routes that look at every such cookie. Each answers at once
// (work linear in the header, not quadratic) and with a bounded number of
// Set-Cookie lines, so that one request cannot tie up a CPU for minutes
// or make the app answer with megabytes of headers.
func TestHardeningCookieFlood(t *testing.T) {
	app := newApp(t, appOptions{})
	const size = 900 << 10
	flows, nf := floodHeader(size, func(i int) string { return "wos-flow-" + strconv.Itoa(i) })
	chunks, nc := floodHeader(size, func(i int) string { return "wos-session." + strconv.Itoa(i%4) })
	t.Logf("%d flow cookies, %d chunk cookies", nf, nc)
	for _, tc := range []struct {
		name, method, target, cookie string
		status                       int
	}{
		{"sign-in start with flow cookies", "GET", "/auth/signin?connection=" + connAcme, flows, http.StatusSeeOther},
		{"sign-out with flow cookies", "POST", "/auth/signout", flows, http.StatusSeeOther},
		{"sign-out with chunk copies", "POST", "/auth/signout", chunks, http.StatusSeeOther},
		{"callback with flow cookies", "GET", "/auth/callback?state=s&code=c", flows, http.StatusSeeOther},
		{"guarded page with chunk copies", "GET", "/dashboard", chunks, http.StatusSeeOther},
		{"guarded page with flow cookies", "GET", "/dashboard", flows, http.StatusSeeOther},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := app.browser()
			b.c.Timeout = 60 * time.Second
			began := time.Now()
			p, err := b.request(tc.method, app.URL+tc.target, nil, http.Header{"Cookie": {tc.cookie}, "Origin": {app.URL}})
			took := time.Since(began)
			if err != nil {
				t.Fatalf("after %v: %v", took, err)
			}
			if took > 10*time.Second {
				t.Fatalf("one request with a flood of cookies took %v", took)
			}
			if p.status != tc.status || len(p.setCookies) > 64 {
				t.Fatalf("answer %d with %d Set-Cookie lines (want %d and at most 64)", p.status, len(p.setCookies), tc.status)
			}
		})
	}
	app.stillServes()
}
