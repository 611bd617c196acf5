package telemetry

import (
	"errors"
	"net"
	"net/url"
	"strconv"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/trace"
)

// Config says where the telemetry goes.
type Config struct {
	// TracerProvider makes the tracer; nil: otel.GetTracerProvider().
	TracerProvider trace.TracerProvider
	// MeterProvider makes the instruments; nil: otel.GetMeterProvider().
	MeterProvider metric.MeterProvider
	// WorkOSBaseURL is the WorkOS API's origin, for the server.address
	// and server.port of its calls.
	WorkOSBaseURL string
}

// Telemetry records workosauth's spans and metrics. Build it with [New];
// it is safe for concurrent use, and a nil *Telemetry records nothing.
type Telemetry struct {
	tracer trace.Tracer
	meter  metric.Meter

	signIns    metric.Int64Counter
	signOuts   metric.Int64Counter
	guard      metric.Int64Counter
	cache      metric.Int64Counter
	workos     metric.Float64Histogram
	refreshes  metric.Int64Counter
	published  metric.Int64Counter
	applied    metric.Int64Counter
	delay      metric.Float64Histogram
	webhooks   metric.Int64Counter
	feedSynced metric.Int64ObservableGauge

	// Precomputed options, so that the guard's path allocates nothing.
	guardOpts [numGuardDecisions][]metric.AddOption
	cacheOpts [2][]metric.AddOption

	server     string // WorkOS's host
	serverPort int    // and port

	appCodes   *capped // refusal codes of the app's OnSignIn
	eventTypes *capped // WorkOS event types of verified deliveries
}

// Caps on the distinct values of the open-ended attributes.
const (
	maxAppCodes   = 32
	maxEventTypes = 64
)

// New builds the tracer and the instruments. An instrument the provider
// refuses is replaced by a no-op one, and the error says which; the
// Telemetry returned is usable either way.
func New(cfg Config) (*Telemetry, error) {
	tp, mp := cfg.TracerProvider, cfg.MeterProvider
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	if mp == nil {
		mp = otel.GetMeterProvider()
	}
	m := mp.Meter(ScopeName)
	t := &Telemetry{
		tracer:     tp.Tracer(ScopeName),
		meter:      m,
		appCodes:   newCapped(maxAppCodes),
		eventTypes: newCapped(maxEventTypes),
	}
	t.server, t.serverPort = serverOf(cfg.WorkOSBaseURL)
	var errs []error
	counter := func(name, unit, desc string) metric.Int64Counter {
		c, err := m.Int64Counter(name, metric.WithUnit(unit), metric.WithDescription(desc))
		if err != nil {
			errs = append(errs, err)
			return noop.Int64Counter{}
		}
		return c
	}
	histogram := func(name, desc string, buckets []float64) metric.Float64Histogram {
		h, err := m.Float64Histogram(name, metric.WithUnit("s"), metric.WithDescription(desc), metric.WithExplicitBucketBoundaries(buckets...))
		if err != nil {
			errs = append(errs, err)
			return noop.Float64Histogram{}
		}
		return h
	}
	t.signIns = counter(MetricSignIns, "{sign_in}", "Sign-ins finished, by outcome and refusal code.")
	t.signOuts = counter(MetricSignOuts, "{sign_out}", "Sessions ended by sign-out.")
	t.guard = counter(MetricGuardDecisions, "{decision}", "Requests a guard decided on, by decision.")
	t.cache = counter(MetricCacheLookups, "{lookup}", "Lookups of the cache of opened sessions, hits and misses.")
	t.workos = histogram(MetricWorkOSDuration, "Duration of HTTP client requests.", httpDurationBuckets)
	t.refreshes = counter(MetricRefreshes, "{refresh}", "AuthKit session refreshes and organization switches, by outcome.")
	t.published = counter(MetricRevocationsPublish, "{revocation}", "Revocations made here and shared with the other instances.")
	t.applied = counter(MetricRevocationsApplied, "{revocation}", "Revocations applied here, made here or learnt from the feed.")
	t.delay = histogram(MetricRevocationDelay, "Time from a revocation on any instance to its application here.", delayBuckets)
	t.webhooks = counter(MetricWebhookDeliveries, "{delivery}", "WorkOS webhook deliveries, by event type and outcome.")
	// No unit: a state, 0 or 1 (unit "1" would read as a ratio, and
	// Prometheus names it so).
	g, err := m.Int64ObservableGauge(MetricFeedSynced,
		metric.WithDescription("1 while the revocation feed has every revocation in force, 0 while it may miss some."))
	if err != nil {
		errs = append(errs, err)
		g = noop.Int64ObservableGauge{}
	}
	t.feedSynced = g
	t.precompute()
	return t, errors.Join(errs...)
}

// serverOf is the host and port of a base URL (443 or 80 by scheme when
// it names none); empty and 0 when it does not parse.
func serverOf(base string) (string, int) {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return "", 0
	}
	port, err := strconv.Atoi(u.Port())
	if err != nil {
		port = 443
		if u.Scheme == "http" {
			port = 80
		}
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); ip != nil {
		host = ip.String()
	}
	return host, port
}
