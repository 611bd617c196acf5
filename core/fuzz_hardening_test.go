package core

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// Fuzz targets for the untrusted bytes that reach core and had none of
// their own: the session cookie split into chunks, the whole query of a
// callback (state, code, error, repeated and malformed parameters), the
// whole query or form of a sign-in (email, domain, selectors, return_to),
// domain names, and the profile of WorkOS's token answer. None of them
// touches the network: WorkOS is an in-memory transport.

// fuzzNow is the fixed clock of the fuzz targets, so that a flow sealed at
// setup never expires during a long run.
var fuzzNow = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

// memWorkOS answers the code exchange in memory: code "good" signs Alice
// in, any other code is refused as WorkOS refuses a used code.
type memWorkOS struct{}

func (memWorkOS) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		defer r.Body.Close()
	}
	body, _ := io.ReadAll(r.Body)
	var form struct {
		Code string `json:"code"`
	}
	_ = json.Unmarshal(body, &form)
	status, answer := http.StatusBadRequest, `{"error":"invalid_grant","error_description":"The code has expired."}`
	if r.URL.Path == "/sso/token" && form.Code == "good" {
		p, _ := json.Marshal(alice())
		status, answer = http.StatusOK, `{"token_type":"Bearer","access_token":"acc","expires_in":600,"profile":`+string(p)+`}`
	}
	return &http.Response{
		StatusCode: status, Status: http.StatusText(status), Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:  http.Header{"Content-Type": {"application/json"}},
		Body:    io.NopCloser(strings.NewReader(answer)),
		Request: r,
	}, nil
}

func fuzzAuth(t testing.TB, edit func(*Config)) *Auth {
	return newTestAuth(t, func(c *Config) {
		c.WorkOS.BaseURL = "https://workos.invalid"
		c.WorkOS.HTTPClient = &http.Client{Transport: memWorkOS{}}
		c.Now = func() time.Time { return fuzzNow }
		c.Sessions.CacheSize = -1
		c.SignIn.Resolver = ResolverFunc(func(_ context.Context, d string) (Selector, error) {
			switch d {
			case "acme.test":
				return Selector{Organization: "org_01ACME"}, nil
			case "conn.test":
				return Selector{Connection: "conn_01CONN"}, nil
			}
			return Selector{}, &noSSOError{d}
		})
		if edit != nil {
			edit(c)
		}
	})
}

// rawFake is a fakeExchange over a raw query (and form), with the form
// error an adapter would report for malformed percent-encoding.
func rawFake(method, path, rawQuery, body string) *fakeExchange {
	x := newFake(method, path)
	x.target.RawQuery = rawQuery
	q, qerr := url.ParseQuery(rawQuery)
	x.target.RawQuery = q.Encode() // what Values reads: the parsed query
	x.formErr = qerr
	if method == http.MethodPost {
		f, ferr := url.ParseQuery(body)
		x.form = f
		if x.formErr == nil {
			x.formErr = ferr
		}
	}
	return x
}

// strictFake reads no values from a request whose query or form is
// malformed, as internal/httpx does.
type strictFake struct{ *fakeExchange }

func (s strictFake) Values(name string) []string {
	if s.formErr != nil {
		return nil
	}
	return s.fakeExchange.Values(name)
}

func isSessionSet(x *fakeExchange) bool {
	for _, c := range x.liveCookies() {
		if strings.HasPrefix(c.Name, "wos-session") {
			return true
		}
	}
	return false
}

// FuzzSessionChunks feeds arbitrary chunk values. Only the real session,
// split as core splits it, may open.
func FuzzSessionChunks(f *testing.F) {
	a := fuzzAuth(f, nil)
	big := alice()
	big.Groups = nil
	for i := 0; i < 80; i++ {
		big.Groups = append(big.Groups, "group-with-a-long-descriptive-name-"+strings.Repeat("x", i%7))
	}
	_, cs, err := a.sessionCookies(context.Background(), big)
	if err != nil || len(cs) != 2 {
		f.Fatalf("want a session in two chunks, got %d cookies, %v", len(cs), err)
	}
	whole := cs[0].Value + cs[1].Value
	f.Add(cs[0].Value, cs[1].Value, "")
	f.Add(cs[0].Value, cs[1].Value, "AAAA")
	f.Add(cs[1].Value, cs[0].Value, "")
	f.Add(whole, "", "")
	f.Add("", cs[1].Value, "")
	f.Add(cs[0].Value[:100], cs[1].Value, "")
	f.Fuzz(func(t *testing.T, v0, v1, v2 string) {
		x := newFake("GET", "/").withCookies(
			&http.Cookie{Name: "wos-session.0", Value: v0},
			&http.Cookie{Name: "wos-session.1", Value: v1},
			&http.Cookie{Name: "wos-session.2", Value: v2})
		s := a.session(x)
		if s == nil {
			return
		}
		// The seeds come from whichever process ran the setup (each seals
		// with a fresh nonce), so the token is not compared byte for byte:
		// whatever opens must be a session this target sealed, and must
		// open again as the token core read.
		read := v0
		if v1 != "" {
			read += v1
			if v2 != "" {
				read += v2
			}
		}
		again, err := a.store.load(context.Background(), read)
		if s.Profile.ID != big.ID || s.ID == "" || err != nil || again.ID != s.ID {
			t.Fatalf("chunks %q %q %q opened a session (%q)", v0, v1, v2, s.Profile.ID)
		}
	})
}

