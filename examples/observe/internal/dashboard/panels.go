// Package dashboard draws workosauth's metrics, from one or more scrapes
// of a Prometheus endpoint, as an HTML page of inline SVG charts, and
// screenshots it with a headless Chromium: the README's picture.
package dashboard

import (
	"math"
	"slices"
	"sort"
	"strconv"

	"github.com/ssokit/workosauth/examples/observe/internal/scrape"
)

// scope selects workosauth's own series (http_client_request_duration
// may come from otelhttp too, when the app wraps its client).
var scope = map[string]string{"otel_scope_name": "github.com/ssokit/workosauth"}

// Bar is one bar of a chart.
type Bar struct {
	Label string
	Value float64
}

// Panel is one chart: bars (counts by a label), quantiles (a histogram's
// p50 and p95 by a label, in milliseconds), or a state tile.
type Panel struct {
	Title string
	Note  string // under the title: what the bars count
	Kind  string // "bars", "quantiles", "state"
	Bars  []Bar
	// State, for a state tile: "in sync", "out of sync" or "no feed".
	State string
	OK    bool
}

// counts are the values of the counter name, summed by the label by,
// over the samples that include match; largest first.
func counts(m *scrape.Metrics, name, by string, match map[string]string) []Bar {
	sums := map[string]float64{}
	for _, s := range m.Samples(name, merge(scope, match)) {
		label := s.Labels[by]
		if label == "" {
			label = "(none)"
		}
		sums[label] += s.Value
	}
	return sorted(sums)
}

func sorted(sums map[string]float64) []Bar {
	var bars []Bar
	for l, v := range sums {
		bars = append(bars, Bar{l, v})
	}
	sort.Slice(bars, func(i, j int) bool {
		if bars[i].Value != bars[j].Value {
			return bars[i].Value > bars[j].Value
		}
		return bars[i].Label < bars[j].Label
	})
	return bars
}

