package workostest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// The signature WorkOS documents, computed by hand:
// printf '%s' '1626125972272.{"a":1}' | openssl dgst -sha256 -hmac secret
func TestSignWebhookMatchesWorkOS(t *testing.T) {
	got := SignWebhook("secret", []byte(`{"a":1}`), time.UnixMilli(1626125972272))
	want := "t=1626125972272, v1=5dec5fc106da728df6f646eaf0c2716e31ba5ed6512315ab5acc78d5b0b3768e"
	if got != want {
		t.Fatalf("SignWebhook = %q, want %q", got, want)
	}
}

// receiver records webhook deliveries.
type receiver struct {
	mu     sync.Mutex
	bodies [][]byte
	sigs   []string
	status int
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.bodies = append(rc.bodies, b)
	rc.sigs = append(rc.sigs, r.Header.Get("WorkOS-Signature"))
	if rc.status != 0 {
		w.WriteHeader(rc.status)
	}
}

func TestDirectoryEventsAreDeliveredSigned(t *testing.T) {
	s := newTestServer(t, Options{})
	rc := &receiver{}
	hook := httptest.NewServer(rc)
	defer hook.Close()
	s.AddWebhookEndpoint(hook.URL+"/auth/webhooks", "whsec_1")

	e, err := s.DeleteDirectoryUser("alice@acme.test")
	if err != nil {
		t.Fatal(err)
	}
	if e.Type != "dsync.user.deleted" || !strings.HasPrefix(e.ID, "event_01") {
		t.Fatalf("event %+v", e)
	}
	if len(rc.bodies) != 1 {
		t.Fatalf("%d deliveries, want 1", len(rc.bodies))
	}
	body, sig := rc.bodies[0], rc.sigs[0]
	ts := strings.TrimPrefix(strings.Split(sig, ",")[0], "t=")
	if want := SignWebhook("whsec_1", body, time.UnixMilli(mustInt(t, ts))); sig != want {
		t.Fatalf("signature %q does not sign the body (want %q)", sig, want)
	}
	var raw map[string]any
	json.Unmarshal(body, &raw)
	data := raw["data"].(map[string]any)
	if raw["object"] != "event" || raw["id"] != e.ID || raw["event"] != "dsync.user.deleted" || raw["created_at"] == "" {
		t.Fatalf("envelope %v", raw)
	}
	if data["organization_id"] != "org_01DEMOACME" || data["idp_id"] != "00u1demoalice" || data["state"] != "inactive" || data["id"] != "directory_user_01DEMOALICE" {
		t.Fatalf("data %v", data)
	}
	// She is gone: deleting again fails.
	if _, err := s.DeleteDirectoryUser("directory_user_01DEMOALICE"); err == nil {
		t.Fatal("deleting a deleted user succeeded")
	}
	// A failing endpoint is reported; the event is recorded anyway.
	rc.status = 500
	if _, err := s.SetDirectoryUserState("bob@acme.test", "suspended"); err == nil || !strings.Contains(err.Error(), "500") {
		t.Fatalf("a 500 from the endpoint: %v", err)
	}
	if n := len(s.Events()); n != 2 {
		t.Fatalf("%d events recorded, want 2", n)
	}
}

func TestRemoveDirectoryUserFromGroup(t *testing.T) {
	s := newTestServer(t, Options{})
	e, err := s.RemoveDirectoryUserFromGroup("alice@acme.test", "Engineering")
	if err != nil {
		t.Fatal(err)
	}
	var data struct {
		User struct {
			IdpID string `json:"idp_id"`
		}
		Group struct{ Name string }
	}
	json.Unmarshal(e.Data, &data)
	if e.Type != "dsync.group.user_removed" || data.User.IdpID != "00u1demoalice" || data.Group.Name != "Engineering" {
		t.Fatalf("event %s %s", e.Type, e.Data)
	}
	if _, err := s.RemoveDirectoryUserFromGroup("alice@acme.test", "Engineering"); err == nil {
		t.Fatal("removed twice")
	}
	if _, err := s.SetDirectoryUserState("alice@acme.test", "gone"); err == nil {
		t.Fatal("unknown state accepted")
	}
}

