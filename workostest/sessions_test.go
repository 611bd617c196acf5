package workostest

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

// A sign-in begins a session: listed by the Sessions API with what the
// app said of the browser, announced by session.created, its ID the
// access token's sid.
func TestSessionsBeginAtSignIn(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	s := newTestServer(t, Options{AutoSelect: true, Now: clock.Now})
	rc := &receiver{}
	rc.listen(t, s, "whsec_s")
	verifier, challenge := pkce("v")
	_, q := get(t, umAuthorizeURL(s, challenge, map[string]string{"organization_id": acme, "login_hint": "alice@acme.test"})).location(t)
	r := postJSON(t, s.URL+"/user_management/authenticate", map[string]string{"client_id": s.ClientID, "client_secret": s.APIKey,
		"grant_type": "authorization_code", "code": q.Get("code"), "code_verifier": verifier,
		"ip_address": "198.51.100.7", "user_agent": "Firefox/150"})
	if r.status != 200 {
		t.Fatalf("authenticate: %d %s", r.status, r.body)
	}
	sid := claims(t, r.json(t)["access_token"].(string))["sid"].(string)
	data := rc.waitFor(t, "whsec_s", "session.created")
	want := map[string]any{"object": "session", "id": sid, "user_id": "user_01DEMOALICE", "organization_id": acme,
		"auth_method": "sso", "status": "active", "ip_address": "198.51.100.7", "user_agent": "Firefox/150",
		"expires_at": "2026-02-01T03:04:05.000Z", "ended_at": nil,
		"created_at": "2026-01-02T03:04:05.000Z", "updated_at": "2026-01-02T03:04:05.000Z"}
	if !reflect.DeepEqual(data, want) {
		t.Fatalf("session.created data\n got %v\nwant %v", data, want)
	}
	list := api(t, s, "GET", "/user_management/users/user_01DEMOALICE/sessions", nil)
	if got := ids(t, list); !reflect.DeepEqual(got, []string{sid}) {
		t.Fatalf("sessions %v", got)
	}
	if first := list.json(t)["data"].([]any)[0]; !reflect.DeepEqual(first, want) {
		t.Fatalf("listed session %v", first)
	}
	if u := api(t, s, "GET", "/user_management/users/user_01DEMOALICE", nil).json(t); u["last_sign_in_at"] != "2026-01-02T03:04:05.000Z" {
		t.Fatalf("last_sign_in_at %v", u["last_sign_in_at"])
	}
	// The session outlives refreshes, not its expiry.
	clock.Advance(sessionLifetime)
	wantOAuthError(t, refreshGrant(t, s, r.json(t)["refresh_token"].(string), ""), "invalid_grant")
	if got := ids(t, api(t, s, "GET", "/user_management/users/user_01DEMOALICE/sessions", nil)); len(got) != 0 {
		t.Fatalf("an expired session is listed: %v", got)
	}
}

func TestSessionsListPagination(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	s := newTestServer(t, Options{Now: clock.Now})
	var sids []string // oldest first
	for range 3 {
		tok, err := s.AuthKitTokens("bob@acme.test", acme)
		if err != nil {
			t.Fatal(err)
		}
		sids = append(sids, claims(t, tok.AccessToken)["sid"].(string))
		clock.Advance(time.Second)
	}
	s.AuthKitTokens("alice@acme.test", acme) // someone else's
	path := "/user_management/users/user_01DEMOBOB/sessions"
	for query, want := range map[string][]string{
		"":                                    {sids[2], sids[1], sids[0]},
		"?order=asc":                          {sids[0], sids[1], sids[2]},
		"?limit=2":                            {sids[2], sids[1]},
		"?limit=2&after=" + sids[1]:           {sids[0]},
		"?limit=2&order=asc&after=" + sids[0]: {sids[1], sids[2]},
	} {
		if got := ids(t, api(t, s, "GET", path+query, nil)); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %v, want %v", query, got, want)
		}
	}
	if got := s.ActiveSessions("bob@acme.test"); !reflect.DeepEqual(got, sids) {
		t.Errorf("ActiveSessions %v, want %v", got, sids)
	}
	for path, want := range map[string]int{
		"/user_management/users/user_01NOPE/sessions":            404,
		"/user_management/users/bob@acme.test/sessions":          404,
		"/user_management/users/user_01DEMOBOB/sessions?limit=0": 422,
		"/user_management/users/user_01DEMOBOB/devices":          404,
	} {
		if r := api(t, s, "GET", path, nil); r.status != want {
			t.Errorf("%s: %d, want %d", path, r.status, want)
		}
	}
	if r := get(t, s.URL+path); r.status != http.StatusUnauthorized {
		t.Errorf("without the API key: %d", r.status)
	}
}