// FuzzCallbackQuery feeds arbitrary callback queries to a browser that
// holds one real flow cookie. The callback never answers 5xx (WorkOS is
// healthy here), and a session is set only for the flow's own state with
// a code WorkOS accepts.
func FuzzCallbackQuery(f *testing.F) {
	a := fuzzAuth(f, nil)
	fl := a.newFlow("/dashboard")
	name, value, err := a.sealFlow(fl)
	if err != nil {
		f.Fatal(err)
	}
	st := url.QueryEscape(fl.State)
	for _, q := range []string{
		"state=" + st + "&code=good",
		"state=" + st + "&code=bad",
		"state=" + st + "&code=good&error=access_denied",
		"state=" + st + "&code=good&error=access_denied&error=access_denied",
		"state=" + st + "&state=" + st + "&code=good",
		"state=" + st + "&code=good&code=good",
		"state=" + st + "x&code=good",
		"state=%20" + st + "%20&code=good",
		"state=" + st + "&code=good&junk=%zz",
		"state=%zz", "", "state=&code=", "code=good", "error=access_denied&error_description=%3Cscript%3E",
	} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		x := rawFake("GET", "/auth/callback", raw, "").withCookies(&http.Cookie{Name: name, Value: value})
		a.serveAuth(strictFake{x})
		if x.status >= 500 || x.status == 0 {
			t.Fatalf("callback ?%s answered %d", raw, x.status)
		}
		if !isSessionSet(x) {
			return
		}
		q, qerr := url.ParseQuery(raw)
		if qerr != nil || len(q["state"]) != 1 || strings.TrimSpace(q.Get("state")) != fl.State ||
			strings.TrimSpace(q.Get("code")) != "good" || len(q["code"]) != 1 ||
			len(q["error"]) > 1 || strings.TrimSpace(q.Get("error")) != "" {
			t.Fatalf("callback ?%s set a session", raw)
		}
		if loc := x.resp.Get("Location"); x.status != http.StatusSeeOther || loc != "/dashboard" {
			t.Fatalf("signed in but sent to %d %q", x.status, loc)
		}
	})
}

// FuzzSignInRequest feeds arbitrary sign-in queries and forms. A sign-in
// never answers 5xx (resolution is in memory), never sets a session, and
// when it sends the browser to WorkOS it sends exactly the app's own
// client, redirect URI, state and PKCE challenge, with a safe return_to
// sealed into the flow.
func FuzzSignInRequest(f *testing.F) {
	a := fuzzAuth(f, nil)
	for _, s := range []struct {
		post        bool
		query, body string
	}{
		{false, "connection=conn_01X&return_to=/dashboard", ""},
		{false, "email=alice@acme.test&return_to=//evil.test", ""},
		{true, "", "email=alice%EF%BC%A0evil.test@acme.test"},
		{true, "return_to=/x", "domain=conn.test&return_to=/y"},
		{false, "provider=GoogleOAuth&return_to=/%2F%2Fevil", ""},
		{false, "organization=org_01ACME&state=attacker&redirect_uri=https://evil.test/cb&client_id=client_evil", ""},
		{false, "email=%zz", ""},
		{true, "", "email=a@b.test&email=c@d.test"},
		{false, "domain=xn--bcher-kva.example.&return_to=/a%0d%0aSet-Cookie:x", ""},
		{false, "email=alice@acme.test&login_hint=bob@acme.test&return_to=/auth/callback", ""},
	} {
		f.Add(s.post, s.query, s.body)
	}
	f.Fuzz(func(t *testing.T, post bool, query, body string) {
		method := http.MethodGet
		if post {
			method = http.MethodPost
		}
		x := rawFake(method, "/auth/signin", query, body)
		a.serveAuth(strictFake{x})
		if x.status >= 500 || x.status == 0 {
			t.Fatalf("%s ?%s %q answered %d", method, query, body, x.status)
		}
		if isSessionSet(x) {
			t.Fatalf("a sign-in set a session")
		}
		if x.status != http.StatusSeeOther {
			if len(x.liveCookies()) != 0 {
				t.Fatalf("answer %d set cookies %v", x.status, names(x.liveCookies()))
			}
			return
		}
		loc, err := url.Parse(x.resp.Get("Location"))
		if err != nil || loc.Scheme != "https" || loc.Host != "workos.invalid" || loc.Path != "/sso/authorize" {
			t.Fatalf("sent to %q", x.resp.Get("Location"))
		}
		aq := loc.Query()
		for k, want := range map[string]string{"client_id": "client_test", "redirect_uri": "http://app.test/auth/callback", "response_type": "code", "code_challenge_method": "S256"} {
			if vs := aq[k]; len(vs) != 1 || vs[0] != want {
				t.Fatalf("authorize %s = %q, want %q", k, vs, want)
			}
		}
		live := x.liveCookies()
		if len(live) != 1 || live[0].Name != a.flowCookieName(aq.Get("state")) {
			t.Fatalf("flow cookies %v for state %q", names(live), aq.Get("state"))
		}
		fl, err := a.openFlow(live[0].Name, live[0].Value)
		if err != nil || fl.State != aq.Get("state") {
			t.Fatalf("flow cookie does not open for its state: %v", err)
		}
		if fl.ReturnTo != "/" {
			if _, ok := safeReturnTo(fl.ReturnTo); !ok || a.isAuthPath(pathOf(fl.ReturnTo)) {
				t.Fatalf("flow returns to %q", fl.ReturnTo)
			}
		}
	})
}

