package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// result is one round of one scenario.
type result struct {
	rps          float64
	p50, p99     time.Duration
	cpuPerReq    float64 // µs of the serving process's CPU per request
	cpuAllPerReq float64 // µs of every server process's CPU (with upstream and Redis) per request
}

// warmup is how long each round runs before it is measured.
const warmup = 300 * time.Millisecond

// measure runs one round: s.conns connections, each sending GETs with the
// scenario's sessions in turn (connection i starts at session i), for
// warmup and then s.duration; every answer must be 200 with alice's
// profile, and every connection kept alive.
func (sc *scenario) measure(ctx context.Context, s settings) (result, error) {
	var dials atomic.Int64
	dialer := &net.Dialer{}
	tr := &http.Transport{MaxIdleConnsPerHost: s.conns, MaxConnsPerHost: s.conns, DisableCompression: true,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			dials.Add(1)
			return dialer.DialContext(ctx, network, addr)
		}}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	var (
		measuring atomic.Bool
		stop      atomic.Bool
		failed    atomic.Value
		wg        sync.WaitGroup
	)
	want := aliceJSON() // every server answers alice's profile
	lat := make([][]time.Duration, s.conns)
	for g := range s.conns {
		wg.Go(func() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, sc.url, nil)
			req.Header.Set("Accept", "application/json")
			for i := g; !stop.Load(); i += s.conns {
				if c := sc.cookies[i%len(sc.cookies)]; c != "" {
					req.Header.Set("Cookie", c)
				}
				start := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					var body []byte
					body, err = io.ReadAll(resp.Body)
					resp.Body.Close()
					if err == nil && (resp.StatusCode != http.StatusOK || !bytes.Equal(body, want)) {
						err = fmt.Errorf("answer %d %.80q, want 200 with alice's profile", resp.StatusCode, body)
					}
				}
				if err != nil {
					failed.CompareAndSwap(nil, err)
					return
				}
				if measuring.Load() {
					lat[g] = append(lat[g], time.Since(start))
				}
			}
		})
	}
	time.Sleep(warmup)
	cpu0, err0 := cpuOf(sc.serving)
	all0, err1 := cpuOf(append(sc.serving, sc.behind...))
	start := time.Now()
	measuring.Store(true)
	time.Sleep(s.duration)
	measuring.Store(false)
	elapsed := time.Since(start)
	cpu1, err2 := cpuOf(sc.serving)
	all1, err3 := cpuOf(append(sc.serving, sc.behind...))
	stop.Store(true)
	wg.Wait()
	if err, ok := failed.Load().(error); ok {
		return result{}, err
	}
	for _, err := range []error{err0, err1, err2, err3} {
		if err != nil {
			return result{}, err
		}
	}
	all := slices.Concat(lat...)
	if len(all) == 0 {
		return result{}, fmt.Errorf("no request finished")
	}
	slices.Sort(all)
	n := float64(len(all))
	if d := dials.Load(); d > int64(2*s.conns) {
		return result{}, fmt.Errorf("the load generator opened %d connections for %d keep-alive ones: the server closes them", d, s.conns)
	}
	return result{
		rps: n / elapsed.Seconds(),
		p50: all[len(all)/2], p99: all[min(len(all)-1, len(all)*99/100)],
		cpuPerReq:    float64((cpu1 - cpu0).Microseconds()) / n,
		cpuAllPerReq: float64((all1 - all0).Microseconds()) / n,
	}, nil
}
