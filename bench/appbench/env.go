package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/oauth2-proxy/mockoidc"
)

// env is every process of a run.
type env struct {
	s       settings
	dir     string
	procs   []*proc
	ceiling *proc
	redis   *proc
	oidc    *mockoidc.MockOIDC
	proxy   string // the oauth2-proxy binary
}

func newEnv(ctx context.Context, s settings) (*env, error) {
	dir, err := os.MkdirTemp("", "appbench-")
	if err != nil {
		return nil, err
	}
	e := &env{s: s, dir: dir}
	if e.proxy, err = buildOAuth2Proxy(ctx, dir, s.proxy); err != nil {
		e.close()
		return nil, err
	}
	if e.redis, err = startRedis(ctx); err != nil {
		e.close()
		return nil, err
	}
	e.procs = append(e.procs, e.redis)
	if e.ceiling, err = startChild(ctx, "ceiling", "-kind", kindCeiling); err != nil {
		e.close()
		return nil, err
	}
	e.procs = append(e.procs, e.ceiling)
	if e.oidc, err = mockoidc.Run(); err != nil {
		e.close()
		return nil, err
	}
	e.oidc.AccessTTL = 24 * time.Hour // no session expires during the run
	return e, nil
}

// close stops every process and removes the temporary directory.
func (e *env) close() {
	for _, p := range e.procs {
		p.stop()
	}
	if e.oidc != nil {
		e.oidc.Shutdown()
	}
	os.RemoveAll(e.dir)
}

// scenario is one server setup and the sessions its requests carry.
type scenario struct {
	name    string
	family  string // "workosauth", "oauth2-proxy" or "ceiling"
	store   string // "cookie", "redis" or ""
	many    bool   // many distinct sessions
	url     string
	cookies []string // Cookie headers, cycled through
	serving []*proc  // the process answering the request
	behind  []*proc  // processes it uses: oauth2-proxy's upstream, Redis
	results []result
}

// scenarios starts the servers and signs the sessions in.
func (e *env) scenarios(ctx context.Context) ([]*scenario, error) {
	out := []*scenario{{name: "ceiling: bare net/http handler", family: "ceiling", url: "http://" + e.ceiling.addr + guardedPath,
		cookies: []string{""}, serving: []*proc{e.ceiling}}}
	for _, store := range []string{"cookie", "redis"} {
		var behind []*proc
		redisArgs := []string{}
		if store == "redis" {
			behind, redisArgs = []*proc{e.redis}, []string{"-redis", e.redis.addr}
		}
		for _, c := range []struct {
			label          string
			many           bool
			cache, signins int
		}{
			{"1 session", false, 0, 1},
			{fmt.Sprintf("%d sessions, cache %d", e.s.sessions, e.s.cacheSize), true, e.s.cacheSize, e.s.sessions},
			{"cache off", true, -1, e.s.sessions},
		} {
			name := fmt.Sprintf("workosauth %s: %s", store, c.label)
			file := filepath.Join(e.dir, fmt.Sprintf("cookies-%s-%d", store, len(out)))
			args := append([]string{"-kind", kindWorkosauth, "-cache", strconv.Itoa(c.cache), "-sessions", strconv.Itoa(c.signins), "-cookies", file}, redisArgs...)
			p, err := startChild(ctx, name, args...)
			if err != nil {
				return nil, err
			}
			e.procs = append(e.procs, p)
			cookies, err := readLines(file)
			if err != nil {
				return nil, err
			}
			out = append(out, &scenario{name: name, family: "workosauth", store: store, many: c.many, url: "http://" + p.addr + guardedPath,
				cookies: cookies, serving: []*proc{p}, behind: behind})
		}
		name := "oauth2-proxy " + store
		p, err := startOAuth2Proxy(ctx, e.proxy, name, e.ceiling.addr, e.oidc.Issuer(), e.oidc.ClientID, e.oidc.ClientSecret, store, e.redis.addr)
		if err != nil {
			return nil, err
		}
		e.procs = append(e.procs, p)
		log.Printf("signing %d sessions in through %s", e.s.sessions, name)
		cookies, err := proxySignIns(ctx, p.addr, e.s.sessions)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		u := "http://" + p.addr + guardedPath
		proxied := append([]*proc{e.ceiling}, behind...)
		out = append(out,
			&scenario{name: name + ": 1 session", family: "oauth2-proxy", store: store, url: u, cookies: cookies[:1], serving: []*proc{p}, behind: proxied},
			&scenario{name: fmt.Sprintf("%s: %d sessions", name, e.s.sessions), family: "oauth2-proxy", store: store, many: true, url: u, cookies: cookies, serving: []*proc{p}, behind: proxied})
	}
	return out, nil
}

