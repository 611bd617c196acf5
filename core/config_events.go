package core

import (
	"context"
	"strings"
	"time"

	"github.com/ssokit/workosauth/core/events"
	"github.com/ssokit/workosauth/core/internal/webhook"
	"github.com/ssokit/workosauth/core/store"
)

// EventConfig is the Events group of [Config]: WorkOS events (delivered
// to the webhooks route, or read with [Auth.PollEvents]) and the audit
// events workosauth itself emits.
type EventConfig struct {
	// WebhookSecrets enable POST <AuthPath>/webhooks, where WorkOS
	// delivers events: the endpoint's secret from the WorkOS dashboard
	// first, then previous ones still accepted while rotating. Default:
	// none, and the route answers 404.
	WebhookSecrets []Secret
	// WebhookTolerance is how far a delivery's signature time may be from
	// now, either way. Default: 3 minutes, as WorkOS's SDKs check.
	WebhookTolerance time.Duration
	// OnEvent receives every verified WorkOS event, from webhooks or
	// [Auth.PollEvents], once per event ID, after workosauth has acted on
	// it (see package events). An error it returns is logged and the
	// delivery answered 503, so that WorkOS delivers the event again and
	// OnEvent runs again then; [Auth.PollEvents] logs it and goes on, so
	// that a failing OnEvent never holds up the events behind it. Log
	// makes it run once even when a call to it fails. Keep it quick (well
	// under a minute): WorkOS waits for the answer. Default: nil.
	OnEvent func(ctx context.Context, e events.Event) error
	// Log remembers which events were handled and the Events API cursor,
	// shared by every instance, so that OnEvent runs once per event
	// across the fleet. Default: nil, an in-memory log of the last 10000
	// event IDs in each process (New warns when the app handles events
	// and its Sessions.Store or Sessions.Revocations could be the log).
	Log store.EventLog
	// OnAudit is called after each audit event ([AuditEvent]), with the
	// request's context; an error it returns is logged. Default: nil.
	OnAudit func(ctx context.Context, e AuditEvent) error
}

func (c EventConfig) withDefaults() EventConfig {
	var secrets []Secret
	for _, s := range c.WebhookSecrets {
		if v := strings.TrimSpace(s.Reveal()); v != "" {
			secrets = append(secrets, NewSecret(v))
		}
	}
	c.WebhookSecrets = secrets
	if c.WebhookTolerance <= 0 {
		c.WebhookTolerance = webhook.DefaultTolerance
	}
	return c
}
