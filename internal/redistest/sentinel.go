package redistest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Sentinel is a Redis master, a replica of it and a Sentinel watching
// them (quorum 1), on 127.0.0.1.
type Sentinel struct {
	t        testing.TB
	Master   *Server
	Replica  *Server
	Sentinel *Server
	// Name is the master's name in the Sentinel: "mymaster".
	Name string
}

// StartSentinel starts a master, its replica and a Sentinel for the test,
// waits until the replica is in sync and the Sentinel knows both, and
// stops them at the end.
func StartSentinel(t testing.TB) *Sentinel {
	t.Helper()
	bin := Binary(t, "redis-sentinel")
	master := Start(t)
	_, mport, _ := strings.Cut(master.Addr, ":")
	replica := StartWith(t, "--replicaof", "127.0.0.1", mport)
	waitFor(t, "the replica in sync", func() bool {
		info, err := replica.Do("INFO", "replication")
		s, _ := info.(string)
		return err == nil && strings.Contains(s, "master_link_status:up")
	})
	port := freePort(t, false)
	dir := t.TempDir()
	conf := filepath.Join(dir, "sentinel.conf")
	const name = "mymaster"
	text := fmt.Sprintf("port %d\nbind 127.0.0.1\nprotected-mode no\ndir %s\nloglevel warning\n"+
		"sentinel monitor %s 127.0.0.1 %s 1\nsentinel down-after-milliseconds %s 1000\n"+
		"sentinel failover-timeout %s 5000\nsentinel parallel-syncs %s 1\n",
		port, dir, name, mport, name, name, name)
	if err := os.WriteFile(conf, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	sen := &Server{t: t, bin: bin, dir: dir, Addr: fmt.Sprintf("127.0.0.1:%d", port), args: []string{conf}}
	sen.start()
	t.Cleanup(sen.Kill)
	s := &Sentinel{t: t, Master: master, Replica: replica, Sentinel: sen, Name: name}
	waitFor(t, "the Sentinel to know the replica", func() bool {
		v, err := sen.Do("SENTINEL", "REPLICAS", name)
		return err == nil && strings.Contains(fmt.Sprint(v), replica.Addr[strings.IndexByte(replica.Addr, ':')+1:])
	})
	return s
}

// URL is the Redis URL that reaches the master through the Sentinel.
func (s *Sentinel) URL() string {
	return "redis://" + s.Sentinel.Addr + "/0?master_name=" + s.Name
}

// MasterAddr is the master's address as the Sentinel gives it.
func (s *Sentinel) MasterAddr() string {
	v, err := s.Sentinel.Do("SENTINEL", "GET-MASTER-ADDR-BY-NAME", s.Name)
	a, ok := v.([]any)
	if err != nil || !ok || len(a) != 2 {
		return ""
	}
	return fmt.Sprintf("%v:%v", a[0], a[1])
}

// Failover has the Sentinel promote the replica (SENTINEL FAILOVER) and
// waits until it names it the master and it acts as one.
func (s *Sentinel) Failover() {
	s.t.Helper()
	if _, err := s.Sentinel.Do("SENTINEL", "FAILOVER", s.Name); err != nil {
		s.t.Fatalf("redistest: SENTINEL FAILOVER: %v", err)
	}
	waitFor(s.t, "the Sentinel to promote the replica", func() bool {
		if s.MasterAddr() != s.Replica.Addr {
			return false
		}
		info, err := s.Replica.Do("INFO", "replication")
		v, _ := info.(string)
		return err == nil && strings.Contains(v, "role:master")
	})
}

// waitFor polls cond until it holds, failing t after 20 s.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("redistest: waiting for %s: not within 20 s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
