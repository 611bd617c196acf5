// Package redistest starts real redis-server processes for tests: a
// standalone server (plain, with persistence, or TLS only), a three-node
// cluster, or a master with a replica and a Sentinel, on free loopback
// ports, and stops them when the test ends.
//
// Without redis-server on PATH a test that asks for one is skipped, with a
// message naming the Debian package (redis-server), unless the
// environment variable CI is set: then it fails, so that CI never passes
// by skipping.
package redistest

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Binary returns the path of redis-server, skipping t (failing it when
// the environment variable CI is set) when there is none.
func Binary(t testing.TB, name string) string {
	t.Helper()
	bin, err := exec.LookPath(name)
	if err != nil {
		msg := name + " is not on PATH: install the Debian package redis-server (apt-get install redis-server) to run the Redis tests"
		if os.Getenv("CI") != "" {
			t.Fatal(msg + " (CI is set: Redis tests must run, not skip)")
		}
		t.Skip(msg)
	}
	return bin
}

// Server is a redis-server process on 127.0.0.1.
type Server struct {
	t    testing.TB
	bin  string
	dir  string
	Addr string // 127.0.0.1:port
	args []string
	tls  *tls.Config // for a server that takes TLS only (StartTLS)

	mu  sync.Mutex
	cmd *exec.Cmd
}

// Start starts a standalone redis-server for the test and stops it at its
// end. It keeps nothing on disk unless told to (see StartWith).
func Start(t testing.TB) *Server {
	t.Helper()
	return StartWith(t)
}

// StartWith starts a standalone redis-server with further arguments, e.g.
// "--appendonly", "yes", "--appendfsync", "everysec" for a server that
// keeps its data across a kill (its directory outlives Kill and Restart).
func StartWith(t testing.TB, args ...string) *Server {
	t.Helper()
	s := newServer(t, freePort(t, false), args...)
	s.start()
	t.Cleanup(s.Kill)
	return s
}

func newServer(t testing.TB, port int, extra ...string) *Server {
	s := &Server{t: t, bin: Binary(t, "redis-server"), dir: t.TempDir(), Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port))}
	s.args = append([]string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--dir", s.dir, "--protected-mode", "no", "--loglevel", "warning", "--enable-debug-command", "local"}, extra...)
	return s
}

