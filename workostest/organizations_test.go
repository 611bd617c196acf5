package workostest

import (
	"net/http"
	"reflect"
	"testing"
)

// ids returns the id of each object of a list answer.
func ids(t *testing.T, r result) []string {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	m := r.json(t)
	if m["object"] != "list" {
		t.Fatalf("object = %v", m["object"])
	}
	data, ok := m["data"].([]any)
	if !ok {
		t.Fatalf("data is not an array: %s", r.body)
	}
	out := []string{}
	for _, d := range data {
		out = append(out, d.(map[string]any)["id"].(string))
	}
	return out
}

func TestAPIRequiresTheAPIKey(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	for _, path := range []string{"/organizations", "/organizations/org_01DEMOACME", "/connections", "/connections/conn_01DEMOACMEOKTA"} {
		for _, tt := range []struct {
			name   string
			header []string
		}{
			{"no header", nil},
			{"wrong key", []string{"Authorization", "Bearer sk_test_wrong"}},
			{"client ID", []string{"Authorization", "Bearer " + s.ClientID}},
			{"basic", []string{"Authorization", "Basic " + s.APIKey}},
			{"bare key", []string{"Authorization", s.APIKey}},
		} {
			t.Run(path+" "+tt.name, func(t *testing.T) {
				r := get(t, s.URL+path, tt.header...)
				if r.status != http.StatusUnauthorized || r.json(t)["message"] != "Unauthorized" {
					t.Fatalf("%d %s", r.status, r.body)
				}
			})
		}
	}
}

