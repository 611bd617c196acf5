package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	redisstore "github.com/ssokit/workosauth/stores/redis"
	"github.com/ssokit/workosauth/workostest"
)

// serveCommand is the first argument of appbench run as one of the
// servers it measures (a child process of its own).
const serveCommand = "serve"

// Kinds of child servers.
const (
	kindCeiling    = "ceiling"
	kindWorkosauth = "workosauth"
)

const (
	guardedPath   = "/api/me"
	benchPassword = "appbench-cookie-password-0123456789abcdef"
	aliceEmail    = "alice@acme.test"
)

// serveMain runs a child server: it listens on 127.0.0.1, writes the
// signed-in sessions' Cookie headers to -cookies (workosauth), prints
// "listening <addr>" and serves until killed.
func serveMain(args []string) {
	fs := flag.NewFlagSet(serveCommand, flag.ExitOnError)
	kind := fs.String("kind", kindCeiling, "ceiling or workosauth")
	redisAddr := fs.String("redis", "", "keep sessions in this Redis (workosauth)")
	cache := fs.Int("cache", 0, "SessionCacheSize (0: the default)")
	sessions := fs.Int("sessions", 1, "sessions to sign in at start (workosauth)")
	cookies := fs.String("cookies", "", "file to write the sessions' Cookie headers to, one a line")
	fs.Parse(args)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	var h http.Handler
	switch *kind {
	case kindCeiling:
		h = ceiling()
	case kindWorkosauth:
		app, err := newApp("http://"+ln.Addr().String(), *redisAddr, *cache)
		if err != nil {
			log.Fatal(err)
		}
		if err := app.signIn(*sessions, *cookies); err != nil {
			log.Fatal(err)
		}
		h = app.routes()
	default:
		log.Fatalf("unknown kind %q", *kind)
	}
	fmt.Printf("listening %s\n", ln.Addr())
	log.Fatal(http.Serve(ln, h))
}

// aliceJSON is the profile the ceiling answers with, as /api/me does.
func aliceJSON() []byte {
	p, _ := workostest.DemoProfile(aliceEmail)
	b, _ := json.Marshal(p)
	return append(b, '\n')
}

// ceiling is a bare net/http handler: the same answer as the guarded
// route, without any authentication. oauth2-proxy's upstream too.
func ceiling() http.Handler {
	body := aliceJSON()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	})
}

// app is the workosauth app: the example's /api/me on net/http, against
// the embedded WorkOS emulator (as the example in dev mode).
type app struct {
	auth    *core.Auth
	profile core.Profile
}

func newApp(origin, redisAddr string, cache int) (*app, error) {
	emu, err := workostest.Start("127.0.0.1:0", workostest.Options{RedirectURIs: []string{origin + "/auth/callback"}})
	if err != nil {
		return nil, err
	}
	cfg := core.Config{
		ClientID:       emu.ClientID,
		APIKey:         core.NewSecret(emu.APIKey),
		RedirectURI:    origin + "/auth/callback",
		CookiePassword: core.NewSecret(benchPassword),
		Sessions:       core.SessionConfig{CacheSize: cache},
		WorkOS:         core.WorkOSConfig{BaseURL: emu.URL},
	}
	if redisAddr != "" { // as the example does with REDIS_URL
		client := redis.NewClient(&redis.Options{Addr: redisAddr, ContextTimeoutEnabled: true})
		rs := redisstore.New(client, redisstore.Options{})
		cfg.Sessions.Store, cfg.Sessions.Revocations, cfg.Events.Log = rs, rs, rs
	}
	auth, err := core.New(cfg)
	if err != nil {
		return nil, err
	}
	p, _ := workostest.DemoProfile(aliceEmail)
	return &app{auth: auth, profile: p}, nil
}

// routes are the example's sign-in routes and guarded JSON route, and the
// bench's memory probes.
func (a *app) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/auth/", workoshttp.Handler(a.auth))
	guard := workoshttp.RequireWorkOS(a.auth, core.AcceptBearer(), core.NoStore()) // the example's GuardOptions
	mux.Handle("GET "+guardedPath, guard(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := workoshttp.Profile(r)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(p)
	})))
	mux.HandleFunc("GET /debug/heap", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, heapBytes())
	})
	mux.HandleFunc("POST /debug/signin", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		if err := a.signIn(n, ""); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
	return mux
}

// signIn signs n sessions in (SessionCookies: what the callback sets,
// the session cached as after a sign-in) and writes their Cookie headers
// to file, unless file is "".
func (a *app) signIn(n int, file string) error {
	var out *bufio.Writer
	if file != "" {
		f, err := os.Create(file)
		if err != nil {
			return err
		}
		defer f.Close()
		out = bufio.NewWriter(f)
		defer out.Flush()
	}
	for range n {
		_, cs, err := workostest.SessionCookies(context.Background(), a.auth, a.profile)
		if err != nil {
			return err
		}
		if out != nil {
			parts := make([]string, len(cs))
			for i, c := range cs {
				parts[i] = c.Name + "=" + c.Value
			}
			fmt.Fprintln(out, strings.Join(parts, "; "))
		}
	}
	return nil
}

// heapBytes is the live heap after two collections.
func heapBytes() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