func TestListEvents(t *testing.T) {
	s := newTestServer(t, Options{})
	s.DeleteDirectoryUser("alice@acme.test")
	s.RecordEvent("user.created", map[string]any{"id": "user_01"})
	s.SetDirectoryUserState("bob@acme.test", "suspended")
	s.DeleteDirectoryUser("carol@globex.test")

	list := func(q url.Values) (int, []Event, *string) {
		t.Helper()
		req, _ := http.NewRequest("GET", s.URL+"/events?"+q.Encode(), nil)
		req.Header.Set("Authorization", "Bearer "+s.APIKey)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out struct {
			Data []struct {
				ID, Event string
			}
			ListMetadata struct{ After *string } `json:"list_metadata"`
		}
		json.NewDecoder(res.Body).Decode(&out)
		var evs []Event
		for _, d := range out.Data {
			evs = append(evs, Event{ID: d.ID, Type: d.Event})
		}
		return res.StatusCode, evs, out.ListMetadata.After
	}
	dsync := url.Values{"events[]": {"dsync.user.deleted", "dsync.user.updated"}}
	st, evs, after := list(dsync)
	if st != 200 || len(evs) != 3 || evs[0].Type != "dsync.user.deleted" || evs[1].Type != "dsync.user.updated" {
		t.Fatalf("GET /events: %d %v", st, evs)
	}
	q := url.Values{"events[]": dsync["events[]"], "limit": {"1"}}
	_, page1, c1 := list(q)
	q.Set("after", *c1)
	_, page2, c2 := list(q)
	q.Set("after", *c2)
	_, page3, c3 := list(q)
	q.Set("after", *c3)
	_, page4, c4 := list(q)
	if len(page1) != 1 || len(page2) != 1 || len(page3) != 1 || page1[0].ID == page2[0].ID || page3[0].ID != evs[2].ID || len(page4) != 0 || c4 != nil || *after != evs[2].ID {
		t.Fatalf("pages %v %v %v %v", page1, page2, page3, page4)
	}
	if _, evs, _ := list(url.Values{"events[]": {"dsync.user.deleted"}, "organization_id": {"org_01DEMOGLOBEX"}}); len(evs) != 1 {
		t.Fatalf("organization filter: %v", evs)
	}
	if _, evs, _ := list(url.Values{"events[]": {"dsync.user.deleted"}, "range_start": {time.Now().Add(time.Hour).Format(time.RFC3339)}}); len(evs) != 0 {
		t.Fatalf("range_start in the future: %v", evs)
	}
	if st, _, _ := list(url.Values{}); st != 422 {
		t.Fatalf("without events[]: %d, want 422", st)
	}
	req, _ := http.NewRequest("GET", s.URL+"/events?events[]=x", nil)
	res, _ := http.DefaultClient.Do(req)
	if res.StatusCode != 401 {
		t.Fatalf("without the API key: %d", res.StatusCode)
	}
	res.Body.Close()
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("not a number: %q", s)
		}
		n = n*10 + int64(c-'0')
	}
	return n
}

// listen starts rc as a webhook endpoint of s, signed with secret.
func (rc *receiver) listen(t *testing.T, s *Server, secret string) {
	t.Helper()
	hook := httptest.NewServer(rc)
	t.Cleanup(hook.Close)
	s.AddWebhookEndpoint(hook.URL+"/auth/webhooks", secret)
}

// delivered returns the delivered events, oldest first, each checked
// against its signature under secret.
func (rc *receiver) delivered(t *testing.T, secret string) []map[string]any {
	t.Helper()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var out []map[string]any
	for i, body := range rc.bodies {
		ts := strings.TrimPrefix(strings.Split(rc.sigs[i], ",")[0], "t=")
		if want := SignWebhook(secret, body, time.UnixMilli(mustInt(t, ts))); rc.sigs[i] != want {
			t.Fatalf("delivery %d: signature %q does not sign the body", i, rc.sigs[i])
		}
		var e map[string]any
		if err := json.Unmarshal(body, &e); err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

// waitFor waits (10 s at most) until an event of type typ has been
// delivered, and returns its data.
func (rc *receiver) waitFor(t *testing.T, secret, typ string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		for _, e := range rc.delivered(t, secret) {
			if e["event"] == typ {
				return e["data"].(map[string]any)
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s delivered in 10 s", typ)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A long-running emulator keeps the newest maxEvents events.
func TestEventsAreBounded(t *testing.T) {
	s := newTestServer(t, Options{})
	s.mu.Lock()
	first, _ := s.appendEvent("user.created", map[string]any{"i": 0})
	for i := 1; i <= maxEvents; i++ {
		s.appendEvent("user.created", map[string]any{"i": i})
	}
	s.mu.Unlock()
	evs := s.Events()
	if len(evs) != maxEvents || evs[0].ID == first.ID || !strings.Contains(string(evs[len(evs)-1].Data), fmt.Sprint(maxEvents)) {
		t.Fatalf("%d events, first %s", len(evs), evs[0].ID)
	}
}
