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
	waitFor(t, "the Sentinel to see the replica fit to promote", s.replicaFit)
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

// replicaFit reports whether the Sentinel sees the replica as one it
// would promote: connected, flagged nothing but "slave", with its link to
// the master up and an INFO from it. Right after it discovers a replica
// the Sentinel is not yet connected to it, and SENTINEL FAILOVER answers
// NOGOODSLAVE.
func (s *Sentinel) replicaFit() bool {
	v, err := s.Sentinel.Do("SENTINEL", "REPLICAS", s.Name)
	list, _ := v.([]any)
	if err != nil {
		return false
	}
	for _, r := range list {
		f := fields(r)
		if f["ip"]+":"+f["port"] == s.Replica.Addr {
			return f["flags"] == "slave" && f["master-link-status"] == "ok" && f["info-refresh"] != ""
		}
	}
	return false
}

// fields reads one entry of a SENTINEL REPLICAS answer: a map (RESP3) or
// a flat list of names and values (RESP2).
func fields(r any) map[string]string {
	f := map[string]string{}
	switch r := r.(type) {
	case map[any]any:
		for k, v := range r {
			f[fmt.Sprint(k)] = fmt.Sprint(v)
		}
	case []any:
		for i := 0; i+1 < len(r); i += 2 {
			f[fmt.Sprint(r[i])] = fmt.Sprint(r[i+1])
		}
	}
	return f
}

// Failover has the Sentinel promote the replica (SENTINEL FAILOVER) and
// waits until it names it the master and it acts as one. A Sentinel that
// answers NOGOODSLAVE (on a loaded machine its view of the replica may
// lag) is asked again until it takes the failover, for up to 20 s.
func (s *Sentinel) Failover() {
	s.t.Helper()
	var last error
	waitFor(s.t, "the Sentinel to take the failover", func() bool {
		_, last = s.Sentinel.Do("SENTINEL", "FAILOVER", s.Name)
		if last != nil && !strings.HasPrefix(last.Error(), "NOGOODSLAVE") {
			s.t.Fatalf("redistest: SENTINEL FAILOVER: %v", last)
		}
		return last == nil
	})
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
