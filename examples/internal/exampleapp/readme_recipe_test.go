package exampleapp

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ssokit/workosauth/internal/redistest"
)

// recipe returns the shell block that follows marker in README.md.
func recipe(t *testing.T, readme, marker string) string {
	t.Helper()
	raw, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(raw), "<!-- recipe: "+marker+" -->")
	if !ok {
		t.Fatalf("README.md has no <!-- recipe: %s --> block", marker)
	}
	_, block, ok := strings.Cut(after, "```sh\n")
	if ok {
		block, _, ok = strings.Cut(block, "```")
	}
	if !ok {
		t.Fatalf("no ```sh block after the %s marker", marker)
	}
	return block
}

// freeAddr returns a loopback host:port free now.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// The README's recipe for two instances sharing one emulator and one
// Redis runs as written (on free ports instead of the fixed ones): a
// sign-in on one instance is a session on the other, a sign-out on the
// other is refused on both, and either instance signs in.
func TestREADMETwoInstancesRecipe(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs three programs")
	}
	redistest.Binary(t, "redis-server")
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	script := recipe(t, filepath.Join(root, "README.md"), "two-instances")
	emu, a, b, rd := freeAddr(t), freeAddr(t), freeAddr(t), freeAddr(t)
	_, redisPort, _ := net.SplitHostPort(rd)
	for old, repl := range map[string]string{"127.0.0.1:8090": emu, "127.0.0.1:8081": a, "127.0.0.1:8082": b,
		"127.0.0.1:6380": rd, "--port 6380": "--port " + redisPort} {
		if !strings.Contains(script, old) {
			t.Fatalf("the recipe no longer mentions %s:\n%s", old, script)
		}
		script = strings.ReplaceAll(script, old, repl)
	}
	cmd := exec.Command("bash", "-c", script)
	cmd.Dir = root
	cmd.Env = withoutWorkOS(os.Environ())
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // one group: the script and everything it starts
	out := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(20 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
		if t.Failed() {
			t.Logf("the recipe's output:\n%s", out)
		}
	})

	// Wait (generously: three programs compile) for everything to answer.
	for _, u := range []string{"http://" + emu + "/_emulator/health", "http://" + a + "/", "http://" + b + "/"} {
		waitUp(t, u, exited)
	}
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, Timeout: 20 * time.Second}
	res, err := browser.Get("http://" + a + "/auth/signin?email=alice@acme.test")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.Request.URL.Path != "/dashboard" {
		t.Fatalf("sign-in on the first instance ended at %s with %d", res.Request.URL, res.StatusCode)
	}
	if st, body := getMe(t, browser, b, nil); st != 200 || !strings.Contains(body, "alice@acme.test") {
		t.Fatalf("the second instance: %d %s", st, body)
	}
	cookies := jar.Cookies(&url.URL{Scheme: "http", Host: a})
	req, _ := http.NewRequest("POST", "http://"+b+"/auth/signout", nil) // on the other instance
	req.Header.Set("Origin", "http://"+b)
	res, err = browser.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode >= 400 {
		t.Fatalf("sign-out: %d", res.StatusCode)
	}
	for _, addr := range []string{a, b} {
		if st, body := getMe(t, &http.Client{Timeout: 20 * time.Second}, addr, cookies); st != http.StatusUnauthorized {
			t.Errorf("the signed-out cookie on %s: %d %s", addr, st, body)
		}
	}
	// The second instance's callback is registered too: it signs in.
	jar, _ = cookiejar.New(nil)
	res, err = (&http.Client{Jar: jar, Timeout: 20 * time.Second}).Get("http://" + b + "/auth/signin?email=bob@acme.test")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.Request.URL.Path != "/dashboard" {
		t.Fatalf("sign-in on the second instance ended at %s with %d", res.Request.URL, res.StatusCode)
	}
}

// withoutWorkOS is env without the settings the recipe sets itself.
func withoutWorkOS(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "WORKOS_") && !strings.HasPrefix(kv, "REDIS_URL=") && !strings.HasPrefix(kv, "ADDR=") && !strings.HasPrefix(kv, "PORT=") {
			out = append(out, kv)
		}
	}
	return out
}

// waitUp waits up to 5 minutes for rawURL to answer 200.
func waitUp(t *testing.T, rawURL string, exited <-chan struct{}) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Minute)
	for {
		res, err := http.Get(rawURL)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
			err = fmt.Errorf("status %d", res.StatusCode)
		}
		select {
		case <-exited:
			t.Fatalf("the recipe exited before %s answered", rawURL)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not answer: %v", rawURL, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// getMe GETs /api/me on addr, with cookies when given (else the client's
// jar).
func getMe(t *testing.T, c *http.Client, addr string, cookies []*http.Cookie) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", "http://"+addr+"/api/me", nil)
	req.Header.Set("Accept", "application/json")
	for _, ck := range cookies {
		req.AddCookie(ck)
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	return res.StatusCode, string(body)
}
