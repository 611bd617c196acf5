package dashboard

import "github.com/ssokit/workosauth/examples/observe/internal/scrape"

// Line is one line of the timeline: a counter's increase between
// consecutive scrapes.
type Line struct {
	Label  string
	Color  string
	Points []float64
}

// Timeline is the increase, between consecutive scrapes, of the guard's
// decisions (allowed and denied), sign-ins and WorkOS calls: nil with
// fewer than two scrapes.
func Timeline(snaps []*scrape.Metrics) []Line {
	if len(snaps) < 2 {
		return nil
	}
	allowed := map[string]string{"workosauth_guard_decision": "allowed"}
	lines := []struct {
		label, color string
		value        func(m *scrape.Metrics) float64
	}{
		{"requests allowed", "#2f855a", func(m *scrape.Metrics) float64 {
			v, _ := m.Sum("workosauth_guard_decisions_total", merge(scope, allowed))
			return v
		}},
		{"requests denied", "#c05621", func(m *scrape.Metrics) float64 {
			all, _ := m.Sum("workosauth_guard_decisions_total", scope)
			ok, _ := m.Sum("workosauth_guard_decisions_total", merge(scope, allowed))
			return all - ok
		}},
		{"sign-ins", "#2b6cb0", func(m *scrape.Metrics) float64 {
			v, _ := m.Sum("workosauth_sign_ins_total", scope)
			return v
		}},
		{"WorkOS calls", "#6b46c1", func(m *scrape.Metrics) float64 {
			v, _ := m.Sum("http_client_request_duration_seconds_count", scope)
			return v
		}},
	}
	var out []Line
	for _, l := range lines {
		line := Line{Label: l.label, Color: l.color}
		prev := l.value(snaps[0])
		for _, m := range snaps[1:] {
			v := l.value(m)
			line.Points = append(line.Points, max(v-prev, 0)) // a restart resets counters
			prev = v
		}
		out = append(out, line)
	}
	return out
}
