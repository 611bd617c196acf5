package workostest

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestDemoSeed(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	seed := s.Seed()
	if !reflect.DeepEqual(seed, mustNormalize(t, DemoSeed())) {
		t.Fatal("a zero Options.Seed is not DemoSeed")
	}
	byEmail := map[string]User{}
	connOf := map[string]Connection{}
	for _, c := range seed.Connections {
		for _, u := range c.Users {
			byEmail[u.Email] = u
			connOf[u.Email] = c
		}
	}
	alice := byEmail["alice@acme.test"]
	if alice.Role != "admin" || !reflect.DeepEqual(alice.Groups, []string{"Engineering", "Admins"}) || len(alice.CustomAttributes) == 0 {
		t.Errorf("alice = %+v", alice)
	}
	if byEmail["bob@acme.test"].Role != "member" {
		t.Errorf("bob = %+v", byEmail["bob@acme.test"])
	}
	for email, want := range map[string]string{
		"alice@acme.test": "OktaSAML", "bob@acme.test": "OktaSAML", "carol@globex.test": "GoogleSAML",
		"dave@gmail.test": "GoogleOAuth", "erin@outlook.test": "MicrosoftOAuth", "frank@github.test": "GitHubOAuth",
	} {
		if c := connOf[email]; c.Type != want || c.State != "active" {
			t.Errorf("%s: connection %+v, want %s", email, c, want)
		}
	}
	if c := connOf["dave@gmail.test"]; c.Provider != "GoogleOAuth" || c.OrganizationID != "" {
		t.Errorf("dave's connection = %+v", c)
	}
	globex := seed.Organizations[1]
	if globex.Name != "Globex" || !reflect.DeepEqual(globex.Domains, []Domain{{"globex.test", "verified"}, {"globex-pending.test", "pending"}}) {
		t.Errorf("globex = %+v", globex)
	}
	// Each call is fresh: editing one does not touch the next.
	d := DemoSeed()
	d.Connections[0].Users[0].CustomAttributes["department"] = "edited"
	if DemoSeed().Connections[0].Users[0].CustomAttributes["department"] != "Engineering" {
		t.Error("DemoSeed shares its maps")
	}
}