func merge(a, b map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// bucket is a histogram bucket: the count of values up to le.
type bucket struct{ le, count float64 }

// Quantile estimates the q-quantile of cumulative buckets as Prometheus's
// histogram_quantile does: linear within the bucket it falls in; the
// highest finite bound when it falls in +Inf; NaN without values.
func Quantile(q float64, buckets []bucket) float64 {
	slices.SortFunc(buckets, func(a, b bucket) int {
		switch {
		case a.le < b.le:
			return -1
		case a.le > b.le:
			return 1
		}
		return 0
	})
	if len(buckets) == 0 || buckets[len(buckets)-1].count == 0 {
		return math.NaN()
	}
	rank := q * buckets[len(buckets)-1].count
	lower, below := 0.0, 0.0
	for i, b := range buckets {
		if b.count >= rank {
			if math.IsInf(b.le, +1) {
				if i == 0 {
					return math.NaN()
				}
				return buckets[i-1].le
			}
			if b.count == below {
				return b.le
			}
			return lower + (b.le-lower)*(rank-below)/(b.count-below)
		}
		lower, below = b.le, b.count
	}
	return buckets[len(buckets)-1].le
}

// quantiles are p50 and p95, in milliseconds, of the histogram name (in
// seconds) by the label by.
func quantiles(m *scrape.Metrics, name, by string, match map[string]string) []Bar {
	byLabel := map[string]map[float64]float64{}
	for _, s := range m.Samples(name+"_bucket", merge(scope, match)) {
		le, err := strconv.ParseFloat(s.Labels["le"], 64)
		if err != nil {
			continue
		}
		l := s.Labels[by]
		if byLabel[l] == nil {
			byLabel[l] = map[float64]float64{}
		}
		byLabel[l][le] += s.Value
	}
	var labels []string
	for l := range byLabel {
		labels = append(labels, l)
	}
	slices.Sort(labels)
	var bars []Bar
	for _, l := range labels {
		var bs []bucket
		for le, c := range byLabel[l] {
			bs = append(bs, bucket{le, c})
		}
		for _, q := range []struct {
			name string
			q    float64
		}{{"p50", 0.5}, {"p95", 0.95}} {
			if v := Quantile(q.q, bs); !math.IsNaN(v) {
				bars = append(bars, Bar{l + " " + q.name, v * 1000})
			}
		}
	}
	return bars
}

// Panels are the dashboard's charts from a scrape.
func Panels(m *scrape.Metrics) []Panel {
	refusals := map[string]float64{}
	for _, s := range m.Samples("workosauth_sign_ins_total", scope) {
		if s.Labels["workosauth_sign_in_outcome"] != "success" {
			refusals[s.Labels["error_type"]] += s.Value
		}
	}
	ps := []Panel{
		{Title: "Sign-ins", Note: "by outcome", Kind: "bars", Bars: counts(m, "workosauth_sign_ins_total", "workosauth_sign_in_outcome", nil)},
		{Title: "Refused sign-ins", Note: "by code", Kind: "bars", Bars: sorted(refusals)},
		{Title: "Guard decisions", Note: "allowed, 401, 403, 503", Kind: "bars", Bars: counts(m, "workosauth_guard_decisions_total", "workosauth_guard_decision", nil)},
		{Title: "Session cache", Note: "lookups: hits and misses", Kind: "bars", Bars: counts(m, "workosauth_session_cache_lookups_total", "workosauth_session_cache_result", nil)},
		{Title: "WorkOS latency", Note: "p50 and p95 by endpoint, ms", Kind: "quantiles", Bars: quantiles(m, "http_client_request_duration_seconds", "url_template", nil)},
		{Title: "WorkOS answers", Note: "calls by status or error", Kind: "bars", Bars: workosStatuses(m)},
		{Title: "Refreshes", Note: "AuthKit, by outcome", Kind: "bars", Bars: counts(m, "workosauth_refreshes_total", "workosauth_refresh_outcome", nil)},
		{Title: "Revocations", Note: "published here, applied here", Kind: "bars", Bars: revocations(m)},
		{Title: "Revocation delay", Note: "from any instance to this one, p50 and p95, ms", Kind: "quantiles", Bars: quantiles(m, "workosauth_revocation_delay_seconds", "workosauth_revocation_kind", nil)},
		{Title: "Webhook deliveries", Note: "by event type", Kind: "bars", Bars: counts(m, "workosauth_webhook_deliveries_total", "workosauth_webhook_event_type", nil)},
		{Title: "Sign-outs", Note: "sessions ended by sign-out", Kind: "bars", Bars: total(m, "workosauth_sign_outs_total", "signed out")},
		feedPanel(m),
	}
	return ps
}

// total is the counter name's total as one bar, none when absent.
func total(m *scrape.Metrics, name, label string) []Bar {
	if v, ok := m.Sum(name, scope); ok {
		return []Bar{{label, v}}
	}
	return nil
}

// workosStatuses are WorkOS calls by status, or error type when there
// was no answer.
func workosStatuses(m *scrape.Metrics) []Bar {
	sums := map[string]float64{}
	for _, s := range m.Samples("http_client_request_duration_seconds_count", scope) {
		l := s.Labels["http_response_status_code"]
		if l == "" {
			l = s.Labels["error_type"]
		}
		sums[l] += s.Value
	}
	return sorted(sums)
}

func revocations(m *scrape.Metrics) []Bar {
	pub, _ := m.Sum("workosauth_revocations_published_total", scope)
	local, _ := m.Sum("workosauth_revocations_applied_total", merge(scope, map[string]string{"workosauth_revocation_source": "local"}))
	feed, _ := m.Sum("workosauth_revocations_applied_total", merge(scope, map[string]string{"workosauth_revocation_source": "feed"}))
	failed := 0.0
	for _, s := range m.Samples("workosauth_revocations_published_total", scope) {
		if s.Labels["error_type"] != "" {
			failed += s.Value
		}
	}
	return []Bar{{"published", pub - failed}, {"not shared yet", failed}, {"applied (made here)", local}, {"applied (from feed)", feed}}
}

func feedPanel(m *scrape.Metrics) Panel {
	p := Panel{Title: "Revocation feed", Note: "this instance", Kind: "state", State: "no feed"}
	if v, ok := m.Sum("workosauth_revocation_feed_synced", scope); ok {
		p.OK = v >= 1
		p.State = "out of sync"
		if p.OK {
			p.State = "in sync"
		}
	}
	return p
}