func TestOrganizationsDomainsFilter(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	auth := []string{"Authorization", "Bearer " + s.APIKey}
	tests := []struct {
		name, query string
		want        []string
	}{
		{"no filter", "", []string{"org_01DEMOACME", "org_01DEMOGLOBEX"}},
		{"one domain", "?domains=acme.test", []string{"org_01DEMOACME"}},
		{"comma list", "?domains=acme.test,globex.test", []string{"org_01DEMOACME", "org_01DEMOGLOBEX"}},
		{"domains[]", "?domains%5B%5D=globex.test", []string{"org_01DEMOGLOBEX"}},
		{"repeated", "?domains=acme.test&domains=globex.test", []string{"org_01DEMOACME", "org_01DEMOGLOBEX"}},
		{"upper case", "?domains=ACME.Test", []string{"org_01DEMOACME"}},
		{"pending domain", "?domains=globex-pending.test", []string{"org_01DEMOGLOBEX"}},
		{"unknown domain", "?domains=nope.test", []string{}},
		{"search", "?search=glob", []string{"org_01DEMOGLOBEX"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(t, get(t, s.URL+"/organizations"+tt.query, auth...)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ids = %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("lower-case bearer", func(t *testing.T) {
		if got := ids(t, get(t, s.URL+"/organizations", "Authorization", "bearer "+s.APIKey)); len(got) != 2 {
			t.Errorf("ids = %v", got)
		}
	})
	if s.Calls("/organizations") != len(tests)+1 {
		t.Errorf("Calls = %d", s.Calls("/organizations"))
	}
}

func TestOrganizationShape(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	r := get(t, s.URL+"/organizations?domains=globex.test", "Authorization", "Bearer "+s.APIKey)
	m := r.json(t)
	if !reflect.DeepEqual(m["list_metadata"], map[string]any{"before": nil, "after": nil}) {
		t.Errorf("list_metadata = %v", m["list_metadata"])
	}
	org := m["data"].([]any)[0].(map[string]any)
	if org["object"] != "organization" || org["name"] != "Globex" {
		t.Errorf("org = %v", org)
	}
	doms := org["domains"].([]any)
	if len(doms) != 2 {
		t.Fatalf("domains = %v", doms)
	}
	d0, d1 := doms[0].(map[string]any), doms[1].(map[string]any)
	if d0["object"] != "organization_domain" || d0["organization_id"] != "org_01DEMOGLOBEX" ||
		d0["domain"] != "globex.test" || d0["state"] != "verified" || d0["verification_strategy"] == nil || d0["id"] == "" {
		t.Errorf("domain = %v", d0)
	}
	if d1["domain"] != "globex-pending.test" || d1["state"] != "pending" {
		t.Errorf("domain = %v", d1)
	}

	one := get(t, s.URL+"/organizations/org_01DEMOGLOBEX", "Authorization", "Bearer "+s.APIKey)
	if one.status != http.StatusOK || !reflect.DeepEqual(one.json(t), org) {
		t.Errorf("GET one = %d %s", one.status, one.body)
	}
	missing := get(t, s.URL+"/organizations/org_nope", "Authorization", "Bearer "+s.APIKey)
	if missing.status != http.StatusNotFound || missing.json(t)["message"] == nil {
		t.Errorf("GET missing = %d %s", missing.status, missing.body)
	}
}

func TestListPagination(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	auth := []string{"Authorization", "Bearer " + s.APIKey}
	page := func(t *testing.T, query string) ([]string, any, any) {
		t.Helper()
		r := get(t, s.URL+"/connections"+query, auth...)
		meta := r.json(t)["list_metadata"].(map[string]any)
		return ids(t, r), meta["before"], meta["after"]
	}
	got, before, after := page(t, "?limit=2")
	if !reflect.DeepEqual(got, []string{"conn_01DEMOACMEOKTA", "conn_01DEMOGLOBEXGOOGLE"}) || before != nil || after != "conn_01DEMOGLOBEXGOOGLE" {
		t.Fatalf("page 1 = %v %v %v", got, before, after)
	}
	got, before, after = page(t, "?limit=2&after=conn_01DEMOGLOBEXGOOGLE")
	if !reflect.DeepEqual(got, []string{"conn_01DEMOGOOGLEOAUTH", "conn_01DEMOMICROSOFTOAUTH"}) || before != "conn_01DEMOGOOGLEOAUTH" || after != "conn_01DEMOMICROSOFTOAUTH" {
		t.Fatalf("page 2 = %v %v %v", got, before, after)
	}
	got, _, after = page(t, "?limit=2&after=conn_01DEMOMICROSOFTOAUTH")
	if !reflect.DeepEqual(got, []string{"conn_01DEMOGITHUBOAUTH"}) || after != nil {
		t.Fatalf("page 3 = %v %v", got, after)
	}
	got, before, _ = page(t, "?limit=2&before=conn_01DEMOGOOGLEOAUTH")
	if !reflect.DeepEqual(got, []string{"conn_01DEMOACMEOKTA", "conn_01DEMOGLOBEXGOOGLE"}) || before != nil {
		t.Fatalf("before page = %v %v", got, before)
	}
	for _, bad := range []string{"?limit=0", "?limit=101", "?limit=x", "?order=sideways", "?before=a&after=b"} {
		t.Run(bad, func(t *testing.T) {
			if r := get(t, s.URL+"/organizations"+bad, auth...); r.status != http.StatusUnprocessableEntity || r.json(t)["message"] == nil {
				t.Errorf("%d %s", r.status, r.body)
			}
		})
	}
}

func TestConnectionsFilters(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{Seed: selectorSeed()})
	auth := []string{"Authorization", "Bearer " + s.APIKey}
	tests := []struct {
		name, query string
		want        []string
	}{
		{"organization_id", "?organization_id=org_01DEMOACME", []string{"conn_01DEMOACMEOKTA", "conn_acme_old"}},
		{"organization with two", "?organization_id=org_two", []string{"conn_two_a", "conn_two_b"}},
		{"unknown organization", "?organization_id=org_nope", []string{}},
		{"connection_type", "?connection_type=GoogleSAML", []string{"conn_01DEMOGLOBEXGOOGLE"}},
		{"domain", "?domain=acme.test", []string{"conn_01DEMOACMEOKTA", "conn_acme_old"}},
		{"organization and type", "?organization_id=org_01DEMOACME&connection_type=OktaSAML", []string{"conn_01DEMOACMEOKTA"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(t, get(t, s.URL+"/connections"+tt.query, auth...)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ids = %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("shape", func(t *testing.T) {
		data := get(t, s.URL+"/connections?organization_id=org_01DEMOACME", auth...).json(t)["data"].([]any)
		c := data[1].(map[string]any)
		if c["object"] != "connection" || c["organization_id"] != "org_01DEMOACME" || c["connection_type"] != "AzureSAML" ||
			c["state"] != "inactive" || c["name"] == "" {
			t.Errorf("connection = %v", c)
		}
		doms := c["domains"].([]any)
		if len(doms) != 1 || doms[0].(map[string]any)["domain"] != "acme.test" || doms[0].(map[string]any)["object"] != "connection_domain" {
			t.Errorf("domains = %v", doms)
		}
		one := get(t, s.URL+"/connections/conn_01DEMOGOOGLEOAUTH", auth...).json(t)
		if v, ok := one["organization_id"]; !ok || v != nil || one["connection_type"] != "GoogleOAuth" {
			t.Errorf("provider connection = %v", one)
		}
		if r := get(t, s.URL+"/connections/conn_nope", auth...); r.status != http.StatusNotFound {
			t.Errorf("missing = %d", r.status)
		}
	})
}
