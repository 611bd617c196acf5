package main

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	collectortrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

// collector is an OTLP/HTTP trace receiver: it keeps every span exported
// to it.
type collector struct {
	mu    sync.Mutex
	spans []*tracepb.Span
}

func (c *collector) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	var req collectortrace.ExportTraceServiceRequest
	if err != nil || r.URL.Path != "/v1/traces" || proto.Unmarshal(body, &req) != nil {
		http.Error(w, "bad export", http.StatusBadRequest)
		return
	}
	c.mu.Lock()
	for _, rs := range req.ResourceSpans {
		for _, ss := range rs.ScopeSpans {
			c.spans = append(c.spans, ss.Spans...)
		}
	}
	c.mu.Unlock()
	out, _ := proto.Marshal(&collectortrace.ExportTraceServiceResponse{})
	w.Header().Set("Content-Type", "application/x-protobuf")
	w.Write(out)
}

// byName is the first span named name, or nil.
func (c *collector) byName(name string) *tracepb.Span {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.spans {
		if s.Name == name {
			return s
		}
	}
	return nil
}

func (c *collector) parentOf(s *tracepb.Span) *tracepb.Span {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range c.spans {
		if string(p.SpanId) == string(s.ParentSpanId) {
			return p
		}
	}
	return nil
}

// With OTEL_EXPORTER_OTLP_ENDPOINT set, the example exports its traces
// over OTLP/HTTP: a sign-in's callback is a span of workosauth's under
// otelhttp's server span, with the code exchange a client span under it.
func TestTracesExported(t *testing.T) {
	col := &collector{}
	srv := httptest.NewServer(col)
	defer srv.Close()
	ex := startExample(t, "OTEL_EXPORTER_OTLP_ENDPOINT", srv.URL, "OTEL_BSP_SCHEDULE_DELAY", "50")
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	resp, err := client.Get(ex.app + "/auth/signin?email=alice@acme.test&return_to=/dashboard")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/dashboard" {
		t.Fatalf("sign-in ended %d at %s", resp.StatusCode, resp.Request.URL.Path)
	}
	deadline := time.Now().Add(20 * time.Second)
	for col.byName("POST /sso/token") == nil || col.byName("workosauth.callback") == nil {
		if time.Now().After(deadline) {
			t.Fatal("no callback and code exchange spans exported within 20s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	token, callback := col.byName("POST /sso/token"), col.byName("workosauth.callback")
	if p := col.parentOf(token); p == nil || p.Name != "workosauth.callback" || token.Kind != tracepb.Span_SPAN_KIND_CLIENT {
		t.Errorf("the code exchange's span (kind %v) is not a client span under the callback's: parent %v", token.Kind, p)
	}
	if p := col.parentOf(callback); p == nil || p.Kind != tracepb.Span_SPAN_KIND_SERVER {
		t.Errorf("the callback's span is not under otelhttp's server span: parent %v", p)
	}
}
