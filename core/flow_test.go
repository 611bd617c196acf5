package core

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// workosStub answers /organizations and /sso/token like WorkOS.
type workosStub struct {
	orgCalls, tokenCalls atomic.Int32
	lastToken            atomic.Value // url.Values
	tokenStatus          int
	tokenBody            string
}

func (w *workosStub) server(t testing.TB) string {
	return stubWorkOS(t, map[string]http.HandlerFunc{
		"GET /organizations": func(rw http.ResponseWriter, r *http.Request) {
			w.orgCalls.Add(1)
			d := r.URL.Query().Get("domains")
			data := []any{}
			if d == "acme.test" {
				data = append(data, map[string]any{"id": "org_01ACME", "name": "Acme", "domains": []any{map[string]any{"domain": "acme.test", "state": "verified"}}})
			}
			if d == "pending.test" {
				data = append(data, map[string]any{"id": "org_01PEND", "name": "P", "domains": []any{map[string]any{"domain": "pending.test", "state": "pending"}}})
			}
			rw.Header().Set("Content-Type", "application/json")
			json.NewEncoder(rw).Encode(map[string]any{"object": "list", "data": data})
		},
		"POST /sso/token": func(rw http.ResponseWriter, r *http.Request) {
			w.tokenCalls.Add(1)
			var fields map[string]string
			json.NewDecoder(r.Body).Decode(&fields)
			form := url.Values{}
			for k, v := range fields {
				form.Set(k, v)
			}
			w.lastToken.Store(form)
			rw.Header().Set("Content-Type", "application/json")
			if w.tokenStatus != 0 {
				rw.WriteHeader(w.tokenStatus)
				rw.Write([]byte(w.tokenBody))
				return
			}
			p, _ := json.Marshal(alice())
			rw.Write([]byte(`{"token_type":"Bearer","access_token":"acc","expires_in":600,"profile":` + string(p) + `}`))
		},
	}).URL
}

func stubAuth(t testing.TB, w *workosStub, edit func(*Config)) *Auth {
	base := w.server(t)
	return newTestAuth(t, func(c *Config) {
		c.WorkOS.BaseURL = base
		if edit != nil {
			edit(c)
		}
	})
}

// start runs a sign-in start and returns the authorize URL's query and
// the flow cookie.
func start(t *testing.T, a *Auth, query string, cookies ...*http.Cookie) (url.Values, *http.Cookie, *fakeExchange) {
	t.Helper()
	x := newFake("GET", "/auth/signin?"+query).withCookies(cookies...)
	a.serveAuth(x)
	if x.status != http.StatusSeeOther {
		t.Fatalf("sign-in %q answered %d %s", query, x.status, x.body)
	}
	u, err := url.Parse(location(x))
	if err != nil {
		t.Fatal(err)
	}
	live := x.liveCookies()
	if len(live) != 1 || !strings.HasPrefix(live[0].Name, "wos-flow-") {
		t.Fatalf("flow cookies = %v", names(live))
	}
	return u.Query(), live[0], x
}

func TestSignInStartsFlow(t *testing.T) {
	w := &workosStub{}
	a := stubAuth(t, w, nil)
	q, fc, x := start(t, a, "email=Alice@ACME.test&return_to=/dashboard?tab=2&client_id=evil&redirect_uri=https://evil&state=mine&response_type=token")
	want := map[string]string{"client_id": "client_test", "redirect_uri": "http://app.test/auth/callback", "response_type": "code",
		"code_challenge_method": "S256", "organization": "org_01ACME", "login_hint": "alice@acme.test", "domain_hint": "acme.test"}
	for k, v := range want {
		if q.Get(k) != v || len(q[k]) != 1 {
			t.Errorf("authorize %s = %q, want %q", k, q[k], v)
		}
	}
	if len(q.Get("state")) < 43 || q.Get("state") == "mine" || len(q.Get("code_challenge")) != 43 {
		t.Errorf("state %q challenge %q", q.Get("state"), q.Get("code_challenge"))
	}
	if fc.Name != a.flowCookieName(q.Get("state")) || !fc.HttpOnly || fc.MaxAge != 600 || fc.SameSite != http.SameSiteLaxMode {
		t.Errorf("flow cookie %+v", fc)
	}
	f, err := a.openFlow(fc.Name, fc.Value)
	if err != nil || f.ReturnTo != "/dashboard?tab=2" || !f.stateMatches(q.Get("state")) {
		t.Errorf("flow = %+v, %v", f, err)
	}
	if x.resp.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q", x.resp.Get("Cache-Control"))
	}
	// a second sign-in for the domain is answered from the cache
	start(t, a, "email=bob@acme.test")
	if n := w.orgCalls.Load(); n != 1 {
		t.Errorf("organizations called %d times, want 1 (cached)", n)
	}
}