func readLines(file string) ([]string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 64<<10)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return lines, sc.Err()
}

// proxySignIns signs n sessions in through oauth2-proxy at addr (its
// /oauth2/start, mockoidc's authorize, its callback), one at a time
// (mockoidc's session store is not safe for concurrent use), and returns
// their Cookie headers.
func proxySignIns(ctx context.Context, addr string, n int) ([]string, error) {
	out := make([]string, n)
	for i := range out {
		c, err := proxySignIn(ctx, addr)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// proxySignIn is one browser sign-in through oauth2-proxy: it follows the
// redirects with a cookie jar of its own and returns the session cookies.
func proxySignIn(ctx context.Context, addr string) (string, error) {
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/oauth2/start?rd=%2F", nil)
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("sign-in ended with %d", resp.StatusCode)
	}
	u, _ := url.Parse("http://" + addr + "/")
	var parts []string
	for _, c := range jar.Cookies(u) {
		if strings.HasPrefix(c.Name, "_oauth2_proxy") && !strings.HasSuffix(c.Name, "_csrf") {
			parts = append(parts, c.Name+"="+c.Value)
		}
	}
	if len(parts) == 0 {
		return "", fmt.Errorf("no session cookie after the sign-in")
	}
	return strings.Join(parts, "; "), nil
}

// memoryPerSession measures what a session in workosauth's cache of
// opened sessions costs the heap: a fresh app, its live heap before and
// after 10,000 sign-ins (each session cached), for each store.
func (e *env) memoryPerSession(ctx context.Context) (string, error) {
	const n = 10000
	var b strings.Builder
	fmt.Fprintf(&b, "| workosauth store | live heap per cached session (%d sessions) |\n|---|--:|\n", n)
	for _, store := range []string{"cookie", "redis"} {
		args := []string{"-kind", kindWorkosauth, "-cache", strconv.Itoa(2 * n), "-sessions", "0"}
		if store == "redis" {
			args = append(args, "-redis", e.redis.addr)
		}
		p, err := startChild(ctx, "memory "+store, args...)
		if err != nil {
			return "", err
		}
		before, err1 := heapOf(ctx, p.addr)
		_, err2 := httpDo(ctx, http.MethodPost, "http://"+p.addr+"/debug/signin?n="+strconv.Itoa(n))
		after, err3 := heapOf(ctx, p.addr)
		p.stop()
		for _, err := range []error{err1, err2, err3} {
			if err != nil {
				return "", err
			}
		}
		fmt.Fprintf(&b, "| %s | %d B |\n", store, (int64(after)-int64(before))/n)
	}
	return b.String(), nil
}

func heapOf(ctx context.Context, addr string) (uint64, error) {
	body, err := httpDo(ctx, http.MethodGet, "http://"+addr+"/debug/heap")
	if err != nil {
		return 0, err
	}
	return strconv.ParseUint(strings.TrimSpace(body), 10, 64)
}

func httpDo(ctx context.Context, method, u string) (string, error) {
	req, _ := http.NewRequestWithContext(ctx, method, u, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s %s: %d %s", method, u, resp.StatusCode, body)
	}
	return string(body), err
}
