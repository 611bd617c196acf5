package scrape

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const exposition = `# HELP workosauth_sign_ins_total Sign-ins finished.
# TYPE workosauth_sign_ins_total counter
workosauth_sign_ins_total{otel_scope_name="github.com/ssokit/workosauth",workosauth_sign_in_outcome="success"} 3
workosauth_sign_ins_total{error_type="no_sso",otel_scope_name="github.com/ssokit/workosauth",workosauth_sign_in_outcome="refused"} 1
# HELP go_goroutines Number of goroutines.
# TYPE go_goroutines gauge
go_goroutines 12
# HELP http_client_request_duration_seconds Duration of HTTP client requests.
# TYPE http_client_request_duration_seconds histogram
http_client_request_duration_seconds_bucket{url_template="/sso/token",le="0.1"} 1
http_client_request_duration_seconds_bucket{url_template="/sso/token",le="1"} 2
http_client_request_duration_seconds_bucket{url_template="/sso/token",le="+Inf"} 2
http_client_request_duration_seconds_sum{url_template="/sso/token"} 0.55
http_client_request_duration_seconds_count{url_template="/sso/token"} 2
`

func TestParse(t *testing.T) {
	m, err := Parse(strings.NewReader(exposition))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		match map[string]string
		want  float64
		found bool
	}{
		{"workosauth_sign_ins_total", nil, 4, true},
		{"workosauth_sign_ins_total", map[string]string{"workosauth_sign_in_outcome": "success"}, 3, true},
		{"workosauth_sign_ins_total", map[string]string{"error_type": "no_sso"}, 1, true},
		{"workosauth_sign_ins_total", map[string]string{"error_type": "state_mismatch"}, 0, false},
		{"go_goroutines", nil, 12, true},
		{"http_client_request_duration_seconds_count", map[string]string{"url_template": "/sso/token"}, 2, true},
		{"http_client_request_duration_seconds_sum", nil, 0.55, true},
		{"http_client_request_duration_seconds_bucket", map[string]string{"le": "0.1"}, 1, true},
		{"http_client_request_duration_seconds_bucket", map[string]string{"le": "+Inf"}, 2, true},
		{"missing_total", nil, 0, false},
	} {
		got, found := m.Sum(c.name, c.match)
		if got != c.want || found != c.found {
			t.Errorf("Sum(%s, %v) = %v, %v; want %v, %v", c.name, c.match, got, found, c.want, c.found)
		}
	}
	if names := fmt.Sprint(m.Names()); names != "[go_goroutines http_client_request_duration_seconds_bucket http_client_request_duration_seconds_count http_client_request_duration_seconds_sum workosauth_sign_ins_total]" {
		t.Errorf("Names: %s", names)
	}
}

func TestParseRefusesGarbage(t *testing.T) {
	for _, in := range []string{"not a metric line at all {", "# TYPE x counter\nx{a=\"b\"} not_a_number\n", "x{a=\"unterminated} 1\n"} {
		if _, err := Parse(strings.NewReader(in)); err == nil {
			t.Errorf("Parse(%q) succeeded", in)
		}
	}
}

func TestGet(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/metrics" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain; version=0.0.4")
		fmt.Fprint(w, exposition)
	}))
	defer srv.Close()
	m, err := Get(context.Background(), srv.Client(), srv.URL+"/metrics")
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := m.Sum("go_goroutines", nil); v != 12 {
		t.Errorf("go_goroutines %v", v)
	}
	if _, err := Get(context.Background(), srv.Client(), srv.URL+"/nope"); err == nil {
		t.Error("a 404 scraped")
	}
}

// Whatever an endpoint answers, Parse returns an error or samples, never
// panics.
func FuzzParse(f *testing.F) {
	f.Add(exposition)
	f.Add("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\nh_sum 1\n")
	f.Fuzz(func(t *testing.T, in string) {
		m, err := Parse(strings.NewReader(in))
		if err == nil {
			for _, name := range m.Names() {
				m.Sum(name, nil)
			}
		}
	})
}
