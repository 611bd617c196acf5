package core_test

import (
	"io"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"testing"
)

// TestHardeningOpenRedirect signs in for real with every known trick in
// return_to. Each sign-in completes and lands on the default page, never
// anywhere else: the browser is never sent off the app or the emulator
// (navigate fails the test if it is).
func TestHardeningOpenRedirect(t *testing.T) {
	app := newApp(t, appOptions{})
	host := strings.TrimPrefix(app.URL, "http://")
	for _, rt := range []string{
		"//evil.test",
		"//evil.test/path",
		"///evil.test",
		"/\\evil.test",
		"\\\\evil.test",
		"\\/evil.test",
		"/%2F%2Fevil.test",
		"/%2f%2fevil.test",
		"/%5Cevil.test",
		"/%5C%5Cevil.test",
		"%2F%2Fevil.test",
		"https:evil.test",
		"https:/evil.test",
		"https://evil.test",
		"HTTPS://evil.test",
		"http://" + host + "@evil.test",
		"//" + host + "@evil.test",
		"http://evil.test\\@" + host,
		"/\t/evil.test",
		"/\n/evil.test",
		"/\r\n/evil.test",
		"\t//evil.test",
		"/%09/evil.test",
		"/%0d%0aSet-Cookie:%20x=y",
		"/\x00/evil.test",
		"/%00/evil.test",
		"javascript:alert(1)",
		"JaVaScRiPt:alert(1)",
		"java\tscript:alert(1)",
		"data:text/html,<script>alert(1)</script>",
		"evil.test",
		"./evil.test",
		"/auth/signin",
		"/auth/signin?connection=" + connAcme,
		"/auth/callback?state=x&code=y",
		"/auth/signout",
	} {
		t.Run(strings.ToValidUTF8(rt[:min(len(rt), 40)], "?"), func(t *testing.T) {
			for _, method := range []string{"GET", "POST"} {
				b := app.browser()
				q := url.Values{"connection": {connAcme}, "return_to": {rt}}
				var p page
				if method == "GET" {
					p = b.get(app.URL + "/auth/signin?" + q.Encode())
				} else {
					p = b.post(app.URL+"/auth/signin", q, nil)
				}
				if w := p.who(t); w.Path != "/" || w.Email != "alice@acme.test" {
					t.Fatalf("%s return_to=%q landed on %q as %q, want / as alice\n%s", method, rt, w.Path, w.Email, p)
				}
			}
		})
	}
	// Safe paths on the app are kept, query and all; slashes that are not
	// "/" (division slash, full-width solidus) are path characters on the
	// app's own origin.
	for _, rt := range []string{"/dashboard?tab=1&x=%2F%2F", "/tab/%E2%9C%93", "/a/b/", "/\u2215\u2215evil.test", "/\uff0f\uff0fevil.test"} {
		b := app.browser()
		p := b.get(app.URL + "/auth/signin?" + url.Values{"connection": {connAcme}, "return_to": {rt}}.Encode())
		w := p.who(t)
		if got, _ := url.PathUnescape(w.Path); got != rt && w.Path != rt {
			t.Errorf("return_to=%q landed on %q", rt, w.Path)
		}
	}
	// A return_to longer than any sign-in needs is refused outright.
	p, err := app.browser().request("GET", app.URL+"/auth/signin?"+url.Values{"connection": {connAcme}, "return_to": {"/" + strings.Repeat("a", 3000)}}.Encode(), nil, nil)
	if err != nil || p.status != http.StatusBadRequest || sessionSet(p.setCookies) {
		t.Errorf("3000-byte return_to: %v %v", p.status, err)
	}
}

