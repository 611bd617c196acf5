package workosapi

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"sync"
	"testing"
	"time"
)

const testOrgsBody = `{"object":"list","data":[
 {"object":"organization","id":"org_01A","name":"Acme","domains":[
   {"object":"organization_domain","id":"org_domain_1","organization_id":"org_01A","domain":"example.com","state":"verified","verification_strategy":"dns"},
   {"object":"organization_domain","id":"org_domain_2","organization_id":"org_01A","domain":"acme.test","state":"pending","verification_strategy":"manual"}],
  "metadata":{},"external_id":null,"created_at":"2026-01-01T00:00:00.000Z","updated_at":"2026-01-01T00:00:00.000Z"},
 {"object":"organization","id":"org_01B","name":"Squatter","domains":[
   {"object":"organization_domain","id":"org_domain_3","organization_id":"org_01B","domain":"example.com","state":"unverified"}]}
],"list_metadata":{"before":null,"after":null}}`

var testOrgs = []Organization{
	{ID: "org_01A", Name: "Acme", Domains: []OrganizationDomain{
		{ID: "org_domain_1", Domain: "example.com", State: DomainStateVerified},
		{ID: "org_domain_2", Domain: "acme.test", State: DomainStatePending},
	}},
	{ID: "org_01B", Name: "Squatter", Domains: []OrganizationDomain{
		{ID: "org_domain_3", Domain: "example.com", State: DomainStateUnverified},
	}},
}

func TestOrganizationsByDomain(t *testing.T) {
	srv, calls := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.Path != "/organizations" {
			t.Errorf("request %s %s", r.Method, r.URL.Path)
		}
		if got := r.Header.Get("Authorization"); got != "Bearer "+testAPIKey {
			t.Errorf("Authorization %q", got)
		}
		want := url.Values{"domains": {"example.com"}, "limit": {"100"}}
		if got := r.URL.Query(); !reflect.DeepEqual(got, want) {
			t.Errorf("query %v, want %v", got, want)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, testOrgsBody)
	})
	c := newTestClient(t, srv.URL+"/", nil)
	orgs, err := c.OrganizationsByDomain(context.Background(), "example.com")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(orgs, testOrgs) {
		t.Errorf("orgs:\n got  %+v\n want %+v", orgs, testOrgs)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d calls", n)
	}
}

func TestOrganizationsByDomainEmptyList(t *testing.T) {
	srv, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"object":"list","data":[],"list_metadata":{"before":null,"after":null}}`)
	})
	orgs, err := newTestClient(t, srv.URL, nil).OrganizationsByDomain(context.Background(), "nobody.test")
	if err != nil || len(orgs) != 0 {
		t.Fatalf("orgs %v, err %v", orgs, err)
	}
}

func TestOrganizationsByDomainPagination(t *testing.T) {
	srv, calls := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("after") {
		case "":
			_, _ = io.WriteString(w, `{"data":[{"id":"org_1"}],"list_metadata":{"after":"org_1"}}`)
		case "org_1":
			if r.URL.Query().Get("domains") != "example.com" || r.URL.Query().Get("limit") != "100" {
				t.Errorf("second page query %v", r.URL.Query())
			}
			_, _ = io.WriteString(w, `{"data":[{"id":"org_2"}],"list_metadata":{"after":null}}`)
		default:
			t.Errorf("unexpected cursor %q", r.URL.Query().Get("after"))
		}
	})
	orgs, err := newTestClient(t, srv.URL, nil).OrganizationsByDomain(context.Background(), "example.com")
	if err != nil {
		t.Fatal(err)
	}
	if len(orgs) != 2 || orgs[0].ID != "org_1" || orgs[1].ID != "org_2" || calls.Load() != 2 {
		t.Errorf("orgs %+v after %d calls", orgs, calls.Load())
	}
}

func TestOrganizationsByDomainPaginationLoops(t *testing.T) {
	srv, calls := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"data":[{"id":"org_1"}],"list_metadata":{"after":"same"}}`)
	})
	_, err := newTestClient(t, srv.URL, nil).OrganizationsByDomain(context.Background(), "example.com")
	if !errors.Is(err, ErrBadResponse) || calls.Load() != 2 {
		t.Fatalf("error %v after %d calls, want ErrBadResponse after 2", err, calls.Load())
	}

	var n int
	var mu sync.Mutex
	srv2, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		cursor := "c" + string(rune('a'+n))
		mu.Unlock()
		_, _ = io.WriteString(w, `{"data":[{"id":"org_1"}],"list_metadata":{"after":"`+cursor+`"}}`)
	})
	_, err = newTestClient(t, srv2.URL, nil).OrganizationsByDomain(context.Background(), "example.com")
	if !errors.Is(err, ErrBadResponse) || n != maxListPages {
		t.Fatalf("error %v after %d pages, want ErrBadResponse after %d", err, n, maxListPages)
	}
}