// start starts the process and waits until it answers PING.
func (s *Server) start() {
	s.t.Helper()
	cmd := exec.Command(s.bin, s.args...)
	cmd.Dir = s.dir
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("redistest: starting redis-server: %v", err)
	}
	s.mu.Lock()
	s.cmd = cmd
	s.mu.Unlock()
	c := redis.NewClient(&redis.Options{Addr: s.Addr, TLSConfig: s.tls, MaxRetries: -1, DialTimeout: 200 * time.Millisecond})
	defer c.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		err := c.Ping(ctx).Err()
		cancel()
		if err == nil || strings.HasPrefix(err.Error(), "NOAUTH") { // it answers, to those with the password
			return
		}
		if time.Now().After(deadline) {
			s.Kill()
			s.t.Fatalf("redistest: redis-server on %s does not answer PING: %v", s.Addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Kill stops the server at once (SIGKILL), as a crash would. Its data is
// gone, unless it was started with persistence (StartWith) or saved.
func (s *Server) Kill() {
	s.mu.Lock()
	cmd := s.cmd
	s.cmd = nil
	s.mu.Unlock()
	if cmd != nil && cmd.Process != nil {
		cmd.Process.Kill() // SIGKILL ends a stopped process too
		cmd.Wait()
	}
}

// Restart starts a killed server again on the same port, from what it
// kept on disk (nothing, unless it was started with persistence or told
// to SAVE).
func (s *Server) Restart() {
	s.t.Helper()
	s.start()
}

// Stop freezes the process (SIGSTOP), as a stalled host or a long pause
// would: connections are accepted by the kernel, and nothing answers.
func (s *Server) Stop() { s.signal(syscall.SIGSTOP) }

// Continue lets a stopped process run again (SIGCONT).
func (s *Server) Continue() { s.signal(syscall.SIGCONT) }

func (s *Server) signal(sig syscall.Signal) {
	s.t.Helper()
	s.mu.Lock()
	cmd := s.cmd
	s.mu.Unlock()
	if cmd == nil || cmd.Process == nil {
		s.t.Fatalf("redistest: %v to a server that does not run", sig)
	}
	if err := cmd.Process.Signal(sig); err != nil {
		s.t.Fatalf("redistest: %v: %v", sig, err)
	}
}

// Dir is the server's working directory (its RDB and AOF files).
func (s *Server) Dir() string { return s.dir }

// Client returns a new client of the server, closed when the test ends.
func (s *Server) Client() *redis.Client {
	c := redis.NewClient(&redis.Options{Addr: s.Addr, TLSConfig: s.tls})
	s.t.Cleanup(func() { c.Close() })
	return c
}

// Do runs one command on a connection of its own and returns its answer.
func (s *Server) Do(args ...any) (any, error) {
	c := redis.NewClient(&redis.Options{Addr: s.Addr, TLSConfig: s.tls, MaxRetries: -1})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return c.Do(ctx, args...).Result()
}

// Pause stops the server answering clients for d (CLIENT PAUSE ALL): calls
// to it wait, as when Redis is overloaded or stalled.
func (s *Server) Pause(d time.Duration) {
	s.t.Helper()
	if _, err := s.Do("CLIENT", "PAUSE", d.Milliseconds(), "ALL"); err != nil {
		s.t.Fatalf("redistest: CLIENT PAUSE: %v", err)
	}
}

// Sleep makes the server busy for d (DEBUG SLEEP), as a slow command
// would: it answers no one meanwhile. It returns at once.
func (s *Server) Sleep(d time.Duration) {
	s.t.Helper()
	c := redis.NewClient(&redis.Options{Addr: s.Addr, MaxRetries: -1, ReadTimeout: -1})
	if err := c.Do(context.Background(), "CLIENT", "ID").Err(); err != nil {
		c.Close()
		s.t.Fatalf("redistest: %v", err)
	}
	go func() {
		defer c.Close()
		c.Do(context.Background(), "DEBUG", "SLEEP", fmt.Sprintf("%.3f", d.Seconds()))
	}()
	time.Sleep(20 * time.Millisecond) // let the command reach the server
}

// Cluster is a three-node Redis Cluster (three masters, no replicas) on
// 127.0.0.1.
type Cluster struct {
	Nodes []*Server
}

// StartCluster starts a three-node cluster for the test, waits until it
// serves every slot, and stops it at the end.
func StartCluster(t testing.TB) *Cluster {
	t.Helper()
	cli := Binary(t, "redis-cli")
	c := &Cluster{}
	for range 3 {
		s := newServer(t, freePort(t, true), "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000")
		s.start()
		t.Cleanup(s.Kill)
		c.Nodes = append(c.Nodes, s)
	}
	args := []string{"--cluster", "create"}
	for _, n := range c.Nodes {
		args = append(args, n.Addr)
	}
	args = append(args, "--cluster-replicas", "0", "--cluster-yes")
	if out, err := exec.Command(cli, args...).CombinedOutput(); err != nil {
		t.Fatalf("redistest: redis-cli --cluster create: %v\n%s", err, out)
	}
	deadline := time.Now().Add(15 * time.Second)
	for _, n := range c.Nodes {
		for {
			info, err := n.Do("CLUSTER", "INFO")
			if s, ok := info.(string); err == nil && ok && strings.Contains(s, "cluster_state:ok") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("redistest: cluster not ok on %s: %v %v", n.Addr, info, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	return c
}

// Addrs are the nodes' addresses.
func (c *Cluster) Addrs() []string {
	var a []string
	for _, n := range c.Nodes {
		a = append(a, n.Addr)
	}
	return a
}

// Client returns a cluster client, closed when the test ends.
func (c *Cluster) Client(t testing.TB) *redis.ClusterClient {
	cc := redis.NewClusterClient(&redis.ClusterOptions{Addrs: c.Addrs()})
	t.Cleanup(func() { cc.Close() })
	return cc
}

// freePort returns a loopback port free now; with bus, one whose cluster
// bus port (port+10000) is free too.
func freePort(t testing.TB, bus bool) int {
	t.Helper()
	for range 100 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatalf("redistest: no free port: %v", err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		if !bus {
			l.Close()
			return port
		}
		if port+10000 > 65535 {
			l.Close()
			continue
		}
		l2, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port+10000))
		l.Close()
		if err != nil {
			continue
		}
		l2.Close()
		return port
	}
	t.Fatal("redistest: no free port pair for a cluster node")
	return 0
}
