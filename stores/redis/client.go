package redisstore

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/redis/go-redis/v9"
)

// NewClientFromURL returns a client for the Redis that rawURL names, in
// the forms go-redis parses, told apart by the URL's query:
//
//   - redis://[user:password@]host:port[/db]: one server
//     (redis.ParseURL); rediss:// for TLS, unix:///path/to.sock for a
//     socket.
//   - with master_name=NAME: through Redis Sentinel
//     (redis.ParseFailoverURL): host:port and each addr=host:port are
//     Sentinels, the userinfo is theirs, password=... is the data
//     nodes' password; e.g.
//     redis://sentinel1:26379/0?master_name=mymaster&addr=sentinel2:26379.
//   - with addr=host:port (once or more) and no master_name: a Redis
//     Cluster (redis.ParseClusterURL): host:port and each addr= are nodes
//     to start from; e.g.
//     redis://node1:6379?addr=node2:6379&addr=node3:6379.
//
// Calls honour their context's deadline (ContextTimeoutEnabled), so that
// the store's Timeout bounds each one inline. Before returning, it asks
// Redis (within ctx, and at most DefaultTimeout) and refuses what cannot
// work, saying what to write instead: a one-server URL that reaches a
// Cluster node (which would answer MOVED to most calls), a cluster URL
// that reaches a server not in cluster mode, a password Redis refuses, a
// TLS certificate that does not verify, and a URL that reads from
// replicas (replica_only, read_only, route_by_latency, route_randomly: a
// session must be read where it was written). A Redis that does not
// answer yet is no error: the store waits for it. Errors never repeat
// the password. Close the client when the app shuts down, after
// core.Auth.Close.
func NewClientFromURL(ctx context.Context, rawURL string) (redis.UniversalClient, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		// url.Error repeats the URL, password included: say less.
		return nil, errors.New("redisstore: the Redis URL is not a URL; want redis://[user:password@]host:port/db")
	}
	q := u.Query()
	for _, replicas := range []string{"replica_only", "read_only", "route_by_latency", "route_randomly"} {
		if v := q.Get(replicas); v != "" && v != "false" && v != "0" {
			return nil, fmt.Errorf("redisstore: the Redis URL sets %s: sessions and revocations must be read from the master they are written to; remove it", replicas)
		}
	}
	var client redis.UniversalClient
	switch {
	case q.Has("master_name"):
		opts, err := redis.ParseFailoverURL(rawURL)
		if err != nil {
			return nil, parseError(u, err)
		}
		opts.ContextTimeoutEnabled = true
		client = redis.NewFailoverClient(opts)
	case q.Has("addr"):
		opts, err := redis.ParseClusterURL(rawURL)
		if err != nil {
			return nil, parseError(u, err)
		}
		opts.ContextTimeoutEnabled = true
		client = redis.NewClusterClient(opts)
	default:
		opts, err := redis.ParseURL(rawURL)
		if err != nil {
			return nil, parseError(u, err)
		}
		opts.ContextTimeoutEnabled = true
		client = redis.NewClient(opts)
	}
	ctx, cancel := context.WithTimeout(ctx, DefaultTimeout)
	defer cancel()
	if err := checkClient(ctx, client, u); err != nil {
		client.Close()
		return nil, err
	}
	return client, nil
}

// parseError is go-redis's error for the URL, without its password.
func parseError(u *url.URL, err error) error {
	msg := err.Error()
	if pw, ok := u.User.Password(); ok && pw != "" {
		msg = strings.ReplaceAll(msg, pw, "[redacted]")
	}
	return fmt.Errorf("redisstore: the Redis URL: %s", msg)
}

// checkClient asks Redis what the client reaches, and refuses what cannot
// work (see NewClientFromURL).
func checkClient(ctx context.Context, client redis.UniversalClient, u *url.URL) error {
	var err error
	switch c := client.(type) {
	case *redis.ClusterClient:
		err = c.Ping(ctx).Err()
		if err != nil && strings.Contains(err.Error(), "cluster support disabled") {
			return fmt.Errorf("redisstore: the Redis URL lists Cluster nodes (addr=), but %s is not in cluster mode: write redis://host:port/db without addr=", u.Host)
		}
	case *redis.Client:
		var info string
		info, err = c.Info(ctx, "cluster").Result()
		if err == nil && infoField(info, "cluster_enabled") == "1" {
			return fmt.Errorf("redisstore: the Redis URL names one server, but %s is a node of a Redis Cluster, which would answer MOVED to most calls: list the Cluster's nodes with addr=, e.g. %s (with your user and password, no database number)",
				u.Host, clusterURL(ctx, c, u))
		}
	}
	var reply redis.Error
	var unknownCA x509.UnknownAuthorityError
	var badHost x509.HostnameError
	var verify *tls.CertificateVerificationError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &reply):
		msg := reply.Error()
		if strings.HasPrefix(msg, "WRONGPASS") || strings.HasPrefix(msg, "NOAUTH") || strings.HasPrefix(msg, "NOPERM") {
			return fmt.Errorf("redisstore: Redis at %s refused the URL's credentials: %s", u.Host, msg)
		}
	case errors.As(err, &verify), errors.As(err, &unknownCA), errors.As(err, &badHost):
		return fmt.Errorf("redisstore: Redis at %s: its TLS certificate does not verify: %w", u.Host, err)
	}
	return nil // not answering yet, or INFO refused: the store copes
}

// clusterURL is the URL that reaches the Cluster of the node c reaches:
// the node first, then the other masters as addr=.
func clusterURL(ctx context.Context, c *redis.Client, u *url.URL) string {
	nodes, err := c.ClusterNodes(ctx).Result()
	var addrs []string
	if err == nil {
		for line := range strings.Lines(nodes) {
			f := strings.Fields(line)
			if len(f) < 3 || !slices.Contains(strings.Split(f[2], ","), "master") {
				continue
			}
			addr, _, _ := strings.Cut(f[1], "@")
			if addr != u.Host && !strings.HasPrefix(addr, ":") {
				addrs = append(addrs, addr)
			}
		}
	}
	slices.Sort(addrs)
	var b strings.Builder
	b.WriteString(u.Scheme + "://" + u.Host)
	for i, a := range addrs {
		b.WriteString(map[bool]string{true: "?", false: "&"}[i == 0] + "addr=" + a)
	}
	if len(addrs) == 0 {
		b.WriteString("?addr=" + u.Host) // a node to start from is enough
	}
	return b.String()
}
