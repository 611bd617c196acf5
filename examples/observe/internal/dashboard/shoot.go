package dashboard

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// Screenshot renders the HTML file htmlPath with a headless Chromium
// (binary chromium) into a PNG at pngPath, width by height pixels. The
// browser runs without a sandbox (as root in CI), with no network
// besides the file, and a throwaway profile.
func Screenshot(ctx context.Context, chromium, htmlPath, pngPath string, width, height int) error {
	abs, err := filepath.Abs(htmlPath)
	if err != nil {
		return err
	}
	out, err := filepath.Abs(pngPath)
	if err != nil {
		return err
	}
	profile, err := os.MkdirTemp("", "dashboard-chromium-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(profile)
	cmd := exec.CommandContext(ctx, chromium,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--disable-background-networking", "--disable-extensions", "--disable-sync",
		"--disable-default-apps", "--no-first-run", "--no-default-browser-check",
		"--hide-scrollbars", "--mute-audio", "--force-device-scale-factor=1",
		"--user-data-dir="+profile,
		fmt.Sprintf("--window-size=%d,%d", width, height),
		"--screenshot="+out,
		"file://"+abs)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s: %w: %s", chromium, err, lastLines(string(b), 5))
	}
	if _, err := os.Stat(out); err != nil {
		return fmt.Errorf("%s wrote no screenshot: %w", chromium, err)
	}
	return nil
}

// lastLines is the last n lines of s.
func lastLines(s string, n int) string {
	lines := 0
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '\n' {
			lines++
			if lines > n {
				return s[i+1:]
			}
		}
	}
	return s
}