func mustNormalize(t *testing.T, s Seed) Seed {
	t.Helper()
	n, err := normalize(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSeedValidation(t *testing.T) {
	t.Parallel()
	org := Organization{ID: "org_a", Name: "A", Domains: []Domain{{Domain: "a.test"}}}
	tests := []struct {
		name string
		seed Seed
		want string
	}{
		{"organization without name", Seed{Organizations: []Organization{{ID: "org_x"}}}, "Name is required"},
		{"duplicate organization", Seed{Organizations: []Organization{org, org}}, "duplicate organization ID"},
		{"domain in two organizations", Seed{Organizations: []Organization{org, {Name: "B", Domains: []Domain{{Domain: "A.test"}}}}}, "already belongs"},
		{"bad domain state", Seed{Organizations: []Organization{{Name: "B", Domains: []Domain{{Domain: "b.test", State: "sure"}}}}}, "unknown state"},
		{"email as domain", Seed{Organizations: []Organization{{Name: "B", Domains: []Domain{{Domain: "x@b.test"}}}}}, "invalid domain"},
		{"connection without owner", Seed{Connections: []Connection{{Type: "OktaSAML"}}}, "set OrganizationID"},
		{"unknown organization", Seed{Connections: []Connection{{OrganizationID: "org_nope"}}}, "unknown organization"},
		{"unknown provider", Seed{Connections: []Connection{{Provider: "MySpaceOAuth"}}}, "unknown provider"},
		{"provider with organization", Seed{Organizations: []Organization{org}, Connections: []Connection{{OrganizationID: "org_a", Provider: "GoogleOAuth"}}}, "Provider is for"},
		{"two active providers", Seed{Connections: []Connection{{Provider: "GoogleOAuth"}, {Provider: "GoogleOAuth"}}}, "already has the active connection"},
		{"bad connection state", Seed{Organizations: []Organization{org}, Connections: []Connection{{OrganizationID: "org_a", State: "on"}}}, "unknown state"},
		{"duplicate connection", Seed{Organizations: []Organization{org}, Connections: []Connection{{ID: "c", OrganizationID: "org_a"}, {ID: "c", OrganizationID: "org_a"}}}, "duplicate connection ID"},
		{"user without email", Seed{Connections: []Connection{{Provider: "GoogleOAuth", Users: []User{{FirstName: "X"}}}}}, "invalid email"},
		{"duplicate email", Seed{Connections: []Connection{{Provider: "GoogleOAuth", Users: []User{NewUser("a@x.test"), NewUser("A@x.test")}}}}, "duplicate email"},
		{"duplicate profile", Seed{Connections: []Connection{{Provider: "GoogleOAuth", Users: []User{{ID: "p", Email: "a@x"}, {ID: "p", Email: "b@x"}}}}}, "duplicate profile ID"},
		{"attributes not JSON", Seed{Connections: []Connection{{Provider: "GoogleOAuth", Users: []User{{Email: "a@x", CustomAttributes: map[string]any{"f": func() {}}}}}}}, "CustomAttributes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := normalize(tt.seed)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
	t.Run("every problem at once", func(t *testing.T) {
		_, err := normalize(Seed{Organizations: []Organization{{}}, Connections: []Connection{{}}})
		if err == nil || !strings.Contains(err.Error(), "Name is required") || !strings.Contains(err.Error(), "set OrganizationID") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestSeedDefaults(t *testing.T) {
	t.Parallel()
	seed := Seed{
		Organizations: []Organization{{Name: "Initech", Domains: []Domain{{Domain: " Initech.TEST "}}}},
		Connections: []Connection{{Provider: "MicrosoftOAuth", Users: []User{
			{Email: "a@x.test", Roles: []string{"owner", "billing"}, CustomAttributes: map[string]any{"n": 12345678901234567}},
		}}},
	}
	n := mustNormalize(t, seed)
	o := n.Organizations[0]
	if !strings.HasPrefix(o.ID, "org_01") || o.Domains[0] != (Domain{"initech.test", "verified"}) {
		t.Errorf("organization = %+v", o)
	}
	c := n.Connections[0]
	if !strings.HasPrefix(c.ID, "conn_01") || c.Type != "MicrosoftOAuth" || c.State != "active" || c.Name == "" {
		t.Errorf("connection = %+v", c)
	}
	u := c.Users[0]
	if !strings.HasPrefix(u.ID, "prof_01") || u.IdpID == "" || u.Role != "owner" {
		t.Errorf("user = %+v", u)
	}
	if b, _ := json.Marshal(u.CustomAttributes); string(b) != `{"n":12345678901234567}` {
		t.Errorf("attributes = %s", b)
	}
	if again := mustNormalize(t, seed); !reflect.DeepEqual(again, n) {
		t.Error("derived IDs differ between runs")
	}
	// The emulator keeps its own copy.
	seed.Connections[0].Users[0].CustomAttributes["n"] = 1
	seed.Connections[0].Users[0].Roles[0] = "edited"
	if b, _ := json.Marshal(n.Connections[0].Users[0].CustomAttributes); string(b) != `{"n":12345678901234567}` || n.Connections[0].Users[0].Roles[0] != "owner" {
		t.Error("normalize shares the caller's maps or slices")
	}
}

func TestNewUser(t *testing.T) {
	t.Parallel()
	tests := []struct{ email, first, last string }{
		{"jane.doe@acme.test", "Jane", "Doe"},
		{"jane@acme.test", "Jane", ""},
		{"j_r_r.tolkien@x.test", "J", "Tolkien"},
		{"@x.test", "", ""},
	}
	for _, tt := range tests {
		u := NewUser(tt.email)
		if u.Email != tt.email || u.FirstName != tt.first || u.LastName != tt.last {
			t.Errorf("NewUser(%q) = %+v", tt.email, u)
		}
	}
}

func TestSeedHelpers(t *testing.T) {
	t.Parallel()
	seed := OrganizationSeed("Initech", "initech.test", NewUser("peter.gibbons@initech.test"), NewUser("milton@initech.test")).
		Merge(ProviderSeed("GitHubOAuth", NewUser("octo.cat@github.test")))
	s := newTestServer(t, Options{Seed: seed, AutoSelect: true})
	code := signIn(t, s, map[string]string{"domain": "initech.test", "login_hint": "milton@initech.test"})
	p := postForm(t, s.URL+"/sso/token", tokenForm(s, code)).json(t)["profile"].(map[string]any)
	if p["email"] != "milton@initech.test" || p["organization_id"] != seed.Organizations[0].ID || p["connection_type"] != "OktaSAML" {
		t.Errorf("profile = %v", p)
	}
	code = signIn(t, s, map[string]string{"provider": "GitHubOAuth"})
	p = postForm(t, s.URL+"/sso/token", tokenForm(s, code)).json(t)["profile"].(map[string]any)
	if p["name"] != "Octo Cat" || p["organization_id"] != nil {
		t.Errorf("profile = %v", p)
	}
	if OrganizationSeed("Initech", "initech.test").Organizations[0].ID != seed.Organizations[0].ID {
		t.Error("OrganizationSeed IDs are not stable")
	}
	if len(seed.Merge().Connections) != 2 || len(Seed{}.Merge(seed, seed).Organizations) != 2 {
		t.Error("Merge")
	}
}
