package dashboard

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/ssokit/workosauth/examples/observe/internal/scrape"
)

// Page is what the dashboard shows.
type Page struct {
	Title    string
	Taken    time.Time // the last scrape
	Panels   []Panel
	Timeline []Line
	Interval time.Duration // between scrapes, for the timeline
}

// NewPage builds the page of the scrapes (the last one for the panels).
func NewPage(title string, snaps []*scrape.Metrics, interval time.Duration, taken time.Time) Page {
	return Page{Title: title, Taken: taken, Panels: Panels(snaps[len(snaps)-1]), Timeline: Timeline(snaps), Interval: interval}
}

// Geometry of the charts, in pixels.
const (
	chartW    = 380
	barH      = 18
	barGap    = 6
	labelW    = 150
	valueW    = 56
	maxBars   = 8
	timelineW = 3*chartW + 2*48
	timelineH = 160
)

var funcs = template.FuncMap{"bars": barsSVG, "timeline": timelineSVG}

// barsSVG draws a panel's bars (at most maxBars), scaled to the largest;
// labels are escaped.
func barsSVG(p Panel) template.HTML {
	bars := p.Bars
	if len(bars) > maxBars {
		bars = bars[:maxBars]
	}
	top := 0.0
	for _, b := range bars {
		top = max(top, b.Value)
	}
	h := len(bars)*(barH+barGap) - barGap
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg width="%d" height="%d" viewBox="0 0 %d %d" role="img">`, chartW, h, chartW, h)
	for i, b := range bars {
		w := 1.0
		if top > 0 {
			w = max(math.Round(b.Value/top*float64(chartW-labelW-valueW)), 1)
		}
		y := i * (barH + barGap)
		fmt.Fprintf(&sb, `<text x="0" y="%d">%s</text>`, y+13, template.HTMLEscapeString(truncate(b.Label, 22)))
		fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%.0f" height="%d" rx="3" fill="%s"/>`, labelW, y, w, barH, barColor(p, b))
		fmt.Fprintf(&sb, `<text x="%.0f" y="%d">%s</text>`, float64(labelW)+w+6, y+13, formatValue(b.Value))
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// barColor is green for what went well, orange for refusals, red for
// failures, blue otherwise.
func barColor(p Panel, b Bar) string {
	switch b.Label {
	case "success", "allowed", "hit", "handled", "refreshed", "adopted", "published", "applied (made here)", "applied (from feed)", "200":
		return "#38a169"
	case "error", "unavailable", "retry", "not shared yet", "timeout", "_OTHER":
		return "#e53e3e"
	case "refused", "unauthenticated", "forbidden", "rejected", "ended", "miss":
		return "#dd6b20"
	}
	if p.Title == "Refused sign-ins" {
		return "#dd6b20"
	}
	return "#4299e1"
}

// timelineSVG draws the timeline's lines as polylines, scaled to the
// largest point, with a legend of their fixed labels.
func timelineSVG(lines []Line) template.HTML {
	n, top := 0, 0.0
	for _, l := range lines {
		n = max(n, len(l.Points))
		for _, p := range l.Points {
			top = max(top, p)
		}
	}
	const w, h = timelineW, timelineH
	var b strings.Builder
	fmt.Fprintf(&b, `<svg width="%d" height="%d" viewBox="0 0 %d %d" role="img">`, w, h+24, w, h+24)
	fmt.Fprintf(&b, `<line x1="0" y1="%d" x2="%d" y2="%d" stroke="#cbd5e0"/>`, h, w, h)
	for i, l := range lines {
		var pts []string
		for j, p := range l.Points {
			x := 0.0
			if n > 1 {
				x = float64(j) / float64(n-1) * w
			}
			y := float64(h)
			if top > 0 {
				y = h - p/top*(h-8)
			}
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
		}
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2.5" points="%s"/>`, l.Color, strings.Join(pts, " "))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d">%s</text>`,
			i*180, h+10, l.Color, i*180+18, h+21, template.HTMLEscapeString(l.Label))
	}
	fmt.Fprintf(&b, `<text x="%d" y="14" text-anchor="end" class="muted">max %s per interval</text></svg>`, w, formatValue(top))
	return template.HTML(b.String())
}

// truncate shortens s to n runes.
func truncate(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// formatValue prints a whole number as such, anything else with two
// decimals.
func formatValue(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

var page = template.Must(template.New("dashboard").Funcs(funcs).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>
body{margin:0;padding:24px;background:#f7fafc;font:14px/1.4 "Liberation Sans",Arial,sans-serif;color:#1a202c}
h1{font-size:22px;margin:0 0 4px}
.sub{color:#718096;margin:0 0 20px}
.grid{display:grid;grid-template-columns:repeat(3,412px);gap:16px}
.card{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:14px 16px}
.card h2{font-size:15px;margin:0}
.card p{color:#718096;margin:0 0 10px;font-size:12px}
.wide{grid-column:1/4}
svg text{font-size:12px;fill:#2d3748}
.muted{fill:#a0aec0}
.empty{color:#a0aec0;font-size:13px;padding:18px 0}
.state{font-size:28px;font-weight:bold;padding:12px 0}
.ok{color:#2f855a}.bad{color:#c53030}.none{color:#a0aec0}
</style></head><body>
<h1>{{.Title}}</h1>
<p class="sub">workosauth's metrics, scraped {{.Taken.UTC.Format "2006-01-02 15:04:05 UTC"}}</p>
<div class="grid">
{{if .Timeline}}<div class="card wide"><h2>Over time</h2><p>increase per {{.Interval}}</p>{{timeline .Timeline}}</div>
{{end}}{{range .Panels}}<div class="card"><h2>{{.Title}}</h2><p>{{.Note}}</p>
{{if eq .Kind "state"}}<div class="state {{if .OK}}ok{{else if eq .State "no feed"}}none{{else}}bad{{end}}">{{.State}}</div>
{{else if not .Bars}}<div class="empty">no data yet</div>
{{else}}{{bars .}}{{end}}</div>
{{end}}</div></body></html>
`))

// Render writes the page as HTML; what a scrape names (labels) is
// escaped.
func Render(w io.Writer, p Page) error { return page.Execute(w, p) }
