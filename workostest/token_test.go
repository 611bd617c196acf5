package workostest

import (
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestTokenAnswersWorkOSProfile(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	tests := []struct {
		name string
		send func(t *testing.T, form url.Values) result
	}{
		{"form", func(t *testing.T, form url.Values) result { return postForm(t, s.URL+"/sso/token", form) }},
		{"JSON", func(t *testing.T, form url.Values) result {
			body := map[string]string{}
			for k := range form {
				body[k] = form.Get(k)
			}
			return postJSON(t, s.URL+"/sso/token", body)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code := signIn(t, s, map[string]string{"connection": "conn_01DEMOACMEOKTA", "login_hint": "alice@acme.test"})
			r := tt.send(t, tokenForm(s, code))
			if r.status != http.StatusOK {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			if cc := r.header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control = %q", cc)
			}
			m := r.json(t)
			if m["token_type"] != "Bearer" || m["expires_in"] != float64(600) || m["access_token"] == "" {
				t.Errorf("envelope = %v", m)
			}
			want := map[string]any{
				"object": "profile", "id": "prof_01DEMOALICE", "email": "alice@acme.test",
				"first_name": "Alice", "last_name": "Liddell", "name": "Alice Liddell",
				"organization_id": "org_01DEMOACME", "connection_id": "conn_01DEMOACMEOKTA",
				"connection_type": "OktaSAML", "idp_id": "00u1demoalice",
				"role":              map[string]any{"slug": "admin"},
				"roles":             []any{map[string]any{"slug": "admin"}},
				"groups":            []any{"Engineering", "Admins"},
				"custom_attributes": map[string]any{"department": "Engineering"},
				"raw_attributes":    map[string]any{},
			}
			if got := m["profile"]; !reflect.DeepEqual(got, want) {
				t.Errorf("profile =\n%v\nwant\n%v", got, want)
			}
		})
	}
}

func TestTokenProfileNullsAndDefaults(t *testing.T) {
	t.Parallel()
	seed := ProviderSeed("GoogleOAuth", User{Email: "solo@gmail.test", FirstName: "Solo"})
	s := newTestServer(t, Options{Seed: seed, AutoSelect: true})
	code := signIn(t, s, map[string]string{"provider": "GoogleOAuth"})
	p := postForm(t, s.URL+"/sso/token", tokenForm(s, code)).json(t)["profile"].(map[string]any)
	for _, k := range []string{"organization_id", "last_name"} {
		if v, ok := p[k]; !ok || v != nil {
			t.Errorf("%s = %v (present %v), want null", k, v, ok)
		}
	}
	if p["name"] != "Solo" || p["connection_type"] != "GoogleOAuth" {
		t.Errorf("profile = %v", p)
	}
	if !reflect.DeepEqual(p["role"], map[string]any{"slug": "member"}) || !reflect.DeepEqual(p["groups"], []any{}) {
		t.Errorf("role %v groups %v", p["role"], p["groups"])
	}
	if id, _ := p["id"].(string); !strings.HasPrefix(id, "prof_") {
		t.Errorf("id = %v", p["id"])
	}
}

func TestTokenRefusals(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	tests := []struct {
		name string
		edit func(form url.Values)
		want string
	}{
		{"wrong client_id", func(f url.Values) { f.Set("client_id", "client_other") }, "invalid_client"},
		{"missing client_id", func(f url.Values) { f.Del("client_id") }, "invalid_client"},
		{"wrong secret", func(f url.Values) { f.Set("client_secret", "sk_test_wrong") }, "invalid_client"},
		{"missing secret without PKCE", func(f url.Values) { f.Del("client_secret") }, "invalid_client"},
		{"refresh_token grant", func(f url.Values) { f.Set("grant_type", "refresh_token") }, "unsupported_grant_type"},
		{"missing grant_type", func(f url.Values) { f.Del("grant_type") }, "unsupported_grant_type"},
		{"unknown code", func(f url.Values) { f.Set("code", "NOPE") }, "invalid_grant"},
		{"missing code", func(f url.Values) { f.Del("code") }, "invalid_grant"},
		{"verifier without challenge", func(f url.Values) { f.Set("code_verifier", strings.Repeat("v", 43)) }, "invalid_grant"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code := signIn(t, s, map[string]string{"connection": "conn_01DEMOACMEOKTA", "login_hint": "bob@acme.test"})
			form := tokenForm(s, code)
			tt.edit(form)
			wantOAuthError(t, postForm(t, s.URL+"/sso/token", form), tt.want)
		})
	}
	t.Run("client errors do not use the code up", func(t *testing.T) {
		code := signIn(t, s, map[string]string{"connection": "conn_01DEMOACMEOKTA", "login_hint": "bob@acme.test"})
		form := tokenForm(s, code)
		form.Set("client_secret", "sk_test_wrong")
		wantOAuthError(t, postForm(t, s.URL+"/sso/token", form), "invalid_client")
		if r := postForm(t, s.URL+"/sso/token", tokenForm(s, code)); r.status != http.StatusOK {
			t.Fatalf("the right secret then: %d %s", r.status, r.body)
		}
	})
}

