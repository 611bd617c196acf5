package workostest

import (
	"net/http"
	"reflect"
	"testing"
)

func TestDirectoriesAPI(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	for path, want := range map[string][]string{
		"/directories":                                      {"directory_01DEMOGLOBEX", "directory_01DEMOACME"},
		"/directories?order=asc":                            {"directory_01DEMOACME", "directory_01DEMOGLOBEX"},
		"/directories?organization_id=" + acme:              {"directory_01DEMOACME"},
		"/directories?search=workspace":                     {"directory_01DEMOGLOBEX"},
		"/directories?domain=acme.test":                     {"directory_01DEMOACME"},
		"/directories?domain=nowhere.test":                  {},
		"/directories?limit=1":                              {"directory_01DEMOGLOBEX"},
		"/directories?limit=1&after=directory_01DEMOGLOBEX": {"directory_01DEMOACME"},
	} {
		if got := ids(t, api(t, s, "GET", path, nil)); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v, want %v", path, got, want)
		}
	}
	d := api(t, s, "GET", "/directories/directory_01DEMOACME", nil).json(t)
	if d["object"] != "directory" || d["organization_id"] != acme || d["domain"] != "acme.test" || d["state"] != "active" || d["type"] != "okta scim v2.0" || d["name"] != "Acme Okta" {
		t.Errorf("directory %v", d)
	}
	for _, path := range []string{"/directories/directory_01NOPE", "/directory_users/directory_user_01NOPE", "/directory_groups/directory_group_01NOPE"} {
		if r := api(t, s, "GET", path, nil); r.status != 404 || r.json(t)["code"] != "entity_not_found" {
			t.Errorf("%s: %d %s", path, r.status, r.body)
		}
	}
}

func TestDirectoryUsersAndGroupsAPI(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	groups := ids(t, api(t, s, "GET", "/directory_groups?directory=directory_01DEMOACME&order=asc", nil)) // Engineering, Admins, Sales
	if len(groups) != 3 {
		t.Fatalf("Acme's groups %v", groups)
	}
	eng, sales := groups[0], groups[2]
	for path, want := range map[string][]string{
		"/directory_users?directory=directory_01DEMOACME":                   {"directory_user_01DEMOBOB", "directory_user_01DEMOALICE"},
		"/directory_users?directory=directory_01DEMOACME&order=asc&limit=1": {"directory_user_01DEMOALICE"},
		"/directory_users?group=" + eng:                                     {"directory_user_01DEMOALICE"},
		"/directory_users?directory=directory_01DEMOGLOBEX&group=" + eng:    {},
		"/directory_users?directory=directory_01DEMOGLOBEX":                 {"directory_user_01DEMOCAROL"},
		"/directory_groups?user=directory_user_01DEMOBOB":                   {sales},
		"/directory_groups?directory=directory_01DEMOGLOBEX":                {},
	} {
		if got := ids(t, api(t, s, "GET", path, nil)); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v, want %v", path, got, want)
		}
	}
	u := api(t, s, "GET", "/directory_users/directory_user_01DEMOALICE", nil).json(t)
	gs, _ := u["groups"].([]any)
	if u["object"] != "directory_user" || u["email"] != "alice@acme.test" || u["idp_id"] != "00u1demoalice" || u["state"] != "active" || len(gs) != 2 {
		t.Errorf("directory user %v", u)
	}
	g := api(t, s, "GET", "/directory_groups/"+eng, nil).json(t)
	if g["object"] != "directory_group" || g["name"] != "Engineering" || g["directory_id"] != "directory_01DEMOACME" {
		t.Errorf("group %v", g)
	}
	for _, path := range []string{"/directory_users", "/directory_groups", "/directory_users?limit=500&directory=x"} {
		if r := api(t, s, "GET", path, nil); r.status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", path, r.status)
		}
	}
	for _, path := range []string{"/directories", "/directory_users?directory=directory_01DEMOACME", "/directory_groups/" + eng} {
		if r := get(t, s.URL+path); r.status != http.StatusUnauthorized {
			t.Errorf("%s without the API key: %d", path, r.status)
		}
	}
	// A deleted directory user is gone from the reads.
	s.DeleteDirectoryUser("alice@acme.test")
	if got := ids(t, api(t, s, "GET", "/directory_users?group="+eng, nil)); len(got) != 0 {
		t.Errorf("after the deletion: %v", got)
	}
	if r := api(t, s, "GET", "/directory_users/directory_user_01DEMOALICE", nil); r.status != 404 {
		t.Errorf("the deleted user: %d", r.status)
	}
}

// The Node SDK sends events=a,b (an array through URLSearchParams).
func TestListEventsCommaSeparatedTypes(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	s.DeleteDirectoryUser("alice@acme.test")
	s.SetDirectoryUserState("bob@acme.test", "suspended")
	s.RecordEvent("user.created", map[string]any{"id": "user_01"})
	r := api(t, s, "GET", "/events?events=dsync.user.deleted,dsync.user.updated", nil)
	if got := ids(t, r); len(got) != 2 {
		t.Fatalf("events=a,b: %v", got)
	}
}
