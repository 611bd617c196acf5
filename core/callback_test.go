package core

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// callbackFor returns the callback request WorkOS would send back for a
// started flow.
func callbackFor(q url.Values, extra url.Values, cookies ...*http.Cookie) *fakeExchange {
	v := url.Values{"state": {q.Get("state")}, "code": {"code_1"}}
	for k, vs := range extra {
		v[k] = vs
	}
	return newFake("GET", "/auth/callback?"+v.Encode()).withCookies(cookies...)
}

func TestCallbackSignsIn(t *testing.T) {
	w := &workosStub{}
	a := stubAuth(t, w, func(c *Config) {
		c.SignIn.OnSignIn = func(_ context.Context, p *Profile) error {
			p.CustomAttributes = map[string]any{"enriched": true}
			return nil
		}
	})
	q, fc, _ := start(t, a, "email=alice@acme.test&return_to=/dashboard")
	x := callbackFor(q, nil, fc)
	a.serveAuth(x)
	if x.status != http.StatusSeeOther || location(x) != "/dashboard" {
		t.Fatalf("callback %d %q %s", x.status, location(x), x.body)
	}
	if d := x.setCookie(fc.Name); d == nil || d.MaxAge >= 0 {
		t.Errorf("flow cookie not deleted: %v", d)
	}
	sc := x.setCookie("wos-session")
	if sc == nil || sc.Value == "" || x.resp.Get("Cache-Control") != "no-store" {
		t.Fatalf("no session cookie / no-store: %v %q", sc, x.resp.Get("Cache-Control"))
	}
	form := w.lastToken.Load().(url.Values)
	if form.Get("client_secret") != "sk_test_key" || len(form.Get("code_verifier")) < 43 || form.Get("code") != "code_1" || form.Get("grant_type") != "authorization_code" {
		t.Errorf("token form %v", redact(form))
	}
	s := a.session(newFake("GET", "/").withCookies(sc))
	if s == nil || s.Profile.Email != "alice@acme.test" || s.Profile.CustomAttributes["enriched"] != true {
		t.Fatalf("session %+v", s)
	}
	// replaying the callback in the same browser: the flow cookie is gone
	x = callbackFor(q, nil)
	a.serveAuth(x)
	if x.status != http.StatusSeeOther || !strings.Contains(location(x), "error=state_mismatch") || x.setCookie("wos-session") != nil {
		t.Fatalf("replay: %d %q", x.status, location(x))
	}
}

func redact(v url.Values) url.Values {
	out := url.Values{}
	for k := range v {
		out.Set(k, "…")
	}
	return out
}

func TestCallbackFailures(t *testing.T) {
	w := &workosStub{}
	a := stubAuth(t, w, nil)
	other := newTestAuth(t, func(c *Config) { c.CookiePassword = NewSecret(strings.Repeat("q", 40)) })
	cases := []struct {
		name   string
		make   func(q url.Values, fc *http.Cookie) *fakeExchange
		status int
		code   string
	}{
		{"wrong state", func(q url.Values, fc *http.Cookie) *fakeExchange {
			q2 := url.Values{"state": {q.Get("state") + "x"}}
			return callbackFor(q2, nil, fc)
		}, 303, "state_mismatch"},
		{"no cookie (another browser)", func(q url.Values, fc *http.Cookie) *fakeExchange { return callbackFor(q, nil) }, 303, "state_mismatch"},
		{"no state", func(q url.Values, fc *http.Cookie) *fakeExchange {
			return newFake("GET", "/auth/callback?code=c").withCookies(fc)
		}, 303, "missing_state"},
		{"cookie sealed by another app", func(q url.Values, fc *http.Cookie) *fakeExchange {
			f := other.newFlow("/")
			f.State = q.Get("state")
			_, v, _ := other.sealFlow(f)
			return callbackFor(q, nil, &http.Cookie{Name: fc.Name, Value: v})
		}, 303, "state_mismatch"},
		{"flow cookie of another flow under this name", func(q url.Values, fc *http.Cookie) *fakeExchange {
			f := a.newFlow("/")
			_, v, _ := a.sealFlow(f) // sealed for its own name: the name is bound
			return callbackFor(q, nil, &http.Cookie{Name: fc.Name, Value: v})
		}, 303, "state_mismatch"},
		{"idp error", func(q url.Values, fc *http.Cookie) *fakeExchange {
			return callbackFor(q, url.Values{"error": {"access_denied"}, "code": nil}, fc)
		}, 303, "access_denied"},
		{"no code", func(q url.Values, fc *http.Cookie) *fakeExchange {
			return callbackFor(q, url.Values{"code": {""}}, fc)
		}, 303, "missing_code"},
		{"repeated state", func(q url.Values, fc *http.Cookie) *fakeExchange {
			return callbackFor(q, url.Values{"state": {q.Get("state"), q.Get("state")}}, fc)
		}, 303, "bad_request"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q, fc, _ := start(t, a, "connection=conn_1")
			x := c.make(q, fc)
			a.serveAuth(x)
			if x.status != c.status || !strings.Contains(location(x), "error="+c.code) {
				t.Fatalf("answered %d %q %s; want %d with error=%s", x.status, location(x), x.body, c.status, c.code)
			}
			if x.setCookie("wos-session") != nil {
				t.Fatal("a session was set")
			}
		})
	}
}