func TestOrganizationsByDomainInvalid(t *testing.T) {
	srv, calls := countingServer(t, func(w http.ResponseWriter, r *http.Request) {})
	c := newTestClient(t, srv.URL, nil)
	for _, d := range []string{"", "a.com,b.com", "a.com b.com", "a.com\n"} {
		if _, err := c.OrganizationsByDomain(context.Background(), d); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("domain %q: error %v", d, err)
		}
	}
	if calls.Load() != 0 {
		t.Error("request sent for an invalid domain")
	}
}

func TestOrganizationsByDomainBadBodies(t *testing.T) {
	bodies := map[string]string{
		"not json":              `<html>`,
		"null":                  `null`,
		"no data":               `{"object":"list"}`,
		"data null":             `{"data":null}`,
		"data object":           `{"data":{}}`,
		"org null":              `{"data":[null]}`,
		"org without id":        `{"data":[{"name":"x"}]}`,
		"id number":             `{"data":[{"id":1}]}`,
		"domains object":        `{"data":[{"id":"org_1","domains":{}}]}`,
		"domain without domain": `{"data":[{"id":"org_1","domains":[{"id":"d","state":"verified"}]}]}`,
		"state number":          `{"data":[{"id":"org_1","domains":[{"domain":"a.com","state":1}]}]}`,
		"after number":          `{"data":[],"list_metadata":{"after":5}}`,
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			srv, calls := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.WriteString(w, body)
			})
			_, err := newTestClient(t, srv.URL, nil).OrganizationsByDomain(context.Background(), "example.com")
			if !errors.Is(err, ErrBadResponse) {
				t.Fatalf("error %v, want ErrBadResponse", err)
			}
			if calls.Load() != 1 {
				t.Errorf("bad 200 retried: %d calls", calls.Load())
			}
			assertNoSecrets(t, err)
		})
	}
}

// statusSequence answers with the given statuses in turn (then the last one
// forever); status 200 answers testOrgsBody.
func statusSequence(t *testing.T, header map[string]string, statuses ...int) (*Client, *countingState) {
	t.Helper()
	st := &countingState{}
	srv, calls := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		st.mu.Lock()
		st.times = append(st.times, time.Now())
		i := len(st.times) - 1
		st.mu.Unlock()
		status := statuses[min(i, len(statuses)-1)]
		if status == http.StatusOK {
			_, _ = io.WriteString(w, testOrgsBody)
			return
		}
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, `{"message":"try later"}`)
	})
	st.calls = calls
	return newTestClient(t, srv.URL, nil), st
}

// countingState records request times.
type countingState struct {
	mu    sync.Mutex
	times []time.Time
	calls interface{ Load() int32 }
}

func (s *countingState) gap(i int) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.times[i+1].Sub(s.times[i])
}

// TestOrganizations429NotRetried: a 429 is answered at once, without a
// retry (each would spend more of the quota WorkOS says is spent), with
// its Retry-After kept for the caller. (Before, it was retried.)
func TestOrganizations429NotRetried(t *testing.T) {
	c, st := statusSequence(t, map[string]string{"Retry-After": "1"}, 429, 200)
	start := time.Now()
	_, err := c.OrganizationsByDomain(context.Background(), "example.com")
	apiErr := asAPIError(t, err)
	if apiErr.StatusCode != 429 || apiErr.RetryAfter != time.Second {
		t.Errorf("APIError %#v", apiErr)
	}
	if st.calls.Load() != 1 {
		t.Fatalf("%d calls, want 1: a 429 must not be retried", st.calls.Load())
	}
	if time.Since(start) > 2*time.Second { // waiting out Retry-After would be 1 s more
		t.Errorf("call took %v", time.Since(start))
	}
}

func TestOrganizationsRetryAfterHTTPDate(t *testing.T) {
	// A date in the past means "now": retry after the (tiny) backoff.
	c, st := statusSequence(t, map[string]string{"Retry-After": "Mon, 02 Jan 2006 15:04:05 GMT"}, 503, 200)
	if _, err := c.OrganizationsByDomain(context.Background(), "example.com"); err != nil {
		t.Fatal(err)
	}
	if st.calls.Load() != 2 || st.gap(0) > 500*time.Millisecond {
		t.Errorf("%d calls, gap %v", st.calls.Load(), st.gap(0))
	}
}

func TestOrganizationsRetry503ThenSuccess(t *testing.T) {
	c, st := statusSequence(t, nil, 503, 200)
	orgs, err := c.OrganizationsByDomain(context.Background(), "example.com")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(orgs, testOrgs) || st.calls.Load() != 2 {
		t.Errorf("orgs %+v after %d calls", orgs, st.calls.Load())
	}
}

