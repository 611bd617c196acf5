package workosapi

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"testing"
)

func TestConnectionsByOrganization(t *testing.T) {
	srv, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.Path != "/connections" {
			t.Errorf("request %s %s", r.Method, r.URL.Path)
		}
		if got := r.Header.Get("Authorization"); got != "Bearer "+testAPIKey {
			t.Errorf("Authorization %q", got)
		}
		want := url.Values{"organization_id": {"org_01A"}, "limit": {"100"}}
		if got := r.URL.Query(); !reflect.DeepEqual(got, want) {
			t.Errorf("query %v, want %v", got, want)
		}
		_, _ = io.WriteString(w, `{"object":"list","data":[
			{"object":"connection","id":"conn_1","organization_id":"org_01A","connection_type":"OktaSAML","name":"Okta","state":"active","domains":[{"id":"d","object":"connection_domain","domain":"example.com"}]},
			{"object":"connection","id":"conn_2","organization_id":null,"connection_type":"GenericOIDC","name":"Old","state":"inactive"}
		],"list_metadata":{"before":null,"after":null}}`)
	})
	conns, err := newTestClient(t, srv.URL, nil).ConnectionsByOrganization(context.Background(), "org_01A")
	if err != nil {
		t.Fatal(err)
	}
	want := []Connection{
		{ID: "conn_1", OrganizationID: "org_01A", ConnectionType: "OktaSAML", Name: "Okta", State: ConnectionStateActive},
		{ID: "conn_2", ConnectionType: "GenericOIDC", Name: "Old", State: "inactive"},
	}
	if !reflect.DeepEqual(conns, want) {
		t.Errorf("conns:\n got  %+v\n want %+v", conns, want)
	}
}

func TestConnectionsByOrganizationErrors(t *testing.T) {
	tests := []struct {
		name      string
		status    int
		body      string
		wantIs    error
		wantCalls int32
	}{
		{"404 message", 404, `{"message":"Organization not found"}`, nil, 1},
		{"503 retried", 503, `{"message":"down"}`, nil, 3},
		{"no id", 200, `{"data":[{"name":"x"}]}`, ErrBadResponse, 1},
		{"wrong type", 200, `{"data":[{"id":"conn_1","state":true}]}`, ErrBadResponse, 1},
		{"not json", 200, `ok`, ErrBadResponse, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, calls := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, tt.body)
			})
			_, err := newTestClient(t, srv.URL, nil).ConnectionsByOrganization(context.Background(), "org_1")
			if tt.wantIs != nil {
				if !errors.Is(err, tt.wantIs) {
					t.Fatalf("error %v, want %v", err, tt.wantIs)
				}
			} else if apiErr := asAPIError(t, err); apiErr.StatusCode != tt.status || apiErr.Op != "connections" {
				t.Errorf("APIError %#v", apiErr)
			}
			if calls.Load() != tt.wantCalls {
				t.Errorf("%d calls, want %d", calls.Load(), tt.wantCalls)
			}
		})
	}
	c := newTestClient(t, "https://api.workos.com", nil)
	if _, err := c.ConnectionsByOrganization(context.Background(), ""); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("empty org ID: %v", err)
	}
}
