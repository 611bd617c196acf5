package workostest

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestFaultAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, endpoint string
		fault          Fault
		wantStatus     int
		wantBody       string
		wantCT         string
		wantRetry      string
	}{
		{"500 default body", "/organizations", Fault{Status: 500}, 500, `{"message":"Internal Server Error"}`, "application/json; charset=utf-8", ""},
		{"429 with Retry-After", "/organizations", Fault{Status: 429, RetryAfter: "2"}, 429, `{"message":"Too Many Requests"}`, "application/json; charset=utf-8", "2"},
		{"HTML gateway page", "/sso/token", Fault{Status: 502, Body: "<html>Bad Gateway</html>", ContentType: "text/html"}, 502, "<html>Bad Gateway</html>", "text/html", ""},
		{"text body", "/connections", Fault{Status: 503, Body: "upstream down"}, 503, "upstream down", "text/plain; charset=utf-8", ""},
		{"malformed success", "/connections", Fault{Body: `{"object":"list","data":`}, 200, `{"object":"list","data":`, "text/plain; charset=utf-8", ""},
		{"JSON error body", "/sso/token", Fault{Status: 400, Body: `{"error":"invalid_grant","error_description":"x"}`}, 400, `{"error":"invalid_grant","error_description":"x"}`, "application/json; charset=utf-8", ""},
		{"authorize", "/sso/authorize", Fault{Status: 503}, 503, `{"message":"Service Unavailable"}`, "application/json; charset=utf-8", ""},
		{"profile", "/sso/profile", Fault{Status: 500}, 500, `{"message":"Internal Server Error"}`, "application/json; charset=utf-8", ""},
		{"one organization", "/organizations/{id}", Fault{Status: 504}, 504, `{"message":"Gateway Timeout"}`, "application/json; charset=utf-8", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newTestServer(t, Options{})
			s.InjectFault(tt.endpoint, tt.fault)
			path := strings.Replace(tt.endpoint, "{id}", "org_01DEMOACME", 1)
			var r result
			if tt.endpoint == "/sso/token" {
				r = postForm(t, s.URL+path, tokenForm(s, "x"))
			} else {
				r = get(t, s.URL+path, "Authorization", "Bearer "+s.APIKey)
			}
			if r.status != tt.wantStatus || r.body != tt.wantBody {
				t.Errorf("got %d %q, want %d %q", r.status, r.body, tt.wantStatus, tt.wantBody)
			}
			if ct := r.header.Get("Content-Type"); ct != tt.wantCT {
				t.Errorf("Content-Type = %q, want %q", ct, tt.wantCT)
			}
			if ra := r.header.Get("Retry-After"); ra != tt.wantRetry {
				t.Errorf("Retry-After = %q, want %q", ra, tt.wantRetry)
			}
			if r.header.Get("Location") != "" {
				t.Error("a fault redirected")
			}
			if s.Calls(tt.endpoint) != 1 {
				t.Errorf("Calls(%s) = %d", tt.endpoint, s.Calls(tt.endpoint))
			}
		})
	}
}

func TestFaultTimesCountDownAndQueue(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	s.InjectFault("/organizations", Fault{Status: 500, Times: 2})
	s.InjectFault("/organizations", Fault{Status: 429, RetryAfter: "1", Times: 1})
	var got []int
	for range 5 {
		got = append(got, get(t, s.URL+"/organizations", "Authorization", "Bearer "+s.APIKey).status)
	}
	want := []int{500, 500, 429, 200, 200}
	if !slices.Equal(got, want) {
		t.Fatalf("statuses = %v, want %v", got, want)
	}
	if s.Calls("/organizations") != 5 {
		t.Errorf("Calls = %d", s.Calls("/organizations"))
	}
	if s.Calls("/connections") != 0 {
		t.Errorf("Calls(/connections) = %d", s.Calls("/connections"))
	}
}

func TestFaultUntilCleared(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	s.InjectFault("/connections", Fault{Status: 500})
	s.InjectFault("/connections", Fault{Status: 418, Times: 1}) // behind a permanent fault: never reached
	for range 3 {
		if r := get(t, s.URL+"/connections", "Authorization", "Bearer "+s.APIKey); r.status != 500 {
			t.Fatalf("status %d", r.status)
		}
	}
	s.ClearFaults()
	if r := get(t, s.URL+"/connections", "Authorization", "Bearer "+s.APIKey); r.status != 200 {
		t.Fatalf("after ClearFaults: %d", r.status)
	}
}

