package telemetry

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// WebhookOutcome is how a webhook delivery was answered.
type WebhookOutcome uint8

// The outcomes of a webhook delivery.
const (
	WebhookHandled  WebhookOutcome = iota // 200: acted on
	WebhookRejected                       // 4xx: not acted on (no secrets, a bad signature, a bad body)
	WebhookRetry                          // 503: WorkOS is asked to deliver it again
	numWebhookOutcomes
)

var webhookOutcomes = [numWebhookOutcomes]string{"handled", "rejected", "retry"}

// handledEvents are the event types core acts on: always recorded.
var handledEvents = setOf(
	"dsync.user.deleted", "dsync.user.updated", "dsync.group.user_removed",
	"connection.deactivated", "connection.deleted", "organization.deleted",
)

// WebhookDelivery counts a webhook delivery
// (workosauth.webhook.deliveries). eventType is the type of the verified
// event, or "" before the delivery was verified and decoded (the
// attribute is then left out); a type core acts on is kept, another that
// looks like an event type is kept up to 64 distinct ones, anything else
// is "_OTHER". code is the answer's error code (core's), for a delivery
// not handled.
func (t *Telemetry) WebhookDelivery(ctx context.Context, eventType string, o WebhookOutcome, errCode string) {
	if t == nil || o >= numWebhookOutcomes {
		return
	}
	kvs := make([]attribute.KeyValue, 1, 3)
	kvs[0] = keyWebhookOutcome.String(webhookOutcomes[o])
	if eventType != "" {
		kvs = append(kvs, keyEventType.String(t.eventType(eventType)))
	}
	if o != WebhookHandled {
		kvs = append(kvs, keyErrorType.String(code(errCode)))
	}
	t.webhooks.Add(ctx, 1, metric.WithAttributes(kvs...))
}

// eventType is the attribute value of a WorkOS event type.
func (t *Telemetry) eventType(typ string) string {
	switch {
	case handledEvents[typ]:
		return typ
	case isEventType(typ):
		return t.eventTypes.value(typ)
	}
	return other
}