// FuzzNormalizeDomain checks what a normalised domain may be: ASCII
// letters, digits, hyphens and dots, at least two labels, no empty label,
// at most 253 bytes, and normalising it again changes nothing.
func FuzzNormalizeDomain(f *testing.F) {
	for _, s := range []string{"acme.test", "ACME.test.", "bücher.example", "xn--bcher-kva.example", "ｅｘａｍｐｌｅ．ｃｏｍ",
		"a..b", ".", "", "evil.test\x00.acme.test", "acme.test/evil", "a-.b", "xn--.test", "例え.テスト", strings.Repeat("a.", 200)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := normalizeDomain(s)
		if err != nil {
			if !errors.Is(err, errInvalidDomain) || d != "" {
				t.Fatalf("NormalizeDomain(%q) = %q, %v", s, d, err)
			}
			return
		}
		if len(d) > 253 || !strings.Contains(d, ".") {
			t.Fatalf("NormalizeDomain(%q) = %q", s, d)
		}
		for _, label := range strings.Split(d, ".") {
			if label == "" || len(label) > 63 {
				t.Fatalf("NormalizeDomain(%q) = %q has label %q", s, d, label)
			}
		}
		for i := 0; i < len(d); i++ {
			c := d[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
				t.Fatalf("NormalizeDomain(%q) = %q has byte %q", s, d, c)
			}
		}
		if again, err := normalizeDomain(d); err != nil || again != d {
			t.Fatalf("NormalizeDomain not idempotent: %q -> %q -> %q, %v", s, d, again, err)
		}
	})
}

// FuzzDecodeProfile feeds arbitrary profile JSON (the "profile" of a token
// answer) to decodeProfile; what it accepts has an ID and survives being
// sealed into a session cookie and opened again unchanged.
func FuzzDecodeProfile(f *testing.F) {
	cs, err := newCookieStore([]byte("session"), func() time.Time { return fuzzNow }, testPassword)
	if err != nil {
		f.Fatal(err)
	}
	store := &sessionStore{st: cs, sealed: true}
	p, _ := json.Marshal(alice())
	for _, s := range []string{string(p), `{"id":"prof_1"}`, `{"id":"prof_1","organization_id":null,"role":{"slug":""}}`,
		`{"id":"prof_1","custom_attributes":{"n":12345678901234567890,"x":[1,{"y":null}]},"groups":null}`,
		`{"id":""}`, `{"id":1}`, `null`, `[]`, `{`, `{"id":"p","raw_attributes":{"picture":"https://x"}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		p, err := decodeProfile(raw)
		if err != nil {
			return
		}
		if p.ID == "" {
			t.Fatalf("decodeProfile(%q) accepted a profile without id", raw)
		}
		s := &Session{ID: "sid", Profile: p, IssuedAt: fuzzNow, ExpiresAt: fuzzNow.Add(time.Hour)}
		tok, err := store.save(context.Background(), s)
		if err != nil {
			t.Fatalf("Save: %v", err)
		}
		back, err := store.load(context.Background(), tok)
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		want, _ := json.Marshal(p)
		got, _ := json.Marshal(back.Profile)
		if string(want) != string(got) {
			t.Fatalf("profile changed through the cookie:\n%s\n%s", want, got)
		}
	})
}
