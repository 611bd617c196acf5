// Package telemetry is workosauth's OpenTelemetry instrumentation: the
// tracer and the instruments, built once from a trace.TracerProvider and
// a metric.MeterProvider (the global ones when nil), and typed helpers
// that record them. It depends on the OpenTelemetry API only; without an
// SDK installed every call is a no-op that allocates nothing.
//
// Names follow the OpenTelemetry semantic conventions where they exist
// (the WorkOS calls are HTTP client calls: http.client.request.duration
// and client spans named "{method} {url.template}"); the rest live in the
// workosauth namespace:
//
//	workosauth.sign_ins                  counter   {sign_in}     workosauth.sign_in.outcome, error.type
//	workosauth.sign_outs                 counter   {sign_out}    (none)
//	workosauth.guard.decisions           counter   {decision}    workosauth.guard.decision, error.type
//	workosauth.session_cache.lookups     counter   {lookup}      workosauth.session_cache.result
//	http.client.request.duration         histogram s             http.request.method, url.template, server.address, server.port, http.response.status_code, error.type
//	workosauth.refreshes                 counter   {refresh}     workosauth.refresh.kind, workosauth.refresh.outcome
//	workosauth.revocations.published     counter   {revocation}  workosauth.revocation.kind, error.type
//	workosauth.revocations.applied       counter   {revocation}  workosauth.revocation.kind, workosauth.revocation.source
//	workosauth.revocation.delay          histogram s             workosauth.revocation.kind
//	workosauth.webhook.deliveries        counter   {delivery}    workosauth.webhook.event_type, workosauth.webhook.outcome, error.type
//	workosauth.revocation_feed.synced    gauge     (none: 0/1)   (none)
//
// Attribute hygiene holds by construction: no helper takes a free-form
// string that reaches an attribute unchecked. Outcomes and decisions are
// typed constants; error codes, event types and IDs are checked against
// a list or a strict pattern (anything else becomes "_OTHER" or is left
// out), and the open-ended ones that pass are capped in number, so that
// a secret, a token, a code, a cookie value or an email address cannot
// become an attribute, nor can a client multiply the series.
package telemetry