func TestCallbackExpiredFlow(t *testing.T) {
	now := time.Now()
	w := &workosStub{}
	a := stubAuth(t, w, func(c *Config) { c.Now = func() time.Time { return now } })
	q, fc, _ := start(t, a, "connection=conn_1")
	now = now.Add(11 * time.Minute)
	x := callbackFor(q, nil, fc)
	a.serveAuth(x)
	if !strings.Contains(location(x), "error=flow_expired") || w.tokenCalls.Load() != 0 {
		t.Fatalf("expired flow: %d %q, token calls %d", x.status, location(x), w.tokenCalls.Load())
	}
}

func TestCallbackWorkOSFailures(t *testing.T) {
	for _, tt := range []struct {
		name   string
		status int
		body   string
		want   int
		code   string
	}{
		{"invalid_grant", 400, `{"error":"invalid_grant","error_description":"The code has expired or has already been used."}`, 303, "invalid_grant"},
		{"invalid_client", 400, `{"error":"invalid_client","error_description":"Invalid client secret."}`, 502, "invalid_client"},
		{"server error", 500, `{"message":"oops"}`, 502, "workos_unavailable"},
		{"not json", 200, `<html>hello</html>`, 502, "workos_unavailable"},
		{"no profile", 200, `{"access_token":"a","token_type":"Bearer"}`, 502, "workos_unavailable"},
		{"profile without id", 200, `{"access_token":"a","token_type":"Bearer","profile":{"email":"x@y.z"}}`, 502, "workos_unavailable"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := &workosStub{tokenStatus: tt.status, tokenBody: tt.body}
			a := stubAuth(t, w, nil)
			q, fc, _ := start(t, a, "connection=conn_1")
			x := callbackFor(q, nil, fc)
			x.header.Set("Accept", "text/html")
			a.serveAuth(x)
			got := location(x)
			if tt.want == 303 {
				if x.status != 303 || !strings.Contains(got, "error="+tt.code) {
					t.Fatalf("answered %d %q", x.status, got)
				}
			} else if x.status != tt.want || !strings.Contains(string(x.body), "Sign-in problem") {
				t.Fatalf("answered %d %s; want %d", x.status, x.body, tt.want)
			}
			if x.setCookie("wos-session") != nil {
				t.Fatal("a session was set")
			}
			if d := x.setCookie(fc.Name); d == nil || d.MaxAge >= 0 {
				t.Fatal("flow cookie not deleted")
			}
			if n := w.tokenCalls.Load(); n != 1 {
				t.Fatalf("token called %d times; a code exchange is never retried", n)
			}
		})
	}
}

func TestCallbackTimeoutIs504(t *testing.T) {
	block := make(chan struct{})
	base := stubWorkOS(t, map[string]http.HandlerFunc{"POST /sso/token": func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}}).URL
	t.Cleanup(func() { close(block) }) // runs before the server closes
	a := newTestAuth(t, func(c *Config) { c.WorkOS.BaseURL = base; c.WorkOS.Timeout = 200 * time.Millisecond })
	q, fc, _ := start(t, a, "connection=conn_1")
	x := callbackFor(q, nil, fc)
	x.header.Set("Accept", "application/json")
	began := time.Now()
	a.serveAuth(x)
	if x.status != http.StatusGatewayTimeout || !strings.Contains(string(x.body), "workos_timeout") {
		t.Fatalf("answered %d %s", x.status, x.body)
	}
	if d := time.Since(began); d > 2*time.Second {
		t.Fatalf("took %v", d)
	}
}

// TestOnSignInRefuses: a refusal by OnSignIn is answered by the callback
// itself with the hook's status and words (HTML-escaped), and no session.
// (Before, the browser was sent to the sign-in page, which showed generic
// words with 200.)
func TestOnSignInRefuses(t *testing.T) {
	w := &workosStub{}
	for _, tt := range []struct {
		err    error
		status int
		code   string
		words  string
	}{
		{errors.New("nope: internal detail"), 403, "signin_refused", errorMessages["signin_refused"]},
		{&Error{Status: 403, Code: "not_allowed", Message: "Contractors <b>may not</b> sign in."}, 403, "not_allowed", "Contractors &lt;b&gt;may not&lt;/b&gt; sign in."},
		{&Error{Status: 451, Code: "embargo", Message: "Not from there."}, 451, "embargo", "Not from there."},
		{&Error{Code: "Bad Code!", Message: ""}, 403, "signin_refused", errorMessages["signin_refused"]},
		{fmt.Errorf("wrapped: %w", &Error{Status: 503, Code: "directory_down", Message: "The directory is down."}), 503, "directory_down", "The directory is down."},
	} {
		a := stubAuth(t, w, func(c *Config) { c.SignIn.OnSignIn = func(context.Context, *Profile) error { return tt.err } })
		q, fc, _ := start(t, a, "connection=conn_01ACME")
		x := callbackFor(q, nil, fc)
		a.serveAuth(x)
		body := string(x.body)
		if x.status != tt.status || location(x) != "" || !strings.Contains(body, tt.words) || x.setCookie("wos-session") != nil {
			t.Errorf("OnSignIn %v: %d %q %.300s", tt.err, x.status, location(x), body)
		}
		if strings.Contains(body, "<b>may not") || strings.Contains(body, "internal detail") {
			t.Errorf("OnSignIn %v: unescaped or internal words shown: %.300s", tt.err, body)
		}
		// A JSON client gets the same as JSON.
		q, fc, _ = start(t, a, "connection=conn_01ACME")
		x = callbackFor(q, nil, fc)
		x.header.Set("Accept", "application/json")
		a.serveAuth(x)
		if x.status != tt.status || !strings.Contains(string(x.body), `"error":"`+tt.code+`"`) {
			t.Errorf("OnSignIn %v, JSON: %d %s", tt.err, x.status, x.body)
		}
	}
}
