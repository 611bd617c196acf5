package main

import (
	"fmt"
	"io"
	"slices"
	"time"
)

// median is the middle of the rounds' values of f.
func median(rs []result, f func(result) float64) float64 {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// summary is a scenario's medians.
type summary struct{ rps, p50, p99, cpu, cpuAll float64 }

func summarize(sc *scenario) summary {
	return summary{
		rps:    median(sc.results, func(r result) float64 { return r.rps }),
		p50:    median(sc.results, func(r result) float64 { return ms(r.p50) }),
		p99:    median(sc.results, func(r result) float64 { return ms(r.p99) }),
		cpu:    median(sc.results, func(r result) float64 { return r.cpuPerReq }),
		cpuAll: median(sc.results, func(r result) float64 { return r.cpuAllPerReq }),
	}
}

// printTable writes the medians as a Markdown table, ratios first: each
// workosauth row against oauth2-proxy with the same store and the same
// sessions (one, or many), and every row against the ceiling.
func printTable(w io.Writer, s settings, scs []*scenario) {
	sums := map[*scenario]summary{}
	var ceiling summary
	for _, sc := range scs {
		sums[sc] = summarize(sc)
		if sc.family == "ceiling" {
			ceiling = sums[sc]
		}
	}
	peer := func(sc *scenario) (summary, bool) {
		for _, o := range scs {
			if o.family == "oauth2-proxy" && o.store == sc.store && o.many == sc.many {
				return sums[o], true
			}
		}
		return summary{}, false
	}
	fmt.Fprintf(w, "\n%d connections, %d rounds of %v each (medians), %s; many sessions: %d, workosauth cache %d.\n\n",
		s.conns, s.rounds, s.duration, time.Now().UTC().Format("2006-01-02 15:04 MST"), s.sessions, s.cacheSize)
	fmt.Fprintln(w, "| scenario | req/s ÷ oauth2-proxy | CPU/req ÷ oauth2-proxy | req/s ÷ ceiling | req/s | p50 ms | p99 ms | CPU µs/req (serving process) | CPU µs/req (with upstream, Redis) |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|--:|")
	for _, sc := range scs {
		m := sums[sc]
		vsRPS, vsCPU := "", ""
		if p, ok := peer(sc); ok && sc.family == "workosauth" {
			vsRPS, vsCPU = fmt.Sprintf("%.2f×", m.rps/p.rps), fmt.Sprintf("%.2f×", m.cpuAll/p.cpuAll)
		}
		fmt.Fprintf(w, "| %s | %s | %s | %.2f× | %.0f | %.2f | %.2f | %.1f | %.1f |\n",
			sc.name, vsRPS, vsCPU, m.rps/ceiling.rps, m.rps, m.p50, m.p99, m.cpu, m.cpuAll)
	}
}
