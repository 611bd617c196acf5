package workosfiber

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Cookies reach the answer exactly as net/http would send them, every
// attribute intact, and several of one name are all sent.
func TestSetCookieRoundTrip(t *testing.T) {
	expires := time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC)
	cookies := []*http.Cookie{
		{Name: "__Host-wos-session", Value: "sealed.value-1_2", Path: "/", MaxAge: 3600, Expires: expires,
			HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode},
		{Name: "wos-flow.abc", Value: "", Path: "/", MaxAge: -1, Expires: time.Unix(1, 0), HttpOnly: true, SameSite: http.SameSiteLaxMode},
		{Name: "wos-flow.abc", Value: "again", Path: "/sub", Domain: "app.test", HttpOnly: true, SameSite: http.SameSiteLaxMode},
	}
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/", func(c *fiber.Ctx) error {
		x := &exchange{c: c}
		for _, ck := range cookies {
			x.SetCookie(ck)
		}
		x.SetCookie(&http.Cookie{Name: "bad name", Value: "x"}) // invalid: not sent
		x.Write(http.StatusSeeOther, "", nil)
		return nil
	})
	res, err := app.Test(httptest.NewRequest("GET", "/", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	raw := res.Header.Values("Set-Cookie")
	if len(raw) != len(cookies) {
		t.Fatalf("Set-Cookie %q: want %d", raw, len(cookies))
	}
	for i, ck := range cookies {
		if raw[i] != ck.String() {
			t.Errorf("Set-Cookie[%d] = %q, want %q", i, raw[i], ck.String())
		}
	}
	got := res.Cookies()
	want0 := cookies[0]
	if g := got[0]; g.Name != want0.Name || g.Value != want0.Value || g.Path != "/" || g.MaxAge != 3600 ||
		!g.Expires.Equal(expires) || !g.HttpOnly || !g.Secure || g.SameSite != http.SameSiteLaxMode {
		t.Errorf("session cookie read back as %+v", g)
	}
	if g := got[1]; g.MaxAge != -1 || !g.Expires.Equal(time.Unix(1, 0)) || g.Secure {
		t.Errorf("deletion read back as %+v", g)
	}
	if g := got[2]; g.Path != "/sub" || g.Domain != "app.test" || g.Value != "again" {
		t.Errorf("third cookie read back as %+v", g)
	}
	if ct := res.Header.Get("Content-Type"); ct != "" {
		t.Errorf("a redirect without body has Content-Type %q", ct)
	}
}

// The request side: cookie values (quotes dropped, first of a name wins),
// names by prefix, the Host header, the path as sent and the request URI.
func TestRequestAccessors(t *testing.T) {
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	var (
		session, quoted, missing string
		okSession, okMissing     bool
		names                    []string
		host, path, uri, remote  string
		allocs                   float64
	)
	app.Get("/*", func(c *fiber.Ctx) error {
		x := &exchange{c: c}
		session, okSession = x.Cookie("wos-session")
		quoted, _ = x.Cookie("q")
		missing, okMissing = x.Cookie("nope")
		names = x.CookieNames("wos-session")
		host, path, uri, remote = x.Host(), x.Path(), x.RequestURI(), x.RemoteAddr()
		allocs = testing.AllocsPerRun(100, func() { x.Cookie("wos-session") })
		return nil
	})
	req := httptest.NewRequest("GET", "/a%20b/c?x=1&y=%2F", nil)
	req.Host = "app.test:8443"
	req.Header.Set("Cookie", `wos-session=tok1; q="quoted"; wos-session.0=c0; other=1; wos-session=second`)
	if _, err := app.Test(req, -1); err != nil {
		t.Fatal(err)
	}
	if session != "tok1" || !okSession || quoted != "quoted" || missing != "" || okMissing {
		t.Errorf("cookies: %q %v %q %q %v", session, okSession, quoted, missing, okMissing)
	}
	if len(names) != 3 || names[0] != "wos-session" || names[1] != "wos-session.0" || names[2] != "wos-session" {
		t.Errorf("names %q", names)
	}
	if host != "app.test:8443" || path != "/a b/c" || uri != "/a%20b/c?x=1&y=%2F" || remote != "0.0.0.0:0" {
		t.Errorf("host %q path %q uri %q remote %q", host, path, uri, remote)
	}
	if allocs != 0 {
		t.Errorf("Cookie allocates %v times a call", allocs)
	}
}

// An absolute request-target names the host, as net/http takes it; no
// X-Forwarded-Host ever does.
func TestHostOfAbsoluteTarget(t *testing.T) {
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	var host, uri string
	app.Get("/*", func(c *fiber.Ctx) error {
		x := &exchange{c: c}
		host, uri = strings.Clone(x.Host()), x.RequestURI()
		return nil
	})
	req := httptest.NewRequest("GET", "http://127.0.0.1:8080/a?b=1", nil) // sent in absolute form
	req.Header.Set("X-Forwarded-Host", "evil.test")
	if _, err := app.Test(req, -1); err != nil {
		t.Fatal(err)
	}
	if host != "127.0.0.1:8080" || uri != "/a?b=1" {
		t.Fatalf("host %q uri %q", host, uri)
	}
}

// Body hands core the raw body, bounded, buffered or streamed, and a copy
// that outlives fasthttp's buffers.
func TestBody(t *testing.T) {
	for _, stream := range []bool{false, true} {
		app := fiber.New(fiber.Config{DisableStartupMessage: true, StreamRequestBody: stream})
		var got []byte
		var gotErr error
		app.Post("/", func(c *fiber.Ctx) error {
			got, gotErr = (&exchange{c: c}).Body(16)
			c.Request().SetBody([]byte("overwritten buffer")) // core's copy must not change
			return nil
		})
		for _, tt := range []struct {
			body    string
			tooBig  bool
			chunked bool
		}{{"{\"a\":1}", false, false}, {strings.Repeat("x", 16), false, false}, {strings.Repeat("x", 17), true, false}, {strings.Repeat("y", 40), true, true}} {
			req := httptest.NewRequest("POST", "/", strings.NewReader(tt.body))
			if tt.chunked {
				req.ContentLength, req.TransferEncoding = -1, []string{"chunked"}
			}
			if _, err := app.Test(req, -1); err != nil {
				t.Fatal(err)
			}
			var mb *http.MaxBytesError
			if tt.tooBig != errors.As(gotErr, &mb) {
				t.Errorf("stream=%v body %d bytes: error %v, want too big %v", stream, len(tt.body), gotErr, tt.tooBig)
			}
			if !tt.tooBig && string(got) != tt.body {
				t.Errorf("stream=%v: Body = %q, want %q", stream, got, tt.body)
			}
		}
	}
}
