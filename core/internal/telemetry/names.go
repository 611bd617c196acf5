package telemetry

import "go.opentelemetry.io/otel/attribute"

// ScopeName is the instrumentation scope of the tracer and the meter.
const ScopeName = "github.com/ssokit/workosauth"

// The instruments' names.
const (
	MetricSignIns            = "workosauth.sign_ins"
	MetricSignOuts           = "workosauth.sign_outs"
	MetricGuardDecisions     = "workosauth.guard.decisions"
	MetricCacheLookups       = "workosauth.session_cache.lookups"
	MetricWorkOSDuration     = "http.client.request.duration" // semantic conventions
	MetricRefreshes          = "workosauth.refreshes"
	MetricRevocationsPublish = "workosauth.revocations.published"
	MetricRevocationsApplied = "workosauth.revocations.applied"
	MetricRevocationDelay    = "workosauth.revocation.delay"
	MetricWebhookDeliveries  = "workosauth.webhook.deliveries"
	MetricFeedSynced         = "workosauth.revocation_feed.synced"
)

// The attributes' keys: the semantic conventions' where they exist.
const (
	keyErrorType      = attribute.Key("error.type")
	keyMethod         = attribute.Key("http.request.method")
	keyStatus         = attribute.Key("http.response.status_code")
	keyResendCount    = attribute.Key("http.request.resend_count")
	keyRequestID      = attribute.Key("http.response.header.x-request-id")
	keyURLTemplate    = attribute.Key("url.template")
	keyServerAddress  = attribute.Key("server.address")
	keyServerPort     = attribute.Key("server.port")
	keyUserID         = attribute.Key("user.id")
	keySignInOutcome  = attribute.Key("workosauth.sign_in.outcome")
	keySignInMethod   = attribute.Key("workosauth.sign_in.method")
	keyGuardDecision  = attribute.Key("workosauth.guard.decision")
	keyCacheResult    = attribute.Key("workosauth.session_cache.result")
	keyRefreshKind    = attribute.Key("workosauth.refresh.kind")
	keyRefreshOutcome = attribute.Key("workosauth.refresh.outcome")
	keyRevokeKind     = attribute.Key("workosauth.revocation.kind")
	keyRevokeSource   = attribute.Key("workosauth.revocation.source")
	keyEventType      = attribute.Key("workosauth.webhook.event_type")
	keyWebhookOutcome = attribute.Key("workosauth.webhook.outcome")
	keyOrganizationID = attribute.Key("workosauth.organization.id")
	keyConnectionID   = attribute.Key("workosauth.connection.id")
	keyEventCount     = attribute.Key("workosauth.events.count")
)

// other is the value of an attribute whose value was not one of those
// allowed: the semantic conventions' fallback for error.type.
const other = "_OTHER"

// Bucket boundaries, in seconds: the semantic conventions' for HTTP
// durations, and for the revocation delay from a millisecond (the same
// Redis) to a minute (an instance that was cut off).
var (
	httpDurationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}
	delayBuckets        = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}
)
