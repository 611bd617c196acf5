// Command dashboard draws workosauth's metrics as a dashboard and
// screenshots it: the README's picture, from a real run.
//
// Run the observable example with METRICS_ADDR, use it (sign in, fail to,
// sign out, revoke), then, from examples/observe:
//
//	go run ./cmd/dashboard -metrics http://127.0.0.1:9464/metrics -samples 12 -every 5s -out dashboard.png
//
// It scrapes the endpoint -samples times, -every apart (the timeline
// needs two or more), writes the page as HTML (-html, kept when set) and
// screenshots it with a headless Chromium (-chromium). -in reads saved
// scrapes (files of the text exposition format, comma-separated, oldest
// first) instead.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ssokit/workosauth/examples/observe/internal/dashboard"
	"github.com/ssokit/workosauth/examples/observe/internal/scrape"
)

func main() {
	metrics := flag.String("metrics", "http://127.0.0.1:9464/metrics", "the Prometheus endpoint to scrape")
	in := flag.String("in", "", "saved scrapes to read instead, comma-separated, oldest first")
	samples := flag.Int("samples", 1, "how many scrapes to take")
	every := flag.Duration("every", 5*time.Second, "time between scrapes")
	out := flag.String("out", "dashboard.png", "the PNG to write")
	htmlOut := flag.String("html", "", "where to keep the HTML page (default: a temporary file)")
	chromium := flag.String("chromium", "chromium", "the Chromium binary")
	width := flag.Int("width", 1340, "screenshot width, pixels")
	height := flag.Int("height", 1200, "screenshot height, pixels")
	title := flag.String("title", "workosauth", "the dashboard's title")
	flag.Parse()
	ctx := context.Background()
	snaps, err := load(ctx, *metrics, *in, *samples, *every)
	if err != nil {
		log.Fatal(err)
	}
	interval := *every
	if *in != "" {
		interval = 0
	}
	if err := draw(ctx, dashboard.NewPage(*title, snaps, interval, time.Now()), *htmlOut, *out, *chromium, *width, *height); err != nil {
		log.Fatal(err)
	}
	fmt.Println("wrote", *out)
}

// load reads the saved scrapes, or scrapes url n times, every apart.
func load(ctx context.Context, url, files string, n int, every time.Duration) ([]*scrape.Metrics, error) {
	var snaps []*scrape.Metrics
	if files != "" {
		for _, f := range strings.Split(files, ",") {
			fh, err := os.Open(strings.TrimSpace(f))
			if err != nil {
				return nil, err
			}
			m, err := scrape.Parse(fh)
			fh.Close()
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			snaps = append(snaps, m)
		}
		return snaps, nil
	}
	client := &http.Client{Timeout: 10 * time.Second}
	for i := range max(n, 1) {
		if i > 0 {
			time.Sleep(every)
		}
		m, err := scrape.Get(ctx, client, url)
		if err != nil {
			return nil, err
		}
		snaps = append(snaps, m)
	}
	return snaps, nil
}

// draw writes the page's HTML (to htmlPath, or a temporary file) and its
// screenshot.
func draw(ctx context.Context, p dashboard.Page, htmlPath, pngPath, chromium string, width, height int) error {
	if htmlPath == "" {
		dir, err := os.MkdirTemp("", "dashboard-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		htmlPath = filepath.Join(dir, "dashboard.html")
	}
	f, err := os.Create(htmlPath)
	if err != nil {
		return err
	}
	if err := dashboard.Render(f, p); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	return dashboard.Screenshot(ctx, chromium, htmlPath, pngPath, width, height)
}
