package workostest

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// umAuthorizeURL is a /user_management/authorize URL with a PKCE challenge.
func umAuthorizeURL(s *Server, challenge string, params map[string]string) string {
	q := url.Values{"client_id": {s.ClientID}, "redirect_uri": {testRedirect}, "response_type": {"code"}, "state": {"st"},
		"code_challenge": {challenge}, "code_challenge_method": {"S256"}}
	for k, v := range params {
		q.Set(k, v)
	}
	return s.URL + "/user_management/authorize?" + q.Encode()
}

// umSignIn signs in through AuthKit and returns the authenticate answer.
func umSignIn(t *testing.T, s *Server, params map[string]string) map[string]any {
	t.Helper()
	verifier, challenge := pkce("v")
	_, q := get(t, umAuthorizeURL(s, challenge, params)).location(t)
	r := postJSON(t, s.URL+"/user_management/authenticate", map[string]string{"client_id": s.ClientID, "client_secret": s.APIKey,
		"grant_type": "authorization_code", "code": q.Get("code"), "code_verifier": verifier})
	if r.status != 200 {
		t.Fatalf("authenticate: %d %s", r.status, r.body)
	}
	return r.json(t)
}

func TestUMAuthorizeStrict(t *testing.T) {
	s := newTestServer(t, Options{AutoSelect: true})
	_, challenge := pkce("v")
	for name, params := range map[string]map[string]string{
		"no selector":            {},
		"SSO parameter names":    {"organization": "org_01DEMOACME"},
		"connection and org":     {"connection_id": "conn_01DEMOACMEOKTA", "organization_id": "org_01DEMOACME"},
		"screen_hint without it": {"organization_id": "org_01DEMOACME", "screen_hint": "sign-up"},
	} {
		_, q := get(t, umAuthorizeURL(s, challenge, params)).location(t)
		if q.Get("error") != "invalid_request" || q.Get("code") != "" {
			t.Errorf("%s: %v, want error=invalid_request", name, q)
		}
	}
	if r := get(t, strings.Replace(umAuthorizeURL(s, challenge, map[string]string{"provider": "authkit"}), "S256", "plain", 1)); r.status != http.StatusBadRequest {
		t.Errorf("plain PKCE: %d", r.status)
	}
	// Without AutoSelect the hosted page lists users in their organizations.
	s2 := newTestServer(t, Options{})
	page := get(t, umAuthorizeURL(s2, challenge, map[string]string{"provider": "authkit"}))
	if page.status != 200 || !strings.Contains(page.body, "user_01DEMOALICE") || !strings.Contains(page.body, `value="org_01DEMOACME"`) {
		t.Fatalf("hosted page: %d", page.status)
	}
}

func TestUMAuthenticateAndRefresh(t *testing.T) {
	s := newTestServer(t, Options{AutoSelect: true})
	res := umSignIn(t, s, map[string]string{"organization_id": "org_01DEMOACME", "login_hint": "alice@acme.test"})
	user, _ := res["user"].(map[string]any)
	if user["id"] != "user_01DEMOALICE" || res["organization_id"] != "org_01DEMOACME" || res["access_token"] == "" {
		t.Fatalf("authenticate answer %v", res)
	}
	rt, _ := res["refresh_token"].(string)
	refresh := func(token, org string) result {
		body := map[string]string{"client_id": s.ClientID, "client_secret": s.APIKey, "grant_type": "refresh_token", "refresh_token": token}
		if org != "" {
			body["organization_id"] = org
		}
		return postJSON(t, s.URL+"/user_management/authenticate", body)
	}
	r := refresh(rt, "")
	if r.status != 200 || r.json(t)["refresh_token"] == rt {
		t.Fatalf("refresh: %d %s", r.status, r.body)
	}
	wantOAuthError(t, refresh(rt, ""), "invalid_grant") // single use
	rt2, _ := r.json(t)["refresh_token"].(string)
	wantOAuthError(t, refresh(rt2, "org_01DEMOGLOBEX"), "organization_membership_not_found")
	wantOAuthError(t, refresh(rt2, "org_01NOPE"), "organization_not_found")
	if s.RefreshCount() != 4 {
		t.Fatalf("RefreshCount %d, want 4", s.RefreshCount())
	}
	// The JWKS publishes the signing key; a rotation adds one.
	keys := get(t, s.URL+"/sso/jwks/"+s.ClientID).json(t)["keys"].([]any)
	s.RotateSigningKey(true)
	if again := get(t, s.URL+"/sso/jwks/"+s.ClientID).json(t)["keys"].([]any); len(keys) != 1 || len(again) != 2 {
		t.Fatalf("keys %d then %d", len(keys), len(again))
	}
	if r := get(t, s.URL+"/sso/jwks/client_other"); r.status != 404 {
		t.Fatalf("another client's JWKS: %d", r.status)
	}
	// Wrong verifier, reused code, wrong secret.
	_, challenge := pkce("v")
	_, q := get(t, umAuthorizeURL(s, challenge, map[string]string{"provider": "authkit"})).location(t)
	wantOAuthError(t, postJSON(t, s.URL+"/user_management/authenticate", map[string]string{"client_id": s.ClientID, "client_secret": "sk_wrong",
		"grant_type": "authorization_code", "code": q.Get("code"), "code_verifier": strings.Repeat("w", 64)}), "invalid_client")
	wantOAuthError(t, postJSON(t, s.URL+"/user_management/authenticate", map[string]string{"client_id": s.ClientID, "client_secret": s.APIKey,
		"grant_type": "authorization_code", "code": q.Get("code"), "code_verifier": strings.Repeat("w", 64)}), "invalid_grant")
}

func TestUMLogoutAndMemberships(t *testing.T) {
	s := newTestServer(t, Options{AutoSelect: true})
	tok, err := s.AuthKitTokens("alice@acme.test", "org_01DEMOACME")
	if err != nil {
		t.Fatal(err)
	}
	claims := strings.Split(tok.AccessToken, ".")
	if len(claims) != 3 {
		t.Fatal("not a JWS")
	}
	var sid string
	for id := range s.umState.sessions {
		sid = id
	}
	if r := get(t, s.URL+"/user_management/sessions/logout?"+url.Values{"session_id": {sid}, "return_to": {"https://evil.test/"}}.Encode()); r.status != 422 {
		t.Fatalf("logout to another origin: %d", r.status)
	}
	r := get(t, s.URL+"/user_management/sessions/logout?"+url.Values{"session_id": {sid}, "return_to": {"http://app.test/"}}.Encode())
	if u, _ := r.location(t); r.status != http.StatusFound || u.String() != "http://app.test/" || !s.SessionEnded(sid) {
		t.Fatalf("logout: %d", r.status)
	}
	r = postJSON(t, s.URL+"/user_management/authenticate", map[string]string{"client_id": s.ClientID, "client_secret": s.APIKey, "grant_type": "refresh_token", "refresh_token": tok.RefreshToken})
	wantOAuthError(t, r, "invalid_grant")
	m := get(t, s.URL+"/user_management/organization_memberships?user_id=user_01DEMOALICE", "Authorization", "Bearer "+s.APIKey)
	data, _ := m.json(t)["data"].([]any)
	if m.status != 200 || len(data) != 1 || !strings.Contains(m.body, `"slug":"admin"`) {
		t.Fatalf("memberships: %d %s", m.status, m.body)
	}
	if r := get(t, s.URL+"/user_management/organization_memberships", "Authorization", "Bearer "+s.APIKey); r.status != 400 {
		t.Fatalf("memberships without a filter: %d", r.status)
	}
}
