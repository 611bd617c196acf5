package core

import (
	"errors"
	"net/http"

	"github.com/ssokit/workosauth/core/internal/webhook"
	"github.com/ssokit/workosauth/internal/seam"
)

// maxWebhookBytes is the largest webhook delivery read; a larger one gets
// 413. WorkOS's events are a few kilobytes.
const maxWebhookBytes = seam.MaxWebhookBytes

// webhooks serves POST <AuthPath>/webhooks, where WorkOS delivers events
// once an endpoint is set up in its dashboard with [EventConfig.WebhookSecrets].
// A delivery is acted on only when its WorkOS-Signature header verifies
// under one of the secrets and was made within Config.Events.WebhookTolerance of
// now. Then the sessions the event ends are ended everywhere (see
// events.Handled) and [EventConfig.OnEvent] is called once per event ID; the
// answer is 200 {"ok":true}. A repeated delivery ends the same sessions
// again, which changes nothing.
//
// Without secrets the route is 404. Other methods get 405; a body over
// maxWebhookBytes 413; a missing or malformed signature or body 400; a
// signature that does not match, or is too old or too far ahead, 401.
// None of these has any effect. 503 asks WorkOS to deliver again later:
// the revocation could not be shared with the other instances just now.
func (a *Auth) webhooks(x exchange) {
	x.SetHeader("Cache-Control", "no-store")
	if len(a.cfg.Events.WebhookSecrets) == 0 {
		hookAnswer(x, http.StatusNotFound, "not_found")
		return
	}
	if x.Method() != http.MethodPost {
		x.SetHeader("Allow", http.MethodPost)
		hookAnswer(x, http.StatusMethodNotAllowed, "method_not_allowed")
		return
	}
	body, err := x.Body(maxWebhookBytes)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			hookAnswer(x, http.StatusRequestEntityTooLarge, "too_large")
			return
		}
		hookAnswer(x, http.StatusBadRequest, "unreadable_body")
		return
	}
	if _, err := webhook.Verify(x.Header(webhook.HeaderName), body, reveal(a.cfg.Events.WebhookSecrets), a.now(), a.cfg.Events.WebhookTolerance); err != nil {
		switch {
		case errors.Is(err, webhook.ErrMalformed):
			hookAnswer(x, http.StatusBadRequest, "bad_signature_header")
		case errors.Is(err, webhook.ErrExpired):
			hookAnswer(x, http.StatusUnauthorized, "signature_expired")
		default:
			hookAnswer(x, http.StatusUnauthorized, "bad_signature")
		}
		return
	}
	e, err := webhook.Decode(body)
	if err != nil {
		a.log.Warn("workosauth: a signed webhook delivery is not a WorkOS event", "error", err)
		hookAnswer(x, http.StatusBadRequest, "bad_event")
		return
	}
	noteWebhook(x.Context(), e.Type, "")
	if err := a.handleEvent(x.Context(), &e); err != nil {
		a.log.Warn("workosauth: webhook event not handled yet; WorkOS will deliver it again", "event_id", e.ID, "event", e.Type, "error", err)
		hookAnswer(x, http.StatusServiceUnavailable, "try_again")
		return
	}
	writeJSON(x, http.StatusOK, map[string]any{"ok": true})
}

// hookAnswer answers a webhook delivery that is not acted on.
func hookAnswer(x exchange, status int, code string) {
	noteWebhook(x.Context(), "", code)
	writeJSON(x, status, map[string]any{"ok": false, "error": code})
}