// TestHardeningHostileInput sends what attackers and broken clients send
// to the auth routes. None of it may answer 5xx, panic (the app's error
// log is checked when the test ends) or set a session.
func TestHardeningHostileInput(t *testing.T) {
	app := newApp(t, appOptions{})
	long := strings.Repeat("a", 10<<10)
	cases := []struct {
		name   string
		method string
		target string // path and raw query
		body   string // form body for POST
		status int    // 0: any status below 500
	}{
		{"full-width at", "GET", "/auth/signin?email=" + url.QueryEscape("alice＠evil.test@acme.test"), "", 400},
		{"full-width at alone", "GET", "/auth/signin?email=" + url.QueryEscape("alice＠acme.test"), "", 0},
		{"two ats", "GET", "/auth/signin?email=alice@evil.test@acme.test", "", 400},
		{"punycode domain", "GET", "/auth/signin?email=alice@xn--bcher-kva.example", "", 404},
		{"unicode domain", "GET", "/auth/signin?email=" + url.QueryEscape("alice@bücher.example"), "", 404},
		{"unicode lookalike of acme", "GET", "/auth/signin?email=" + url.QueryEscape("alice@аcme.test"), "", 404},
		{"bad punycode", "GET", "/auth/signin?email=alice@xn--.test", "", 400},
		{"trailing dot", "GET", "/auth/signin?email=alice@acme.test.", "", 303},
		{"two trailing dots", "GET", "/auth/signin?email=alice@acme.test..", "", 400},
		{"domain trailing dot", "GET", "/auth/signin?domain=ACME.TEST.", "", 303},
		{"NUL in email", "GET", "/auth/signin?email=alice%00@acme.test", "", 400},
		{"NUL in domain", "GET", "/auth/signin?email=alice@acme.test%00.evil.test", "", 400},
		{"CRLF in email", "GET", "/auth/signin?email=alice@acme.test%0d%0aSet-Cookie:%20wos-session=x", "", 400},
		{"10 kB email", "GET", "/auth/signin?email=" + long + "@acme.test", "", 400},
		{"10 kB email posted", "POST", "/auth/signin", "email=" + long + "@acme.test", 400},
		{"10 kB domain", "GET", "/auth/signin?domain=" + long + ".test", "", 400},
		{"10 kB login hint", "GET", "/auth/signin?connection=" + connAcme + "&login_hint=" + long, "", 400},
		{"invalid UTF-8", "GET", "/auth/signin?email=alice%ff@acme.test", "", 400},
		{"repeated email", "GET", "/auth/signin?email=alice@acme.test&email=bob@acme.test", "", 400},
		{"repeated email query and form", "POST", "/auth/signin?email=alice@acme.test", "email=bob@acme.test", 400},
		{"repeated return_to", "GET", "/auth/signin?connection=" + connAcme + "&return_to=/a&return_to=//evil.test", "", 400},
		{"repeated connection", "GET", "/auth/signin?connection=" + connAcme + "&connection=conn_01X", "", 400},
		{"two selectors", "GET", "/auth/signin?email=alice@acme.test&connection=" + connAcme, "", 400},
		{"malformed percent in query", "GET", "/auth/signin?email=%zz", "", 400},
		{"truncated percent in query", "GET", "/auth/signin?connection=" + connAcme + "&return_to=%E0%A4%A", "", 400},
		{"malformed percent in form", "POST", "/auth/signin", "email=%zz&return_to=/", 400},
		{"connection path traversal", "GET", "/auth/signin?connection=conn_../../evil", "", 400},
		{"organization markup", "GET", "/auth/signin?organization=" + url.QueryEscape("org_<script>"), "", 400},
		{"provider not offered", "GET", "/auth/signin?provider=GoogleOAuth", "", 400},
		{"error code markup", "GET", "/auth/signin?error=" + url.QueryEscape("<script>alert(1)</script>"), "", 200},
		{"request smuggles OAuth params", "GET", "/auth/signin?connection=" + connAcme + "&state=x&redirect_uri=https://evil.test/&client_id=client_evil&response_type=token", "", 303},
		{"callback malformed percent", "GET", "/auth/callback?state=%zz&code=c", "", 303},
		{"callback repeated state", "GET", "/auth/callback?state=a&state=b&code=c", "", 303},
		{"callback 10 kB state", "GET", "/auth/callback?code=c&state=" + long, "", 303},
		{"callback 10 kB code", "GET", "/auth/callback?state=s&code=" + long, "", 303},
		{"callback markup error", "GET", "/auth/callback?state=s&error=%3Cscript%3E", "", 303},
		{"callback POST", "POST", "/auth/callback", "state=s&code=c", 405},
		{"sign-out GET", "GET", "/auth/signout", "", 405},
		{"sign-out malformed form", "POST", "/auth/signout", "a=%zz", 400},
		{"unknown auth route", "GET", "/auth/whatever", "", 404},
		{"PUT sign-in", "PUT", "/auth/signin", "email=alice@acme.test", 405},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := app.browser()
			var body io.Reader
			if tc.method != "GET" {
				body = strings.NewReader(tc.body)
			}
			p, err := b.request(tc.method, app.URL+tc.target, body, nil)
			if err != nil {
				t.Fatal(err)
			}
			if p.status >= 500 || (tc.status != 0 && p.status != tc.status) {
				t.Fatalf("%s %.80s answered %d, want %d: %.300s", tc.method, tc.target, p.status, tc.status, p.body)
			}
			if sessionSet(p.setCookies) {
				t.Fatalf("set a session: %v", p.setCookies)
			}
			if strings.Contains(p.body, "<script>") || strings.Contains(p.header.Get("Location"), "evil.test") {
				t.Fatalf("echoed the attack: %q %.300s", p.header.Get("Location"), p.body)
			}
			if p.status == http.StatusSeeOther && strings.Contains(p.header.Get("Location"), "/sso/authorize") {
				loc, _ := url.Parse(p.header.Get("Location"))
				q := loc.Query()
				if q.Get("redirect_uri") != app.cfg.RedirectURI || q.Get("client_id") != app.cfg.ClientID ||
					q.Get("response_type") != "code" || q.Get("state") == "x" || len(q["state"]) != 1 {
					t.Fatalf("authorize URL carries what the request asked: %s", loc)
				}
			}
		})
	}
}

// zeros is an endless body of 'a's, so that a huge body costs the sender
// no memory.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

// TestHardeningLargeForm posts 1 MB forms to the sign-in and sign-out
// routes: each gets 413, the app keeps serving, and the app reads a
// bounded part of each body: the whole process allocates far less than a
// megabyte per request.
func TestHardeningLargeForm(t *testing.T) {
	app := newApp(t, appOptions{})
	const size, n = 1 << 20, 20
	send := func(path string) int {
		b := app.browser()
		body := io.MultiReader(strings.NewReader("email="), io.LimitReader(zeros{}, size))
		req, _ := http.NewRequest("POST", app.URL+path, body)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.ContentLength = size + int64(len("email="))
		resp, err := b.c.Do(req)
		if err != nil {
			t.Fatalf("POST %s: %v", path, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if sessionSet(resp.Header.Values("Set-Cookie")) {
			t.Fatal("set a session")
		}
		return resp.StatusCode
	}
	for _, path := range []string{"/auth/signin", "/auth/signout"} {
		if got := send(path); got != http.StatusRequestEntityTooLarge {
			t.Fatalf("1 MB form to %s: %d, want 413", path, got)
		}
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := 0; i < n; i++ {
		if got := send("/auth/signin"); got != http.StatusRequestEntityTooLarge {
			t.Fatalf("1 MB form: %d, want 413", got)
		}
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / n; per > size/2 {
		t.Fatalf("each 1 MB form allocated %d bytes: the body is not bounded", per)
	}
	app.stillServes()
}