// Revoking a session through the API stops its refresh token, leaves the
// user's other sessions alone and delivers session.revoked.
func TestRevokeSessionThroughTheAPI(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	rc := &receiver{}
	rc.listen(t, s, "whsec_v")
	one, _ := s.AuthKitTokens("alice@acme.test", acme)
	two, _ := s.AuthKitTokens("alice@acme.test", acme)
	sid := claims(t, one.AccessToken)["sid"].(string)

	r := api(t, s, "POST", "/user_management/sessions/revoke", map[string]string{"session_id": sid})
	if r.status != 200 || r.json(t)["status"] != "revoked" || r.json(t)["ended_at"] == nil {
		t.Fatalf("revoke: %d %s", r.status, r.body)
	}
	data := rc.waitFor(t, "whsec_v", "session.revoked")
	if data["id"] != sid || data["status"] != "revoked" || data["user_id"] != "user_01DEMOALICE" || data["organization_id"] != acme {
		t.Fatalf("session.revoked data %v", data)
	}
	wantOAuthError(t, refreshGrant(t, s, one.RefreshToken, ""), "invalid_grant")
	if r := refreshGrant(t, s, two.RefreshToken, ""); r.status != 200 {
		t.Fatalf("the other session: %d", r.status)
	}
	if !s.SessionEnded(sid) || s.SessionEnded(claims(t, two.AccessToken)["sid"].(string)) {
		t.Fatal("SessionEnded disagrees")
	}
	// Again: 200, no second event.
	if r := api(t, s, "POST", "/user_management/sessions/revoke", map[string]string{"session_id": sid}); r.status != 200 {
		t.Fatalf("revoke again: %d", r.status)
	}
	if n := strings.Count(strings.Join(eventTypes(s), " "), "session.revoked"); n != 1 {
		t.Fatalf("%d session.revoked events", n)
	}
	for name, tt := range map[string]struct {
		body any
		want int
	}{
		"unknown":  {map[string]string{"session_id": "session_01NOPE"}, 404},
		"missing":  {map[string]string{}, 422},
		"not JSON": {nil, 422},
		"a number": {map[string]int{"session_id": 5}, 422},
	} {
		if r := api(t, s, "POST", "/user_management/sessions/revoke", tt.body); r.status != tt.want {
			t.Errorf("%s: %d, want %d: %s", name, r.status, tt.want, r.body)
		}
	}
	if r := postJSON(t, s.URL+"/user_management/sessions/revoke", map[string]string{"session_id": sid}); r.status != http.StatusUnauthorized {
		t.Errorf("without the API key: %d", r.status)
	}
	if r := api(t, s, "GET", "/user_management/sessions/revoke", nil); r.status != 404 {
		t.Errorf("GET: %d", r.status)
	}
}

func TestRevokeSessionHelper(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	tok, _ := s.AuthKitTokens("carol@globex.test", "")
	sid := claims(t, tok.AccessToken)["sid"].(string)
	rc := &receiver{}
	rc.listen(t, s, "whsec_h")
	e, err := s.RevokeSession(sid)
	if err != nil || e.Type != "session.revoked" {
		t.Fatalf("RevokeSession: %+v %v", e, err)
	}
	if got := rc.delivered(t, "whsec_h"); len(got) != 1 || got[0]["event"] != "session.revoked" {
		t.Fatalf("delivered before returning: %v", got)
	}
	if _, err := s.RevokeSession(sid); err == nil {
		t.Fatal("revoking twice succeeded")
	}
	if _, err := s.RevokeSession("session_01NOPE"); err == nil {
		t.Fatal("revoking an unknown session succeeded")
	}
	// Logging out ends a session without an event.
	tok, _ = s.AuthKitTokens("carol@globex.test", "")
	sid = claims(t, tok.AccessToken)["sid"].(string)
	get(t, s.URL+"/user_management/sessions/logout?session_id="+sid+"&return_to=http://app.test/")
	if !s.SessionEnded(sid) || strings.Count(strings.Join(eventTypes(s), " "), "session.revoked") != 1 {
		t.Fatalf("logout: ended %v, events %v", s.SessionEnded(sid), eventTypes(s))
	}
}
