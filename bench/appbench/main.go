// Command appbench measures whole apps behind a load generator, on this
// machine's loopback: a workosauth app (the example's guarded /api/me on
// net/http, its sessions sealed in cookies or kept in Redis), oauth2-proxy
// v7 (built from the Go module proxy into a temporary directory, signed in
// against the mockoidc OIDC provider, cookie or Redis sessions) in front
// of a bare net/http handler, and that bare handler alone as the ceiling.
// For each: requests per second, p50 and p99 latency, and the CPU time of
// the serving processes per request, with one signed-in session and with
// many distinct ones (more than workosauth's cache of opened sessions
// holds); and the memory a cached session takes in workosauth's cache.
//
//	cd bench && go run ./appbench
//
// It needs redis-server on PATH and the go command; it starts every
// process it measures on 127.0.0.1 and stops them when it ends. It is not
// a test: `go test ./...` does not run it. See BENCHMARKS.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"slices"
	"strings"
	"time"
)

// settings are the command's flags.
type settings struct {
	conns     int
	duration  time.Duration
	rounds    int
	sessions  int
	cacheSize int
	proxy     string // oauth2-proxy module version
	only      string
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == serveCommand {
		serveMain(os.Args[2:]) // a child: the workosauth app or the ceiling
		return
	}
	var s settings
	flag.IntVar(&s.conns, "c", 16, "concurrent connections of the load generator")
	flag.DurationVar(&s.duration, "d", 3*time.Second, "duration of one round of one scenario")
	flag.IntVar(&s.rounds, "rounds", 3, "rounds per scenario, interleaved; the table shows medians")
	flag.IntVar(&s.sessions, "sessions", 2048, "distinct sessions of the many-sessions scenarios")
	flag.IntVar(&s.cacheSize, "cache", 256, "workosauth's SessionCacheSize in the many-sessions scenarios (fewer than -sessions)")
	flag.StringVar(&s.proxy, "oauth2-proxy", "v7.15.6", "version of github.com/oauth2-proxy/oauth2-proxy/v7 to build")
	flag.StringVar(&s.only, "only", "", "run only the scenarios whose name contains this")
	flag.Parse()
	log.SetFlags(log.Ltime)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, s); err != nil {
		log.Fatal(err)
	}
}

// run sets everything up, measures each scenario s.rounds times
// (interleaved, so that the machine's load spreads over all of them) and
// prints the tables.
func run(ctx context.Context, s settings) error {
	env, err := newEnv(ctx, s)
	if err != nil {
		return err
	}
	defer env.close()
	scenarios, err := env.scenarios(ctx)
	if err != nil {
		return err
	}
	scenarios = slices.DeleteFunc(scenarios, func(sc *scenario) bool { return s.only != "" && !strings.Contains(sc.name, s.only) })
	for round := range s.rounds {
		for _, sc := range scenarios {
			r, err := sc.measure(ctx, s)
			if err != nil {
				return fmt.Errorf("%s: %w", sc.name, err)
			}
			log.Printf("round %d %-40s %8.0f req/s  p99 %6.2f ms  %6.1f µs CPU/req", round+1, sc.name, r.rps, ms(r.p99), r.cpuPerReq)
			sc.results = append(sc.results, r)
		}
	}
	printTable(os.Stdout, s, scenarios)
	mem, err := env.memoryPerSession(ctx)
	if err != nil {
		return err
	}
	fmt.Println()
	fmt.Println(mem)
	return nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