func TestTokenBodies(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	tests := []struct {
		name, contentType, body string
		want                    string
	}{
		{"text/plain", "text/plain", "client_id=x", "invalid_request"},
		{"no content type", "", "client_id=x", "invalid_request"},
		{"malformed JSON", "application/json", "{", "invalid_request"},
		{"JSON number field", "application/json", `{"client_id":1}`, "invalid_request"},
		{"JSON array", "application/json", `["x"]`, "invalid_request"},
		{"malformed form", "application/x-www-form-urlencoded", "a=%zz", "invalid_request"},
		{"form with charset", "application/x-www-form-urlencoded; charset=utf-8", "grant_type=authorization_code", "invalid_client"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, s.URL+"/sso/token", strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			wantOAuthError(t, do(t, req), tt.want)
		})
	}
}

func TestTokenCodesAreSingleUse(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	code := signIn(t, s, map[string]string{"connection": "conn_01DEMOACMEOKTA", "login_hint": "alice@acme.test"})
	if r := postForm(t, s.URL+"/sso/token", tokenForm(s, code)); r.status != http.StatusOK {
		t.Fatalf("first: %d %s", r.status, r.body)
	}
	r := postForm(t, s.URL+"/sso/token", tokenForm(s, code))
	wantOAuthError(t, r, "invalid_grant")
	if d := r.json(t)["error_description"]; d != "The code has expired or has already been used." {
		t.Errorf("error_description = %v", d)
	}
}

func TestTokenCodesExpire(t *testing.T) {
	t.Parallel()
	t.Run("clock", func(t *testing.T) {
		clock := newFakeClock()
		s := newTestServer(t, Options{CodeTTL: time.Minute, Now: clock.Now})
		fresh := signIn(t, s, map[string]string{"connection": "conn_01DEMOACMEOKTA", "login_hint": "alice@acme.test"})
		clock.Advance(59 * time.Second)
		if r := postForm(t, s.URL+"/sso/token", tokenForm(s, fresh)); r.status != http.StatusOK {
			t.Fatalf("within the TTL: %d %s", r.status, r.body)
		}
		stale := signIn(t, s, map[string]string{"connection": "conn_01DEMOACMEOKTA", "login_hint": "alice@acme.test"})
		clock.Advance(61 * time.Second)
		wantOAuthError(t, postForm(t, s.URL+"/sso/token", tokenForm(s, stale)), "invalid_grant")
	})
	t.Run("wall clock", func(t *testing.T) {
		s := newTestServer(t, Options{CodeTTL: 20 * time.Millisecond})
		code := signIn(t, s, map[string]string{"connection": "conn_01DEMOACMEOKTA", "login_hint": "alice@acme.test"})
		time.Sleep(60 * time.Millisecond)
		wantOAuthError(t, postForm(t, s.URL+"/sso/token", tokenForm(s, code)), "invalid_grant")
	})
}

