// Command observe is the workosauth example on net/http with
// OpenTelemetry: it serves what examples/nethttp serves, each request
// traced and measured by otelhttp, and exports
//
//   - traces over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set
//     (e.g. http://localhost:4318 for an OpenTelemetry Collector or
//     Jaeger), named by OTEL_SERVICE_NAME (default workosauth-example);
//   - metrics for Prometheus at http://METRICS_ADDR/metrics when
//     METRICS_ADDR is set (e.g. 127.0.0.1:9464).
//
// It is a module of its own, so that the OpenTelemetry SDK and the
// exporters stay out of workosauth's requirements. The rest of the
// configuration is the examples' (see examples/nethttp); with no WorkOS
// settings it runs against the embedded emulator:
//
//	cd examples/observe && METRICS_ADDR=127.0.0.1:9464 go run .
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, func(app, metrics string) {
		if metrics != "" {
			fmt.Printf("metrics: http://%s/metrics\n", metrics)
		}
	}); err != nil {
		log.Fatal(err)
	}
}

// run serves the app, and the metrics on METRICS_ADDR, until ctx ends;
// started is told where each listens once both do.
func run(ctx context.Context, started func(app, metrics string)) error {
	obs, err := setupObservability(ctx)
	if err != nil {
		return err
	}
	defer func() {
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		obs.Shutdown(shut)
	}()
	app, err := loadApp()
	if err != nil {
		return err
	}
	defer app.Close()

	var servers []*http.Server
	serve := func(addr string, h http.Handler) (string, <-chan error, error) {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return "", nil, err
		}
		srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
		servers = append(servers, srv)
		done := make(chan error, 1)
		go func() { done <- srv.Serve(ln) }()
		return ln.Addr().String(), done, nil
	}
	// The server span and http.server.request.duration of each request;
	// workosauth's spans are its children.
	handler := otelhttp.NewHandler(app.handler(), "workosauth-example", otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string {
		if r.Pattern != "" {
			return r.Pattern
		}
		return r.Method
	}))
	appAddr, appDone, err := serve(app.Addr, handler)
	if err != nil {
		return err
	}
	metricsAddr, metricsDone := "", (<-chan error)(nil)
	if obs.Metrics != nil {
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", obs.Metrics)
		if metricsAddr, metricsDone, err = serve(os.Getenv("METRICS_ADDR"), mux); err != nil {
			servers[0].Close()
			return fmt.Errorf("METRICS_ADDR: %w", err)
		}
	}
	fmt.Print(app.Banner())
	started(appAddr, metricsAddr)
	select {
	case <-ctx.Done():
	case err = <-appDone:
	case err = <-metricsDone:
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, s := range servers {
		s.Shutdown(shut)
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}