func TestSignInSelectors(t *testing.T) {
	w := &workosStub{}
	a := stubAuth(t, w, func(c *Config) { c.SignIn.Domains = map[string]string{"Static.Test": "conn_01STATIC"} })
	for _, tt := range []struct{ query, key, value string }{
		{"connection=conn_01X", "connection", "conn_01X"},
		{"organization=org_01X", "organization", "org_01X"},
		{"provider=GoogleOAuth", "provider", "GoogleOAuth"},
		{"domain=ACME.test.", "organization", "org_01ACME"},
		{"email=x@static.test", "connection", "conn_01STATIC"},
	} {
		q, _, _ := start(t, a, tt.query)
		if q.Get(tt.key) != tt.value {
			t.Errorf("%s: authorize %s=%q, want %q (%v)", tt.query, tt.key, q.Get(tt.key), tt.value, q)
		}
		n := 0
		for _, k := range []string{"connection", "organization", "provider"} {
			if q.Get(k) != "" {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s: %d selectors in %v", tt.query, n, q)
		}
	}
}

func TestSignInRefusals(t *testing.T) {
	w := &workosStub{}
	a := stubAuth(t, w, nil)
	for _, tt := range []struct {
		method, target string
		status         int
		contains       string
	}{
		{"GET", "/auth/signin?email=eve@unknown.test", 404, "unknown.test"},
		{"GET", "/auth/signin?email=carol@pending.test", 404, "pending.test"},
		{"GET", "/auth/signin?email=not-an-email", 400, "not a valid email"},
		{"GET", "/auth/signin?email=alice＠evil.test@acme.test", 400, "not a valid email"},
		{"GET", "/auth/signin?email=a@acme.test&connection=conn_1", 400, "not several"},
		{"GET", "/auth/signin?email=a@acme.test&email=b@acme.test", 400, "more than once"},
		{"GET", "/auth/signin?provider=EvilOAuth", 400, "not offered"},
		{"GET", "/auth/signin?connection=conn_1%26x%3Dy", 400, "connection ID"},
		{"GET", "/auth/signin?organization=acme", 400, "organization ID"},
		{"GET", "/auth/signin?domain=..", 400, "not a valid domain"},
		{"PUT", "/auth/signin?domain=acme.test", 405, ""},
		{"GET", "/auth/nowhere", 404, ""},
	} {
		x := newFake(tt.method, tt.target)
		a.serveAuth(x)
		if x.status != tt.status || !strings.Contains(string(x.body), tt.contains) || len(x.liveCookies()) != 0 {
			t.Errorf("%s %s = %d %.200s (cookies %v); want %d containing %q", tt.method, tt.target, x.status, x.body, names(x.setCooks), tt.status, tt.contains)
		}
	}
	if n := w.orgCalls.Load(); n != 2 {
		t.Errorf("organizations called %d times; want 2 (unknown.test, pending.test)", n)
	}
}

func TestSignInPage(t *testing.T) {
	a := newTestAuth(t, nil)
	x := newFake("GET", "/auth/signin?return_to=/dashboard&error=access_denied")
	a.serveAuth(x)
	body := string(x.body)
	if x.status != 200 || !strings.Contains(x.resp.Get("Content-Type"), "text/html") {
		t.Fatalf("page %d %q", x.status, x.resp.Get("Content-Type"))
	}
	for _, want := range []string{`type="email"`, `name="email"`, `action="/auth/signin"`, `value="GoogleOAuth"`, `value="/dashboard"`, "cancelled or denied"} {
		if !strings.Contains(body, want) {
			t.Errorf("sign-in page lacks %q", want)
		}
	}
	x = newFake("GET", "/auth/signin?error=<script>&return_to=//evil")
	a.serveAuth(x)
	if strings.Contains(string(x.body), "<script>") || strings.Contains(string(x.body), "//evil") {
		t.Errorf("page reflects input: %s", x.body)
	}
}

func TestDefaultSelectorStartsAtOnce(t *testing.T) {
	a := newTestAuth(t, func(c *Config) { c.SignIn.Connection = "conn_01DEFAULT"; c.SignIn.Prompt = "login" })
	q, _, _ := start(t, a, "")
	if q.Get("connection") != "conn_01DEFAULT" || q.Get("prompt") != "login" || q.Has("domain_hint") || q.Has("login_hint") {
		t.Fatalf("authorize %v", q)
	}
}

func TestFlowCookiesAreBounded(t *testing.T) {
	a := newTestAuth(t, func(c *Config) { c.SignIn.Connection = "conn_1" })
	var jar []*http.Cookie
	for i := 0; i < 12; i++ {
		_, fc, x := start(t, a, "", jar...)
		for _, c := range x.setCooks {
			if c.MaxAge < 0 {
				jar = without(jar, c.Name)
			}
		}
		jar = append(jar, fc)
		time.Sleep(time.Millisecond)
	}
	if len(jar) != 5 { // SignIn.MaxFlows's default
		t.Fatalf("%d flow cookies kept, want 5", len(jar))
	}
}

func without(cs []*http.Cookie, name string) []*http.Cookie {
	var out []*http.Cookie
	for _, c := range cs {
		if c.Name != name {
			out = append(out, c)
		}
	}
	return out
}

func TestOffOriginSignInMovesToConfiguredOrigin(t *testing.T) {
	a := newTestAuth(t, func(c *Config) { c.RedirectURI = "http://127.0.0.1:8080/auth/callback"; c.SignIn.Connection = "conn_1" })
	x := newFake("GET", "/auth/signin?return_to=/x")
	x.host = "localhost:8080"
	a.serveAuth(x)
	if x.status != http.StatusFound || location(x) != "http://127.0.0.1:8080/auth/signin?return_to=/x" || len(x.setCooks) != 0 {
		t.Fatalf("answer %d %q %v", x.status, location(x), x.setCooks)
	}
	// behind an unknown proxy a foreign Host proves nothing
	b := newTestAuth(t, func(c *Config) {
		c.RedirectURI = "https://app.example.com/auth/callback"
		c.SignIn.Connection = "conn_1"
	})
	x = newFake("GET", "/auth/signin")
	x.host = "internal:8080"
	b.serveAuth(x)
	if x.status != http.StatusSeeOther {
		t.Fatalf("internal host: %d %q", x.status, location(x))
	}
}

func FuzzFlowCookie(f *testing.F) {
	a := newTestAuth(f, nil)
	fl := a.newFlow("/x")
	name, value, _ := a.sealFlow(fl)
	f.Add(fl.State, value)
	f.Add("", "")
	f.Add("state", "AQAAAA")
	f.Fuzz(func(t *testing.T, state, value string) {
		x := newFake("GET", "/auth/callback?"+url.Values{"state": {state}, "code": {"c"}}.Encode()).
			withCookies(&http.Cookie{Name: a.flowCookieName(state), Value: value}, &http.Cookie{Name: name, Value: value})
		a.serveAuth(x)
		if x.status >= 500 && x.status != 502 && x.status != 504 {
			t.Fatalf("callback answered %d", x.status)
		}
		if len(x.liveCookies()) != 0 && x.status != http.StatusSeeOther {
			t.Fatalf("cookies set on a failed callback")
		}
	})
}

func TestDomainLookupFailureExplainsAndConnectionStillWorks(t *testing.T) {
	calls := 0
	base := stubWorkOS(t, map[string]http.HandlerFunc{"GET /organizations": func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.WriteHeader(http.StatusServiceUnavailable)
	}}).URL
	a := newTestAuth(t, func(c *Config) {
		c.WorkOS.BaseURL = base
		c.WorkOS.MaxRetries = -1
		c.SignIn.DomainFailureTTL = time.Minute
	})
	for i := 0; i < 3; i++ {
		x := newFake("GET", "/auth/signin?email=alice@acme.test")
		a.serveAuth(x)
		if x.status != http.StatusBadGateway || !strings.Contains(string(x.body), "acme.test") || len(x.liveCookies()) != 0 {
			t.Fatalf("lookup failure answered %d %s", x.status, x.body)
		}
	}
	if calls != 1 {
		t.Errorf("organizations called %d times; the failure should be remembered for DomainFailureTTL", calls)
	}
	start(t, a, "connection=conn_01ACME")
}
