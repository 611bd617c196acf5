package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// proc is a server process appbench started.
type proc struct {
	name string
	cmd  *exec.Cmd
	addr string // host:port it listens on
}

// pid is the process's ID.
func (p *proc) pid() int { return p.cmd.Process.Pid }

// stop kills the process and waits for it.
func (p *proc) stop() {
	if p != nil && p.cmd.Process != nil {
		p.cmd.Process.Kill()
		p.cmd.Wait()
	}
}

// startChild runs appbench itself as a server (serveMain) and waits for
// its "listening" line.
func startChild(ctx context.Context, name string, args ...string) (*proc, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, self, append([]string{serveCommand}, args...)...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &proc{name: name, cmd: cmd}
	line, err := bufio.NewReader(out).ReadString('\n')
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "listening ")
	if err != nil || !ok {
		p.stop()
		return nil, fmt.Errorf("%s did not start: %q %v", name, line, err)
	}
	go io.Copy(io.Discard, out)
	p.addr = addr
	return p, nil
}

// freeAddr returns a loopback address with a free port.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// startRedis runs a redis-server on loopback, without persistence.
func startRedis(ctx context.Context) (*proc, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	_, port, _ := net.SplitHostPort(addr)
	cmd := exec.CommandContext(ctx, "redis-server", "--bind", "127.0.0.1", "--port", port, "--save", "", "--appendonly", "no")
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("redis-server (Debian package redis-server): %w", err)
	}
	p := &proc{name: "redis-server", cmd: cmd, addr: addr}
	client := redis.NewClient(&redis.Options{Addr: addr})
	defer client.Close()
	for start := time.Now(); client.Ping(ctx).Err() != nil; time.Sleep(20 * time.Millisecond) {
		if time.Since(start) > 10*time.Second {
			p.stop()
			return nil, errors.New("redis-server did not answer PING")
		}
	}
	return p, nil
}

// buildOAuth2Proxy builds oauth2-proxy at version from the Go module proxy
// (go install module@version) into a temporary directory, and returns the
// binary's path.
func buildOAuth2Proxy(ctx context.Context, dir, version string) (string, error) {
	log.Printf("building oauth2-proxy %s (go install, into %s)", version, dir)
	cmd := exec.CommandContext(ctx, "go", "install", "github.com/oauth2-proxy/oauth2-proxy/v7@"+version)
	cmd.Env = append(os.Environ(), "GOBIN="+dir, "GOWORK=off", "GOFLAGS=-buildvcs=false")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go install oauth2-proxy: %w", err)
	}
	return filepath.Join(dir, "oauth2-proxy"), nil
}

// startOAuth2Proxy runs oauth2-proxy on loopback in front of upstream,
// against the OIDC provider at issuer, with the given session store
// ("cookie", or "redis" at redisAddr), and waits for its /ping.
func startOAuth2Proxy(ctx context.Context, bin, name, upstream, issuer, clientID, clientSecret, store, redisAddr string) (*proc, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	args := []string{
		"--http-address=" + addr, "--upstream=http://" + upstream + "/",
		"--provider=oidc", "--oidc-issuer-url=" + issuer, "--client-id=" + clientID, "--client-secret=" + clientSecret,
		"--redirect-url=http://" + addr + "/oauth2/callback", "--email-domain=*",
		"--cookie-secret=0123456789abcdef0123456789abcdef", "--cookie-secure=false",
		"--session-store-type=" + store, "--skip-provider-button",
		"--request-logging=false", "--auth-logging=false", "--standard-logging=false",
	}
	if store == "redis" {
		args = append(args, "--redis-connection-url=redis://"+redisAddr)
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &proc{name: name, cmd: cmd, addr: addr}
	for start := time.Now(); ; time.Sleep(50 * time.Millisecond) {
		resp, err := http.Get("http://" + addr + "/ping")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p, nil
			}
		}
		if time.Since(start) > 20*time.Second {
			p.stop()
			return nil, fmt.Errorf("%s did not answer /ping: %v", name, err)
		}
	}
}

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat's times: 100 on
// Linux (x86 and arm64).
const clockTicks = 100

// cpuTime is the CPU time (user and system) process pid has used.
func cpuTime(pid int) (time.Duration, error) {
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	i := strings.LastIndexByte(string(raw), ')')
	f := strings.Fields(string(raw[i+1:])) // f[0] is field 3, state
	if i < 0 || len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: unexpected format", pid)
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat: unexpected format", pid)
	}
	return time.Duration(utime+stime) * time.Second / clockTicks, nil
}

// cpuOf sums the CPU time of procs.
func cpuOf(procs []*proc) (time.Duration, error) {
	var sum time.Duration
	for _, p := range procs {
		t, err := cpuTime(p.pid())
		if err != nil {
			return 0, err
		}
		sum += t
	}
	return sum, nil
}
