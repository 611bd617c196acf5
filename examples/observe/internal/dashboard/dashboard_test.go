package dashboard

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ssokit/workosauth/examples/observe/internal/scrape"
)

func load(t *testing.T) *scrape.Metrics {
	t.Helper()
	f, err := os.Open("testdata/run.prom")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := scrape.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func panel(t *testing.T, ps []Panel, title string) Panel {
	t.Helper()
	for _, p := range ps {
		if p.Title == title {
			return p
		}
	}
	t.Fatalf("no panel %q", title)
	return Panel{}
}

func TestPanels(t *testing.T) {
	ps := Panels(load(t))
	for title, want := range map[string]string{
		"Sign-ins":         "[{success 42} {refused 8} {error 1}]",
		"Refused sign-ins": "[{no_sso 5} {access_denied 2} {<script>alert(1)</script> 1} {workos_unavailable 1}]",
		"Guard decisions":  "[{allowed 1830} {unauthenticated 124} {forbidden 9} {unavailable 3}]",
		"Session cache":    "[{hit 1790} {miss 61}]",
		"WorkOS answers":   "[{200 42} {timeout 1}]", // otelhttp's own client series left out
		"WorkOS latency":   "[{/organizations p50 50} {/organizations p95 50} {/sso/token p50 68.33333333333333} {/sso/token p95 99.83333333333333}]",
		"Revocations":      "[{published 17} {not shared yet 1} {applied (made here) 18} {applied (from feed) 11}]",
		"Sign-outs":        "[{signed out 17}]",
		"Refreshes":        "[]",
	} {
		if got := fmt.Sprint(panel(t, ps, title).Bars); got != want {
			t.Errorf("%s: %s, want %s", title, got, want)
		}
	}
	if p := panel(t, ps, "Revocation feed"); p.State != "in sync" || !p.OK {
		t.Errorf("feed: %+v", p)
	}
}

func TestQuantile(t *testing.T) {
	inf := math.Inf(1)
	for _, c := range []struct {
		q    float64
		bs   []bucket
		want float64
	}{
		{0.5, []bucket{{0.1, 50}, {0.2, 100}, {inf, 100}}, 0.1},
		{0.75, []bucket{{0.1, 50}, {0.2, 100}, {inf, 100}}, 0.15},
		{0.5, []bucket{{inf, 10}, {0.1, 0}, {1, 10}}, 0.55}, // unsorted
		{0.99, []bucket{{0.1, 5}, {inf, 10}}, 0.1},          // in +Inf: the highest finite bound
		{0.5, []bucket{{0.1, 0}, {inf, 0}}, math.NaN()},
		{0.5, nil, math.NaN()},
	} {
		got := Quantile(c.q, c.bs)
		if !(got == c.want || math.IsNaN(got) && math.IsNaN(c.want)) && math.Abs(got-c.want) > 1e-9 {
			t.Errorf("Quantile(%v, %v) = %v, want %v", c.q, c.bs, got, c.want)
		}
	}
}

func TestTimeline(t *testing.T) {
	older, _ := scrape.Parse(strings.NewReader(`workosauth_guard_decisions_total{otel_scope_name="github.com/ssokit/workosauth",workosauth_guard_decision="allowed"} 1800
workosauth_sign_ins_total{otel_scope_name="github.com/ssokit/workosauth",workosauth_sign_in_outcome="success"} 50
`))
	lines := Timeline([]*scrape.Metrics{older, load(t)})
	got := ""
	for _, l := range lines {
		got += fmt.Sprintf("%s=%v ", l.Label, l.Points)
	}
	// 1830-1800 allowed; 136-0 denied; 51 sign-ins, after 50: 1; a
	// counter that went down (a restart) counts 0, never less.
	if want := "requests allowed=[30] requests denied=[136] sign-ins=[1] WorkOS calls=[43] "; got != want {
		t.Errorf("timeline %s, want %s", got, want)
	}
	if Timeline([]*scrape.Metrics{older}) != nil {
		t.Error("a timeline from one scrape")
	}
}

// The page draws every panel, escapes what the scrape names, and says
// "no data yet" for an empty panel.
func TestRender(t *testing.T) {
	var b bytes.Buffer
	older, _ := scrape.Parse(strings.NewReader(""))
	if err := Render(&b, NewPage("acme <prod>", []*scrape.Metrics{older, load(t)}, 5*time.Second, time.Unix(0, 0))); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{"acme &lt;prod&gt;", "Guard decisions", "1830", "&lt;script&gt;alert(1)", "no data yet", "in sync", "<polyline", "increase per 5s"} {
		if !strings.Contains(html, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(html, "<script>") {
		t.Error("a label reached the page unescaped")
	}
}

// With Chromium installed (CI has it), the page becomes a PNG of the
// asked size that is not blank.
func TestScreenshot(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed")
		}
		t.Skip("chromium is not installed")
	}
	dir := t.TempDir()
	htmlPath, pngPath := filepath.Join(dir, "d.html"), filepath.Join(dir, "d.png")
	var b bytes.Buffer
	if err := Render(&b, NewPage("workosauth", []*scrape.Metrics{load(t)}, 0, time.Now())); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(htmlPath, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := Screenshot(ctx, chromium, htmlPath, pngPath, 800, 600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(pngPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if s := img.Bounds().Size(); s.X != 800 || s.Y != 600 {
		t.Errorf("screenshot %v, want 800x600", s)
	}
	colors := map[[4]uint32]bool{}
	for y := 0; y < 600; y += 7 {
		for x := 0; x < 800; x += 7 {
			r, g, bl, a := img.At(x, y).RGBA()
			colors[[4]uint32{r, g, bl, a}] = true
		}
	}
	if len(colors) < 5 {
		t.Errorf("the screenshot looks blank: %d colours", len(colors))
	}
}