func TestOrganizationsRetriesExhausted(t *testing.T) {
	tests := []struct {
		name       string
		maxRetries int
		statuses   []int
		wantCalls  int32
		wantStatus int
	}{
		{"503 default retries", 0, []int{503}, 3, 503},
		{"500 then 502 then 504", 0, []int{500, 502, 504}, 3, 504},
		{"429 not retried", 1, []int{429}, 1, 429},
		{"503 one retry", 1, []int{503}, 2, 503},
		{"retries disabled", -1, []int{503}, 1, 503},
		{"401 not retried", 0, []int{401}, 1, 401},
		{"400 not retried", 0, []int{400}, 1, 400},
		{"404 not retried", 0, []int{404}, 1, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := &countingState{}
			srv, calls := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
				st.mu.Lock()
				st.times = append(st.times, time.Now())
				i := len(st.times) - 1
				st.mu.Unlock()
				w.Header().Set("X-Request-ID", "req_1")
				w.WriteHeader(tt.statuses[min(i, len(tt.statuses)-1)])
				_, _ = io.WriteString(w, `{"message":"nope"}`)
			})
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = tt.maxRetries })
			_, err := c.OrganizationsByDomain(context.Background(), "example.com")
			apiErr := asAPIError(t, err)
			if apiErr.StatusCode != tt.wantStatus || apiErr.Op != "organizations" || apiErr.Description != "nope" || apiErr.RequestID != "req_1" {
				t.Errorf("APIError %#v", apiErr)
			}
			if n := calls.Load(); n != tt.wantCalls {
				t.Errorf("%d calls, want %d", n, tt.wantCalls)
			}
			assertNoSecrets(t, err)
		})
	}
}

func TestOrganizationsRetryAfterBeyondDeadline(t *testing.T) {
	srv, calls := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "5")
		w.WriteHeader(429)
	})
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Timeout = time.Second })
	start := time.Now()
	_, err := c.OrganizationsByDomain(context.Background(), "example.com")
	elapsed := time.Since(start)
	apiErr := asAPIError(t, err)
	if apiErr.StatusCode != 429 || apiErr.RetryAfter != 5*time.Second {
		t.Errorf("APIError %#v", apiErr)
	}
	if calls.Load() != 1 {
		t.Errorf("%d calls, want 1", calls.Load())
	}
	// Honouring the 5 s Retry-After would take seconds; the bound is loose
	// so that a loaded machine does not fail it.
	if elapsed > 2*time.Second {
		t.Errorf("gave up after %v, want at once (no wait for Retry-After)", elapsed)
	}
}

func TestOrganizationsBackoffStopsAtDeadline(t *testing.T) {
	srv, calls := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(503)
	})
	c := newTestClient(t, srv.URL, func(cfg *Config) {
		cfg.Timeout = 250 * time.Millisecond
		cfg.MaxRetries = 10
	})
	c.backoffBase = 100 * time.Millisecond // waits ~100ms, ~200ms, ...
	start := time.Now()
	_, err := c.OrganizationsByDomain(context.Background(), "example.com")
	elapsed := time.Since(start)
	if apiErr := asAPIError(t, err); apiErr.StatusCode != 503 {
		t.Errorf("status %d", apiErr.StatusCode)
	}
	// The whole backoff chain (100 ms, 200 ms, 400 ms, ...) would take
	// seconds; the call count says it stopped at the deadline, and the
	// bound on time is loose so that a loaded machine does not fail it.
	if elapsed >= 2*time.Second {
		t.Errorf("slept past the deadline: %v", elapsed)
	}
	if n := calls.Load(); n < 2 || n > 3 {
		t.Errorf("%d calls", n)
	}
}

func TestOrganizationsTimeout(t *testing.T) {
	srv, calls := countingServer(t, blockUntilGone)
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Timeout = 100 * time.Millisecond })
	start := time.Now()
	_, err := c.OrganizationsByDomain(context.Background(), "example.com")
	if !errors.Is(err, ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want ErrTimeout", err)
	}
	if time.Since(start) > time.Second {
		t.Errorf("returned after %v", time.Since(start))
	}
	if calls.Load() != 1 {
		t.Errorf("%d calls", calls.Load())
	}
}

func TestOrganizationsConnectionRefused(t *testing.T) {
	c := newTestClient(t, refusedURL(t), nil)
	_, err := c.OrganizationsByDomain(context.Background(), "example.com")
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("error %v, want ErrUnavailable", err)
	}
	assertNoSecrets(t, err)
}

func TestOrganizationsRetryAfterReset(t *testing.T) {
	st := &countingState{}
	srv, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		st.mu.Lock()
		st.times = append(st.times, time.Now())
		first := len(st.times) == 1
		st.mu.Unlock()
		if first {
			conn, _, _ := w.(http.Hijacker).Hijack()
			_ = conn.Close()
			return
		}
		_, _ = io.WriteString(w, testOrgsBody)
	})
	orgs, err := newTestClient(t, srv.URL, nil).OrganizationsByDomain(context.Background(), "example.com")
	if err != nil || len(orgs) != 2 {
		t.Fatalf("orgs %v, err %v: a reset GET must be retried", orgs, err)
	}
}

func TestOrganizationsCanceledDuringBackoff(t *testing.T) {
	srv, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(503)
	})
	c := newTestClient(t, srv.URL, nil)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.OrganizationsByDomain(ctx, "example.com")
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Errorf("cancellation not honoured during backoff")
	}
}

func TestOrganizationsConcurrent(t *testing.T) {
	srv, calls := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, testOrgsBody)
	})
	c := newTestClient(t, srv.URL, nil)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			if _, err := c.OrganizationsByDomain(context.Background(), "example.com"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if calls.Load() != 16 {
		t.Errorf("%d calls", calls.Load())
	}
}
