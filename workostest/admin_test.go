package workostest

import (
	"net/http"
	"strings"
	"testing"
)

func TestAdminAPI(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{AdminAPI: true})
	if r := get(t, s.URL+"/_emulator/health"); r.status != 200 || r.json(t)["status"] != "ok" {
		t.Fatalf("health: %d %s", r.status, r.body)
	}
	if r := postJSON(t, s.URL+"/_emulator/faults", map[string]any{"endpoint": "/organizations", "status": 503}); r.status != http.StatusUnauthorized {
		t.Fatalf("without the API key: %d", r.status)
	}
	// A fault over HTTP, twice, then the normal answer.
	r := api(t, s, "POST", "/_emulator/faults", map[string]any{"endpoint": "/organizations", "status": 503, "retry_after": "2", "times": 2})
	if r.status != 200 {
		t.Fatalf("inject: %d %s", r.status, r.body)
	}
	for i := range 2 {
		if r := api(t, s, "GET", "/organizations", nil); r.status != 503 || r.header.Get("Retry-After") != "2" {
			t.Fatalf("faulted request %d: %d", i, r.status)
		}
	}
	if r := api(t, s, "GET", "/organizations", nil); r.status != 200 {
		t.Fatalf("after the fault: %d", r.status)
	}
	api(t, s, "POST", "/_emulator/faults", map[string]any{"endpoint": "/organizations", "status": 500})
	if r := api(t, s, "DELETE", "/_emulator/faults", nil); r.status != 200 {
		t.Fatalf("clear: %d", r.status)
	}
	if r := api(t, s, "GET", "/organizations", nil); r.status != 200 {
		t.Fatalf("after clearing: %d", r.status)
	}
	for name, body := range map[string]any{
		"not a path":      map[string]any{"endpoint": "organizations", "status": 500},
		"does nothing":    map[string]any{"endpoint": "/organizations"},
		"bad status":      map[string]any{"endpoint": "/organizations", "status": 99},
		"negative delay":  map[string]any{"endpoint": "/organizations", "delay_ms": -1},
		"unknown field":   map[string]any{"endpoint": "/organizations", "status": 500, "stauts": 1},
		"not an object":   []int{1},
		"status a string": map[string]any{"endpoint": "/organizations", "status": "500"},
	} {
		if r := api(t, s, "POST", "/_emulator/faults", body); r.status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d %s", name, r.status, r.body)
		}
	}
	// Faults never apply to the admin endpoints themselves.
	api(t, s, "POST", "/_emulator/faults", map[string]any{"endpoint": "/_emulator/faults", "status": 500})
	if r := api(t, s, "DELETE", "/_emulator/faults", nil); r.status != 200 {
		t.Fatalf("a fault locked the admin API: %d", r.status)
	}
	// The Go helpers over HTTP.
	rc := &receiver{}
	rc.listen(t, s, "whsec_a")
	r = api(t, s, "POST", "/_emulator/directory_users/delete", map[string]string{"user": "bob@acme.test"})
	if r.status != 200 || r.json(t)["event"] != "dsync.user.deleted" || len(rc.delivered(t, "whsec_a")) != 1 {
		t.Fatalf("delete directory user: %d %s", r.status, r.body)
	}
	if r := api(t, s, "POST", "/_emulator/users/delete", map[string]string{"user": "carol@globex.test"}); r.status != 200 || r.json(t)["event"] != "user.deleted" {
		t.Fatalf("delete user: %d %s", r.status, r.body)
	}
	if r := api(t, s, "POST", "/_emulator/roles", map[string]any{"slug": "member", "permissions": []string{"a:b"}}); r.status != 200 || r.json(t)["event"] != "role.updated" {
		t.Fatalf("role: %d %s", r.status, r.body)
	}
	for path, body := range map[string]any{
		"/_emulator/users/delete":           map[string]string{"user": "nobody@acme.test"},
		"/_emulator/directory_users/delete": map[string]string{"user": "bob@acme.test"}, // already gone
	} {
		if r := api(t, s, "POST", path, body); r.status != 404 || !strings.Contains(r.body, "message") {
			t.Errorf("%s: %d %s", path, r.status, r.body)
		}
	}
	for method, path := range map[string]string{"GET": "/_emulator/faults", "POST": "/_emulator/nope", "PUT": "/_emulator/roles"} {
		if r := api(t, s, method, path, map[string]string{}); r.status != 404 {
			t.Errorf("%s %s: %d", method, path, r.status)
		}
	}
	if r := api(t, s, "POST", "/_emulator/roles", map[string]any{"permissions": []string{}}); r.status != 422 {
		t.Errorf("a role without slug: %d", r.status)
	}
}

func TestAdminAPIIsOffByDefault(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	if r := get(t, s.URL+"/_emulator/health"); r.status != 200 {
		t.Fatalf("health: %d", r.status)
	}
	if r := api(t, s, "POST", "/_emulator/faults", map[string]any{"endpoint": "/organizations", "status": 503}); r.status != 404 {
		t.Fatalf("faults without AdminAPI: %d", r.status)
	}
}