func TestFaultTimesUnderConcurrency(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	s.InjectFault("/organizations", Fault{Status: 503, Times: 5})
	var mu sync.Mutex
	counts := map[int]int{}
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			r := get(t, s.URL+"/organizations", "Authorization", "Bearer "+s.APIKey)
			mu.Lock()
			counts[r.status]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if counts[503] != 5 || counts[200] != 15 {
		t.Fatalf("statuses = %v", counts)
	}
}

func TestFaultDelay(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	const delay = 150 * time.Millisecond
	t.Run("then the normal answer", func(t *testing.T) {
		s.InjectFault("/organizations", Fault{Delay: delay, Times: 1})
		start := time.Now()
		r := get(t, s.URL+"/organizations", "Authorization", "Bearer "+s.APIKey)
		if el := time.Since(start); el < delay {
			t.Errorf("answered after %v", el)
		}
		if r.status != 200 || len(ids(t, r)) != 2 {
			t.Errorf("%d %s", r.status, r.body)
		}
	})
	t.Run("then a status", func(t *testing.T) {
		s.InjectFault("/connections", Fault{Delay: delay, Status: 504, Times: 1})
		start := time.Now()
		r := get(t, s.URL+"/connections", "Authorization", "Bearer "+s.APIKey)
		if el := time.Since(start); el < delay || r.status != 504 {
			t.Errorf("%d after %v", r.status, el)
		}
	})
	t.Run("client gives up", func(t *testing.T) {
		s.InjectFault("/sso/profile", Fault{Delay: time.Hour, Times: 1})
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/sso/profile", nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			t.Fatalf("answered %d", resp.StatusCode)
		}
	})
}

func TestFaultHang(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	s.InjectFault("/sso/token", Fault{Hang: true, Status: 500, Times: 1})
	code := signIn(t, s, map[string]string{"connection": "conn_01DEMOACMEOKTA", "login_hint": "alice@acme.test"})
	c := &http.Client{Timeout: 150 * time.Millisecond}
	start := time.Now()
	resp, err := c.PostForm(s.URL+"/sso/token", tokenForm(s, code))
	if err == nil {
		resp.Body.Close()
		t.Fatalf("a hung request was answered %d", resp.StatusCode)
	}
	if el := time.Since(start); el < 150*time.Millisecond {
		t.Errorf("gave up after %v", el)
	}
	// The fault came before the code was looked at: the retry succeeds.
	if r := postForm(t, s.URL+"/sso/token", tokenForm(s, code)); r.status != 200 {
		t.Fatalf("retry: %d %s", r.status, r.body)
	}
	reqs := s.TokenRequests()
	if len(reqs) != 2 || reqs[1].Status != 200 || !reqs[0].ClientSecretMatched {
		t.Fatalf("TokenRequests = %+v", reqs)
	}
	if st := s.TokenRequests()[0].Status; st != 0 {
		t.Errorf("hung request recorded status %d", st)
	}
	if s.Calls("/sso/token") != 2 {
		t.Errorf("Calls = %d", s.Calls("/sso/token"))
	}
}

func TestFaultOnTokenKeepsTheCode(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	s.InjectFault("/sso/token", Fault{Status: 500, Times: 1})
	code := signIn(t, s, map[string]string{"connection": "conn_01DEMOACMEOKTA", "login_hint": "alice@acme.test"})
	if r := postForm(t, s.URL+"/sso/token", tokenForm(s, code)); r.status != 500 {
		t.Fatalf("first: %d", r.status)
	}
	if r := postForm(t, s.URL+"/sso/token", tokenForm(s, code)); r.status != 200 {
		t.Fatalf("retry: %d %s", r.status, r.body)
	}
	reqs := s.TokenRequests()
	if len(reqs) != 2 || reqs[0].Status != 500 || reqs[0].Error != "" || reqs[1].Status != 200 {
		t.Fatalf("TokenRequests = %+v", reqs)
	}
}

func TestInjectFaultPanicsOnNonsense(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	tests := []struct {
		name     string
		endpoint string
		fault    Fault
	}{
		{"not a path", "sso/token", Fault{Status: 500}},
		{"empty fault", "/sso/token", Fault{}},
		{"only Times", "/sso/token", Fault{Times: 3}},
		{"negative Times", "/sso/token", Fault{Status: 500, Times: -1}},
		{"status 42", "/sso/token", Fault{Status: 42}},
		{"status 1000", "/sso/token", Fault{Status: 1000}},
		{"negative delay", "/sso/token", Fault{Delay: -time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Fatal("no panic")
				}
			}()
			s.InjectFault(tt.endpoint, tt.fault)
		})
	}
}
