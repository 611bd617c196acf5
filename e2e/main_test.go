package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// examples are the apps under ../examples the suite drives.
var examples = []string{"nethttp", "chi", "gin", "fiber"}

var (
	binDir string // where the examples are built

	browserOnce sync.Once
	browserCtx  context.Context // the one browser of this test binary
	browserErr  error
	stopBrowser = func() {}

	sitesMu sync.Mutex
	sites   = map[string]*site{}
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "workosauth-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	sitesMu.Lock()
	for _, s := range sites {
		s.stop()
	}
	sitesMu.Unlock()
	stopBrowser()
	os.RemoveAll(dir)
	os.Exit(code)
}

// chromiumPath finds the browser: $CHROMIUM, else chromium or
// chromium-browser on PATH.
func chromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// needBrowser skips the test when there is no Chromium, or fails it in
// CI, where a missing browser is a broken machine.
func needBrowser(t *testing.T) string {
	t.Helper()
	p := chromiumPath()
	if p == "" {
		msg := "Chromium not found: install the Debian package chromium (apt-get install chromium), or set CHROMIUM to a Chrome or Chromium binary"
		if os.Getenv("CI") != "" {
			t.Fatal(msg + " (CI is set, so a missing browser fails)")
		}
		t.Skip(msg)
	}
	return p
}

// browser starts the test binary's one browser, headless, with a fresh
// profile and nothing that reaches out to the network.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := needBrowser(t)
	browserOnce.Do(func() {
		profile, err := os.MkdirTemp("", "workosauth-e2e-profile-")
		if err != nil {
			browserErr = err
			return
		}
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
			chromedp.ExecPath(path),
			chromedp.Headless,
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.NoDefaultBrowserCheck,
			chromedp.UserDataDir(profile),
			chromedp.WindowSize(1100, 800),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-default-apps", true),
			chromedp.Flag("disable-extensions", true),
			chromedp.Flag("disable-dev-shm-usage", true),
			chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
			chromedp.Flag("force-color-profile", "srgb"),
			chromedp.Flag("hide-scrollbars", true),
			chromedp.Flag("password-store", "basic"),
			chromedp.Flag("use-mock-keychain", true),
		)
		ctx, cancel := chromedp.NewContext(alloc)
		// The first action starts the browser, which lives as long as the
		// context of that action: ctx, not one with a deadline.
		if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
			browserErr = fmt.Errorf("starting %s: %w", path, err)
			cancel()
			cancelAlloc()
			return
		}
		browserCtx = ctx
		stopBrowser = func() { cancel(); cancelAlloc(); os.RemoveAll(profile) }
	})
	if browserErr != nil {
		t.Fatal(browserErr)
	}
	return browserCtx
}

// newTab returns a fresh tab in a browser context of its own (its own
// cookies and cache), closed when the test ends.
func newTab(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser(t), chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancelTimeout)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// site is one example app, built and running in dev mode.
type site struct {
	name, url string
	cmd       *exec.Cmd
	out       *lockedBuffer
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// eachExample runs f against every example app, one after the other (one
// browser tab at a time).
func eachExample(t *testing.T, f func(t *testing.T, s *site)) {
	t.Helper()
	needBrowser(t)
	for _, name := range examples {
		t.Run(name, func(t *testing.T) {
			s := startSite(t, name)
			f(t, s)
			if t.Failed() {
				t.Logf("%s's output:\n%s", name, s.out)
			}
		})
	}
}

// startSite builds and starts an example once per test binary, in dev
// mode (no WORKOS_* settings: the embedded emulator), on a free port.
func startSite(t *testing.T, name string) *site {
	t.Helper()
	sitesMu.Lock()
	defer sitesMu.Unlock()
	if s, ok := sites[name]; ok {
		return s
	}
	bin := filepath.Join(binDir, name)
	build := exec.Command("go", "build", "-o", bin, "./examples/"+name)
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./examples/%s: %v\n%s", name, err, out)
	}
	addr, err := freeAddr()
	if err != nil {
		t.Fatal(err)
	}
	s := &site{name: name, url: "http://" + addr, out: &lockedBuffer{}}
	s.cmd = exec.Command(bin)
	s.cmd.Env = append(cleanEnv(), "ADDR="+addr)
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if err := waitUp(s.url+"/", 30*time.Second); err != nil {
		s.stop()
		t.Fatalf("examples/%s did not come up: %v\n%s", name, err, s.out)
	}
	sites[name] = s
	return s
}

func (s *site) stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { s.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = s.cmd.Process.Kill()
		}
	}
}

// cleanEnv is the environment without the settings that would take an
// example out of dev mode.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "WORKOS_") || k == "REDIS_URL" || k == "PORT" || k == "ADDR" {
			continue
		}
		env = append(env, kv)
	}
	return env
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// waitUp polls url until it answers 200.
func waitUp(url string, within time.Duration) error {
	deadline := time.Now().Add(within)
	client := &http.Client{Timeout: 2 * time.Second}
	var last error
	for time.Now().Before(deadline) {
		resp, err := client.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("status %d", resp.StatusCode)
		}
		last = err
		time.Sleep(100 * time.Millisecond)
	}
	return errors.Join(errors.New("timed out"), last)
}
