package workosapi

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestListUserSessions(t *testing.T) {
	var queries []string
	srv, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		queries = append(queries, r.URL.Path+"?"+r.URL.RawQuery)
		if r.Header.Get("Authorization") != "Bearer "+testAPIKey {
			w.WriteHeader(401)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Query().Get("after") {
		case "":
			w.Write([]byte(`{"object":"list","data":[{"object":"session","id":"session_2","user_id":"user_1","organization_id":"org_1","status":"active","auth_method":"sso",
				"ip_address":"198.51.100.7","user_agent":null,"impersonator":{"email":"admin@workos.test","reason":null},"expires_at":"2026-02-01T03:04:05.000Z","ended_at":null,
				"created_at":"2026-01-02T03:04:05.000Z","updated_at":"2026-01-02T03:04:05.000Z"}],"list_metadata":{"before":null,"after":"session_2"}}`))
		default:
			w.Write([]byte(`{"object":"list","data":[{"id":"session_1","user_id":"user_1","status":"active"}],"list_metadata":{"before":"session_1","after":null}}`))
		}
	})
	c := newTestClient(t, srv.URL, nil)
	got, err := c.ListUserSessions(t.Context(), "user_1")
	if err != nil || len(got) != 2 {
		t.Fatalf("ListUserSessions: %+v, %v", got, err)
	}
	s := got[0]
	if s.ID != "session_2" || s.OrganizationID != "org_1" || s.AuthMethod != "sso" || s.IPAddress != "198.51.100.7" || s.UserAgent != "" ||
		s.Impersonator == nil || s.Impersonator.Email != "admin@workos.test" || !s.EndedAt.IsZero() ||
		!s.ExpiresAt.Equal(time.Date(2026, 2, 1, 3, 4, 5, 0, time.UTC)) || got[1].ID != "session_1" {
		t.Fatalf("sessions %+v", got)
	}
	if queries[0] != "/user_management/users/user_1/sessions?limit=100" || !strings.Contains(queries[1], "after=session_2") {
		t.Fatalf("queries %v", queries)
	}
	for _, bad := range []string{"", "user_1/../x", "a?b"} {
		if _, err := c.ListUserSessions(t.Context(), bad); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("user ID %q: %v", bad, err)
		}
	}
}

func TestListUserSessionsRefusesBadAnswers(t *testing.T) {
	for name, body := range map[string]string{
		"no id":        `{"data":[{"user_id":"u"}],"list_metadata":{"after":null}}`,
		"bad time":     `{"data":[{"id":"s","created_at":"yesterday"}],"list_metadata":{"after":null}}`,
		"no data":      `{"object":"list"}`,
		"wrong type":   `{"data":[{"id":5}]}`,
		"not JSON":     `<html>`,
		"repeated cur": `{"data":[{"id":"s"}],"list_metadata":{"after":"s"}}`,
	} {
		t.Run(name, func(t *testing.T) {
			srv, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(body)) })
			if _, err := newTestClient(t, srv.URL, nil).ListUserSessions(t.Context(), "user_1"); !errors.Is(err, ErrBadResponse) {
				t.Fatalf("%v, want ErrBadResponse", err)
			}
		})
	}
	srv, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(404)
		w.Write([]byte(`{"code":"entity_not_found","message":"User not found."}`))
	})
	err := func() error {
		_, err := newTestClient(t, srv.URL, nil).ListUserSessions(t.Context(), "user_1")
		return err
	}()
	if apiErr := asAPIError(t, err); apiErr.StatusCode != 404 || apiErr.Code != "entity_not_found" {
		t.Fatalf("404: %+v", apiErr)
	}
}

func TestRevokeSession(t *testing.T) {
	var bodies []string
	var fail atomic.Int32
	fail.Store(1)
	srv, calls := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, r.Method+" "+r.URL.Path+" "+r.Header.Get("Content-Type")+" "+r.Header.Get("Authorization")+" "+string(b))
		if fail.Add(-1) >= 0 { // the first attempt fails: revoking is retried
			w.WriteHeader(503)
			return
		}
		if strings.Contains(string(b), "session_gone") {
			w.WriteHeader(404)
			w.Write([]byte(`{"code":"entity_not_found","message":"Session not found."}`))
			return
		}
		w.Write([]byte(`{"object":"session","id":"session_1","status":"revoked"}`))
	})
	c := newTestClient(t, srv.URL, nil)
	if err := c.RevokeSession(t.Context(), "session_1"); err != nil {
		t.Fatal(err)
	}
	want := "POST /user_management/sessions/revoke application/json Bearer " + testAPIKey + ` {"session_id":"session_1"}`
	if calls.Load() != 2 || bodies[1] != want {
		t.Fatalf("%d calls, last %q", calls.Load(), bodies[len(bodies)-1])
	}
	if apiErr := asAPIError(t, c.RevokeSession(t.Context(), "session_gone")); apiErr.StatusCode != 404 {
		t.Fatalf("unknown session: %+v", apiErr)
	}
	if err := c.RevokeSession(t.Context(), ""); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("empty ID: %v", err)
	}
	// A 429 is not retried.
	srv429, calls429 := countingServer(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(429) })
	if err := newTestClient(t, srv429.URL, nil).RevokeSession(t.Context(), "session_1"); asAPIError(t, err).StatusCode != 429 || calls429.Load() != 1 {
		t.Fatalf("429: %v after %d calls", err, calls429.Load())
	}
}
