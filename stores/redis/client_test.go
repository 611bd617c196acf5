package redisstore_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ssokit/workosauth/internal/redistest"
	redisstore "github.com/ssokit/workosauth/stores/redis"
)

// fromURL returns a client NewClientFromURL makes of url, closed when
// the test ends.
func fromURL(t *testing.T, url string) redis.UniversalClient {
	t.Helper()
	c, err := redisstore.NewClientFromURL(context.Background(), url)
	if err != nil {
		t.Fatalf("NewClientFromURL: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestNewClientFromURL: every topology a URL names (one server, a real
// three-master Cluster, a real Sentinel setup, TLS) gets the client it
// needs, and a fleet on it works: sessions open on every instance, a
// sign-out ends them everywhere.
func TestNewClientFromURL(t *testing.T) {
	srv := redistest.Start(t)
	cl := redistest.StartCluster(t)
	sen := redistest.StartSentinel(t)
	tlsSrv := redistest.StartTLS(t)
	for _, tt := range []struct {
		name, url string
		cluster   bool
	}{
		{"standalone", "redis://" + srv.Addr + "/0", false},
		{"cluster", "redis://" + cl.Nodes[0].Addr + "?addr=" + cl.Nodes[1].Addr + "&addr=" + cl.Nodes[2].Addr, true},
		{"cluster from one node", "redis://" + cl.Nodes[1].Addr + "?addr=" + cl.Nodes[1].Addr, true},
		{"sentinel", sen.URL(), false},
		{"tls", "rediss://" + tlsSrv.Addr + "/0?skip_verify=true", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := fromURL(t, tt.url)
			if _, isCluster := c.(*redis.ClusterClient); isCluster != tt.cluster {
				t.Fatalf("client %T for %s", c, tt.name)
			}
			fleet := startFleet(t, func(t *testing.T) redis.UniversalClient { return fromURL(t, tt.url) }, 2, instanceOpts{})
			a, b := fleet[0], fleet[1]
			cookies := a.signIn(t, "prof_alice")
			for _, in := range fleet {
				in.want(t, "before sign-out", cookies, http.StatusOK)
			}
			b.signOut(t, cookies)
			refusedWithin(t, a, cookies, time.Now(), 2*time.Second)
		})
	}
}

// TestNewClientFromURLRefuses: what cannot work fails at once, saying
// what to write, and never repeats the password.
func TestNewClientFromURLRefuses(t *testing.T) {
	srv := redistest.Start(t)
	cl := redistest.StartCluster(t)
	tlsSrv := redistest.StartTLS(t)
	locked := redistest.StartWith(t, "--requirepass", "the-right-one")
	for _, tt := range []struct {
		name, url string
		says      []string
	}{
		{"one-server URL to a Cluster node", "redis://" + cl.Nodes[0].Addr,
			[]string{"Cluster", "addr=" + cl.Nodes[1].Addr, "addr=" + cl.Nodes[2].Addr, "redis://" + cl.Nodes[0].Addr + "?"}},
		{"cluster URL to a single server", "redis://" + srv.Addr + "?addr=" + srv.Addr, []string{"not in cluster mode", "without addr="}},
		{"TLS certificate that does not verify", "rediss://:hunter2-secret@" + tlsSrv.Addr, []string{"certificate"}},
		{"wrong password", "redis://:hunter2-secret@" + locked.Addr, []string{"refused", "WRONGPASS"}},
		{"reads from replicas", "redis://:hunter2-secret@" + srv.Addr + "?master_name=m&replica_only=true", []string{"replica_only"}},
		{"not a URL", "redis://:hunter2-secret@local host:1/0", []string{"not a URL"}},
		{"bad database", "redis://:hunter2-secret@" + srv.Addr + "/x", []string{"database"}},
		{"unknown option", "redis://:hunter2-secret@" + srv.Addr + "/0?hunter2-secret=1", []string{"unexpected option"}},
		{"another scheme", "http://:hunter2-secret@" + srv.Addr, []string{"scheme"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := redisstore.NewClientFromURL(context.Background(), tt.url)
			if err == nil {
				c.Close()
				t.Fatalf("%s: no error", tt.url)
			}
			for _, s := range tt.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("the error does not say %q: %v", s, err)
				}
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("the error repeats the password: %v", err)
			}
			t.Logf("%v", err)
		})
	}
	// A Redis that does not answer yet is no reason to fail: the store
	// waits for it.
	down := redistest.Start(t)
	down.Kill()
	c, err := redisstore.NewClientFromURL(context.Background(), "redis://"+down.Addr)
	if err != nil {
		t.Fatalf("a Redis down at start-up: %v", err)
	}
	c.Close()
}

// TestSentinelFailover: instances on a Sentinel URL follow a failover
// (SENTINEL FAILOVER) by themselves; they notice that Redis was replaced,
// so a session the new master does not hold is refused on the instance
// that had it cached (SessionRecheck is an hour: the notice does it, not
// the bound), and sessions made after it work everywhere.
func TestSentinelFailover(t *testing.T) {
	sen := redistest.StartSentinel(t)
	fleet := startFleet(t, func(t *testing.T) redis.UniversalClient { return fromURL(t, sen.URL()) }, 2,
		instanceOpts{recheck: time.Hour, timeout: 500 * time.Millisecond})
	a, b := fleet[0], fleet[1]
	lost := a.signIn(t, "prof_lost")
	kept := a.signIn(t, "prof_kept")
	for _, in := range fleet {
		in.want(t, "before the failover", lost, http.StatusOK)
		in.want(t, "before the failover", kept, http.StatusOK)
	}
	waitReplicated(t, sen.Replica, 2)
	sen.Failover()
	// The replica missed this write: the new master has no such session.
	id := sessionID(t, lost)
	if _, err := sen.Replica.Do("DEL", "workosauth:client_test:s:"+id); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		sa, _ := a.me(lost)
		sb, _ := b.me(lost)
		if sa == http.StatusUnauthorized && sb == http.StatusUnauthorized {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("10 s after the failover, a session the new master does not hold answers %d on A and %d on B", sa, sb)
		}
		time.Sleep(20 * time.Millisecond)
	}
	again := b.signIn(t, "prof_new")
	for _, in := range fleet {
		in.want(t, "a session the new master holds", kept, http.StatusOK)
		in.want(t, "a sign-in after the failover", again, http.StatusOK)
	}
	a.signOut(t, again)
	refusedWithin(t, b, again, time.Now(), 2*time.Second)
}

// waitReplicated waits until the replica holds n session records.
func waitReplicated(t *testing.T, replica *redistest.Server, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		keys, _ := replica.Do("KEYS", "workosauth:client_test:s:*")
		if k, ok := keys.([]any); ok && len(k) >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the replica holds %v, want %d sessions", keys, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// sessionID is the session ID of a Redis session's cookie.
func sessionID(t *testing.T, cookies []*http.Cookie) string {
	t.Helper()
	for _, c := range cookies {
		if c.Name == "wos-session" {
			id, _, ok := strings.Cut(c.Value, ".")
			if ok {
				return id
			}
		}
	}
	t.Fatalf("no session cookie in %v", cookies)
	return ""
}
