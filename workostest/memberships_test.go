package workostest

import (
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
)

const (
	acme   = "org_01DEMOACME"
	globex = "org_01DEMOGLOBEX"
)

func TestMembershipsList(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	path := "/user_management/organization_memberships"
	for _, tt := range []struct {
		query string
		want  []string
	}{
		{"?user_id=user_01DEMOALICE", []string{"om_01DEMOALICE01DEMOACME"}},
		{"?organization_id=" + acme, []string{"om_01DEMOBOB01DEMOACME", "om_01DEMOALICE01DEMOACME"}}, // newest first
		{"?organization_id=" + acme + "&order=asc", []string{"om_01DEMOALICE01DEMOACME", "om_01DEMOBOB01DEMOACME"}},
		{"?organization_id=" + acme + "&user_id=user_01DEMOCAROL", []string{}},
		{"?organization_id=" + acme + "&limit=1", []string{"om_01DEMOBOB01DEMOACME"}},
		{"?organization_id=" + acme + "&limit=1&after=om_01DEMOBOB01DEMOACME", []string{"om_01DEMOALICE01DEMOACME"}},
		{"?organization_id=" + acme + "&statuses=inactive", []string{}},
		{"?organization_id=" + acme + "&statuses=active,inactive", []string{"om_01DEMOBOB01DEMOACME", "om_01DEMOALICE01DEMOACME"}},
	} {
		t.Run(tt.query, func(t *testing.T) {
			if got := ids(t, api(t, s, "GET", path+tt.query, nil)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	r := api(t, s, "GET", path+"?organization_id="+acme+"&limit=1", nil)
	if meta := r.json(t)["list_metadata"].(map[string]any); meta["after"] != "om_01DEMOBOB01DEMOACME" || meta["before"] != nil {
		t.Errorf("list_metadata %v", meta)
	}
	m := r.json(t)["data"].([]any)[0].(map[string]any)
	if m["object"] != "organization_membership" || m["user_id"] != "user_01DEMOBOB" || m["organization_name"] != "Acme" ||
		m["status"] != "active" || m["role"].(map[string]any)["slug"] != "member" || m["directory_managed"] != false {
		t.Errorf("membership %v", m)
	}
	for query, want := range map[string]int{"": 400, "?user_id=x&statuses=gone": 422, "?user_id=x&limit=0": 422, "?user_id=x&order=up": 422} {
		if r := api(t, s, "GET", path+query, nil); r.status != want {
			t.Errorf("%q: %d, want %d: %s", query, r.status, want, r.body)
		}
	}
	if r := get(t, s.URL+path+"?user_id=user_01DEMOALICE"); r.status != http.StatusUnauthorized {
		t.Errorf("without the API key: %d", r.status)
	}
}

func TestMembershipsAPIChangesAndEvents(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	rc := &receiver{}
	rc.listen(t, s, "whsec_m")
	path := "/user_management/organization_memberships"

	// Create: carol joins Acme as admin.
	r := api(t, s, "POST", path, map[string]any{"user_id": "user_01DEMOCAROL", "organization_id": acme, "role_slug": "admin"})
	if r.status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	om := r.json(t)
	id, _ := om["id"].(string)
	if !strings.HasPrefix(id, "om_01") || om["organization_id"] != acme || om["role"].(map[string]any)["slug"] != "admin" {
		t.Fatalf("created %v", om)
	}
	if data := rc.waitFor(t, "whsec_m", "organization_membership.created"); data["id"] != id || data["user_id"] != "user_01DEMOCAROL" {
		t.Fatalf("created event %v", data)
	}
	if carol := s.people.user("carol@globex.test"); s.people.activeMembership(carol.id, acme) == nil {
		t.Fatal("carol is not a member of Acme")
	}
	// Refusals.
	for name, tt := range map[string]struct {
		body map[string]any
		want int
	}{
		"again":          {map[string]any{"user_id": "user_01DEMOCAROL", "organization_id": acme}, 400},
		"unknown user":   {map[string]any{"user_id": "user_01NOPE", "organization_id": acme}, 404},
		"unknown org":    {map[string]any{"user_id": "user_01DEMOCAROL", "organization_id": "org_01NOPE"}, 404},
		"unknown role":   {map[string]any{"user_id": "user_01DEMODAVE", "organization_id": acme, "role_slug": "owner"}, 422},
		"both roles":     {map[string]any{"user_id": "user_01DEMODAVE", "organization_id": acme, "role_slug": "admin", "role_slugs": []string{"admin"}}, 422},
		"roles not list": {map[string]any{"user_id": "user_01DEMODAVE", "organization_id": acme, "role_slugs": "admin"}, 422},
		"no user":        {map[string]any{"organization_id": acme}, 422},
		"email as ID":    {map[string]any{"user_id": "dave@gmail.test", "organization_id": acme}, 404},
	} {
		if r := api(t, s, "POST", path, tt.body); r.status != tt.want {
			t.Errorf("%s: %d, want %d: %s", name, r.status, tt.want, r.body)
		}
	}
	// Read, change the roles, deactivate, reactivate, delete.
	if r := api(t, s, "GET", path+"/"+id, nil); r.status != 200 || r.json(t)["id"] != id {
		t.Fatalf("get: %d %s", r.status, r.body)
	}
	r = api(t, s, "PUT", path+"/"+id, map[string]any{"role_slugs": []string{"member", "admin"}})
	if r.status != 200 || r.json(t)["role"].(map[string]any)["slug"] != "member" || len(r.json(t)["roles"].([]any)) != 2 {
		t.Fatalf("update: %d %s", r.status, r.body)
	}
	if data := rc.waitFor(t, "whsec_m", "organization_membership.updated"); data["role"].(map[string]any)["slug"] != "member" {
		t.Fatalf("updated event %v", data)
	}
	for name, body := range map[string]map[string]any{"no role": {}, "unknown role": {"role_slug": "owner"}, "empty role": {"role_slug": ""}} {
		if r := api(t, s, "PUT", path+"/"+id, body); r.status != 422 {
			t.Errorf("update with %s: %d", name, r.status)
		}
	}
	if r := api(t, s, "PUT", path+"/"+id+"/deactivate", nil); r.status != 200 || r.json(t)["status"] != "inactive" {
		t.Fatalf("deactivate: %d %s", r.status, r.body)
	}
	if got := ids(t, api(t, s, "GET", path+"?user_id=user_01DEMOCAROL", nil)); slices.Contains(got, id) {
		t.Fatalf("an inactive membership is listed by default: %v", got)
	}
	if got := ids(t, api(t, s, "GET", path+"?user_id=user_01DEMOCAROL&statuses=inactive", nil)); !reflect.DeepEqual(got, []string{id}) {
		t.Fatalf("statuses=inactive: %v", got)
	}
	if r := api(t, s, "PUT", path+"/"+id+"/reactivate", nil); r.status != 200 || r.json(t)["status"] != "active" {
		t.Fatalf("reactivate: %d %s", r.status, r.body)
	}
	if r := api(t, s, "PUT", path+"/"+id+"/promote", nil); r.status != 404 {
		t.Fatalf("unknown action: %d", r.status)
	}
	if r := api(t, s, "DELETE", path+"/"+id, nil); r.status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	if data := rc.waitFor(t, "whsec_m", "organization_membership.deleted"); data["id"] != id {
		t.Fatalf("deleted event %v", data)
	}
	for _, m := range []string{"GET", "DELETE"} {
		if r := api(t, s, m, path+"/"+id, nil); r.status != 404 || r.json(t)["code"] != "entity_not_found" {
			t.Errorf("%s of a deleted membership: %d %s", m, r.status, r.body)
		}
	}
	// Every change was recorded for the Events API, in order, and
	// delivered in that order.
	want := []string{"organization_membership.created", "organization_membership.updated", "organization_membership.updated",
		"organization_membership.updated", "organization_membership.deleted"}
	if got := eventTypes(s); !reflect.DeepEqual(got, want) {
		t.Fatalf("events %v, want %v", got, want)
	}
	var delivered []string
	for _, e := range rc.delivered(t, "whsec_m") {
		delivered = append(delivered, e["event"].(string))
	}
	if !reflect.DeepEqual(delivered, want) {
		t.Fatalf("delivered %v, want %v", delivered, want)
	}
}

// A session's organization switch follows the memberships as they
// change, and a removed or deactivated membership ends the sessions in
// that organization and no others.
func TestSwitchFollowsMemberships(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	alice, err := s.AuthKitTokens("alice@acme.test", acme)
	if err != nil {
		t.Fatal(err)
	}
	r := refreshGrant(t, s, alice.RefreshToken, globex)
	wantOAuthError(t, r, "organization_membership_not_found")

	if _, err := s.AddMembership("alice@acme.test", globex, "member"); err != nil {
		t.Fatal(err)
	}
	r = refreshGrant(t, s, alice.RefreshToken, globex)
	if r.status != 200 {
		t.Fatalf("switch after AddMembership: %d %s", r.status, r.body)
	}
	c := claims(t, r.json(t)["access_token"].(string))
	if c["org_id"] != globex || c["role"] != "member" || !reflect.DeepEqual(c["permissions"], []any{"widgets:read"}) {
		t.Fatalf("claims in Globex %v", c)
	}
	inGlobex := r.json(t)["refresh_token"].(string)
	other, _ := s.AuthKitTokens("alice@acme.test", acme) // another session, in Acme
	bob, _ := s.AuthKitTokens("bob@acme.test", acme)

	if _, err := s.RemoveMembership("user_01DEMOALICE", globex); err != nil {
		t.Fatal(err)
	}
	wantOAuthError(t, refreshGrant(t, s, inGlobex, ""), "invalid_grant") // the session in Globex ended
	if r := refreshGrant(t, s, other.RefreshToken, ""); r.status != 200 {
		t.Fatalf("alice's session in Acme: %d %s", r.status, r.body)
	}
	r = refreshGrant(t, s, bob.RefreshToken, "")
	if r.status != 200 {
		t.Fatalf("bob's session: %d %s", r.status, r.body)
	}
	wantOAuthError(t, refreshGrant(t, s, r.json(t)["refresh_token"].(string), globex), "organization_membership_not_found")

	// A deactivated membership refuses the switch and ends its sessions.
	carol, _ := s.AuthKitTokens("carol@globex.test", globex)
	api(t, s, "PUT", "/user_management/organization_memberships/om_01DEMOCAROL01DEMOGLOBEX/deactivate", nil)
	wantOAuthError(t, refreshGrant(t, s, carol.RefreshToken, ""), "invalid_grant")
	if _, err := s.AuthKitTokens("carol@globex.test", globex); err == nil {
		t.Fatal("a sign-in into a deactivated membership")
	}
	if _, err := s.RemoveMembership("carol@globex.test", acme); err == nil {
		t.Fatal("RemoveMembership of no membership succeeded")
	}
}

// A role change or a role's new permissions reach a session at its next
// refresh, and are announced by organization_membership.updated and
// role.updated.
func TestRoleChangesReachTheNextRefresh(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	rc := &receiver{}
	rc.listen(t, s, "whsec_r")
	bob, _ := s.AuthKitTokens("bob@acme.test", acme)
	if c := claims(t, bob.AccessToken); c["role"] != "member" {
		t.Fatalf("claims %v", c)
	}
	e, err := s.SetMembershipRole("bob@acme.test", acme, "admin")
	if err != nil || e.Type != "organization_membership.updated" || !strings.Contains(string(e.Data), `"role":{"slug":"admin"}`) {
		t.Fatalf("SetMembershipRole: %+v %v", e, err)
	}
	if len(rc.delivered(t, "whsec_r")) == 0 { // the Go helpers deliver before they return
		t.Fatal("SetMembershipRole returned before delivering")
	}
	r := refreshGrant(t, s, bob.RefreshToken, "")
	c := claims(t, r.json(t)["access_token"].(string))
	if c["role"] != "admin" || !reflect.DeepEqual(c["permissions"], []any{"widgets:read", "widgets:write"}) {
		t.Fatalf("claims after the role change %v", c)
	}
	e, err = s.SetRolePermissions("admin", "widgets:read", "widgets:write", "widgets:delete")
	if err != nil || e.Type != "role.updated" {
		t.Fatalf("SetRolePermissions: %+v %v", e, err)
	}
	data := rc.waitFor(t, "whsec_r", "role.updated")
	if data["object"] != "role" || data["slug"] != "admin" || len(data["permissions"].([]any)) != 3 {
		t.Fatalf("role.updated data %v", data)
	}
	r = refreshGrant(t, s, r.json(t)["refresh_token"].(string), "")
	if c := claims(t, r.json(t)["access_token"].(string)); len(c["permissions"].([]any)) != 3 {
		t.Fatalf("claims after the role's change %v", c)
	}
	if e, _ := s.SetRolePermissions("auditor", "logs:read"); e.Type != "role.created" {
		t.Fatalf("a new role: %s", e.Type)
	}
	if _, err := s.SetMembershipRole("bob@acme.test", acme, "owner"); err == nil {
		t.Fatal("SetMembershipRole accepted an unknown role")
	}
	if _, err := s.AddMembership("bob@acme.test", globex, "auditor"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetRolePermissions(""); err == nil {
		t.Fatal("SetRolePermissions accepted an empty slug")
	}
}

// DeleteUser ends the user's sessions, removes their memberships and
// records user.deleted alone.
func TestDeleteUser(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{AutoSelect: true})
	rc := &receiver{}
	alice, _ := s.AuthKitTokens("alice@acme.test", acme)
	bob, _ := s.AuthKitTokens("bob@acme.test", acme)
	rc.listen(t, s, "whsec_d")
	e, err := s.DeleteUser("alice@acme.test")
	if err != nil || e.Type != "user.deleted" {
		t.Fatalf("DeleteUser: %+v %v", e, err)
	}
	data := rc.waitFor(t, "whsec_d", "user.deleted")
	if data["object"] != "user" || data["id"] != "user_01DEMOALICE" || data["email"] != "alice@acme.test" {
		t.Fatalf("user.deleted data %v", data)
	}
	if n := len(rc.delivered(t, "whsec_d")); n != 1 {
		t.Fatalf("%d deliveries, want user.deleted alone", n)
	}
	wantOAuthError(t, refreshGrant(t, s, alice.RefreshToken, ""), "invalid_grant")
	if r := refreshGrant(t, s, bob.RefreshToken, ""); r.status != 200 {
		t.Fatalf("bob's session: %d", r.status)
	}
	if r := api(t, s, "GET", "/user_management/users/user_01DEMOALICE", nil); r.status != 404 {
		t.Fatalf("the deleted user: %d", r.status)
	}
	if got := ids(t, api(t, s, "GET", "/user_management/organization_memberships?organization_id="+acme, nil)); !reflect.DeepEqual(got, []string{"om_01DEMOBOB01DEMOACME"}) {
		t.Fatalf("Acme's memberships %v", got)
	}
	if got := s.ActiveSessions("user_01DEMOALICE"); len(got) != 0 {
		t.Fatalf("active sessions %v", got)
	}
	// A code issued before the deletion no longer signs in.
	verifier, challenge := pkce("v")
	_, q := get(t, umAuthorizeURL(s, challenge, map[string]string{"organization_id": acme, "login_hint": "bob@acme.test"})).location(t)
	if _, err := s.DeleteUser("bob@acme.test"); err != nil {
		t.Fatal(err)
	}
	wantOAuthError(t, postJSON(t, s.URL+"/user_management/authenticate", map[string]string{"client_id": s.ClientID, "client_secret": s.APIKey,
		"grant_type": "authorization_code", "code": q.Get("code"), "code_verifier": verifier}), "invalid_grant")
	if _, err := s.DeleteUser("alice@acme.test"); err == nil {
		t.Fatal("deleting a deleted user succeeded")
	}
	if _, err := s.AuthKitTokens("alice@acme.test", ""); err == nil {
		t.Fatal("a deleted user signed in")
	}
}
