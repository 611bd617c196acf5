package workosapi

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestListEvents(t *testing.T) {
	var got []string
	c := newEventsClient(t, func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.URL.RawQuery)
		if r.Header.Get("Authorization") != "Bearer "+testAPIKey {
			w.WriteHeader(401)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Query().Get("after") {
		case "":
			w.Write([]byte(`{"object":"list","data":[{"id":"event_1","event":"x","data":{}},{"id":"event_2","event":"x","data":{}}],"list_metadata":{"after":null}}`))
		case "event_2":
			w.Write([]byte(`{"object":"list","data":[],"list_metadata":{"after":null}}`))
		default:
			w.Write([]byte(`{"object":"list","data":[5],"list_metadata":{}}`))
		}
	})
	since := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	p, err := c.ListEvents(t.Context(), EventsQuery{Events: []string{"dsync.user.deleted", "x"}, RangeStart: since})
	if err != nil || len(p.Events) != 2 || p.After != "event_2" {
		t.Fatalf("page %+v, %v", p, err)
	}
	if q := got[0]; !strings.Contains(q, "events%5B%5D=dsync.user.deleted&events%5B%5D=x") || !strings.Contains(q, "limit=100") || !strings.Contains(q, "range_start=2026-01-02T03%3A04%3A05Z") || !strings.Contains(q, "order=asc") {
		t.Fatalf("query %s", q)
	}
	p, err = c.ListEvents(t.Context(), EventsQuery{Events: []string{"x"}, After: "event_2", RangeStart: since})
	if err != nil || len(p.Events) != 0 || p.After != "" || strings.Contains(got[1], "range_start") {
		t.Fatalf("empty page %+v, %v (query %s)", p, err, got[1])
	}
	if _, err := c.ListEvents(t.Context(), EventsQuery{Events: []string{"x"}, After: "event_bad"}); !errors.Is(err, ErrBadResponse) {
		t.Fatalf("a non-object event: %v", err)
	}
	if _, err := c.ListEvents(t.Context(), EventsQuery{}); err == nil {
		t.Fatal("no event types accepted")
	}
}

func newEventsClient(t *testing.T, h http.HandlerFunc) *Client {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return newTestClient(t, srv.URL, nil)
}