func TestTokenPKCE(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	verifier, challenge := pkce("k")
	start := func(t *testing.T) string {
		return signIn(t, s, map[string]string{
			"connection": "conn_01DEMOACMEOKTA", "login_hint": "alice@acme.test",
			"code_challenge": challenge, "code_challenge_method": "S256",
		})
	}
	tests := []struct {
		name     string
		edit     func(f url.Values)
		wantCode string // "" for success
	}{
		{"right verifier", func(f url.Values) { f.Set("code_verifier", verifier) }, ""},
		{"public client: verifier, no secret", func(f url.Values) { f.Set("code_verifier", verifier); f.Del("client_secret") }, ""},
		{"wrong verifier", func(f url.Values) { f.Set("code_verifier", strings.Repeat("x", 64)) }, "invalid_grant"},
		{"missing verifier", func(f url.Values) {}, "invalid_grant"},
		{"challenge as verifier", func(f url.Values) { f.Set("code_verifier", challenge) }, "invalid_grant"},
		{"short verifier", func(f url.Values) { f.Set("code_verifier", "abc") }, "invalid_grant"},
		{"wrong secret with PKCE", func(f url.Values) { f.Set("code_verifier", verifier); f.Set("client_secret", "nope") }, "invalid_client"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := tokenForm(s, start(t))
			tt.edit(form)
			r := postForm(t, s.URL+"/sso/token", form)
			if tt.wantCode == "" {
				if r.status != http.StatusOK {
					t.Fatalf("status %d: %s", r.status, r.body)
				}
				return
			}
			wantOAuthError(t, r, tt.wantCode)
		})
	}
	t.Run("a failed verifier uses the code up", func(t *testing.T) {
		code := start(t)
		form := tokenForm(s, code)
		form.Set("code_verifier", strings.Repeat("x", 64))
		wantOAuthError(t, postForm(t, s.URL+"/sso/token", form), "invalid_grant")
		form.Set("code_verifier", verifier)
		wantOAuthError(t, postForm(t, s.URL+"/sso/token", form), "invalid_grant")
	})
}

func TestTokenRequestsRecordWhatAppsSent(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	verifier, challenge := pkce("r")
	code := signIn(t, s, map[string]string{"connection": "conn_01DEMOACMEOKTA", "login_hint": "alice@acme.test",
		"code_challenge": challenge, "code_challenge_method": "S256"})
	form := tokenForm(s, code)
	form.Set("client_secret", "sk_test_wrong")
	postForm(t, s.URL+"/sso/token", form)
	postJSON(t, s.URL+"/sso/token", map[string]string{
		"client_id": s.ClientID, "client_secret": s.APIKey, "grant_type": "authorization_code",
		"code": code, "code_verifier": verifier,
	})
	got := s.TokenRequests()
	want := []TokenRequest{
		{ContentType: "application/x-www-form-urlencoded", ClientID: s.ClientID, GrantType: "authorization_code",
			CodeSent: true, ClientSecretSent: true, Status: 400, Error: "invalid_client"},
		{ContentType: "application/json", ClientID: s.ClientID, GrantType: "authorization_code",
			CodeSent: true, ClientSecretSent: true, ClientSecretMatched: true, CodeVerifierSent: true, Status: 200},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("TokenRequests =\n%+v\nwant\n%+v", got, want)
	}
	if s.Calls("/sso/token") != 2 {
		t.Errorf("Calls = %d", s.Calls("/sso/token"))
	}
}

func TestProfileEndpoint(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	s := newTestServer(t, Options{Now: clock.Now})
	code := signIn(t, s, map[string]string{"provider": "GoogleOAuth", "login_hint": "dave@gmail.test"})
	tok := postForm(t, s.URL+"/sso/token", tokenForm(s, code)).json(t)
	access := tok["access_token"].(string)

	r := get(t, s.URL+"/sso/profile", "Authorization", "Bearer "+access)
	if r.status != http.StatusOK || !reflect.DeepEqual(r.json(t), tok["profile"]) {
		t.Fatalf("profile: %d %s", r.status, r.body)
	}
	tests := []struct {
		name   string
		header []string
	}{
		{"no header", nil},
		{"unknown token", []string{"Authorization", "Bearer nope"}},
		{"API key", []string{"Authorization", "Bearer " + s.APIKey}},
		{"basic scheme", []string{"Authorization", "Basic " + access}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := get(t, s.URL+"/sso/profile", tt.header...)
			if r.status != http.StatusUnauthorized || r.json(t)["error"] != "Unauthorized" {
				t.Fatalf("%d %s", r.status, r.body)
			}
		})
	}
	t.Run("expired token", func(t *testing.T) {
		clock.Advance(601 * time.Second)
		if r := get(t, s.URL+"/sso/profile", "Authorization", "Bearer "+access); r.status != http.StatusUnauthorized {
			t.Fatalf("%d %s", r.status, r.body)
		}
	})
}
