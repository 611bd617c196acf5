package workostest

import (
	"context"
	"slices"
)

// Events caused by a request to the emulator (a sign-in, a membership
// change, a session revoked through the API) are recorded at once, so GET
// /events serves them as soon as the request is answered, and delivered
// to the webhook endpoints in the background, in order, as WorkOS
// delivers them. The Go helpers (DeleteUser, RevokeSession...) deliver
// before they return instead.

// queuedEvent is an event waiting for delivery to the endpoints that
// were set up when it was recorded.
type queuedEvent struct {
	event     Event
	endpoints []webhookEndpoint
}

// outbox holds the events waiting for background delivery; guarded by
// Server.mu.
type outbox struct {
	queue []queuedEvent
	wake  chan struct{} // capacity 1: there is something to deliver
}

// unlockAndDeliver releases s.mu, then queues events for delivery: the
// deferred end of a handler that recorded events under s.mu.
func (s *Server) unlockAndDeliver(events *[]Event) {
	s.mu.Unlock()
	s.deliverLater(*events...)
}

// deliverLater queues events for delivery to the endpoints set up now.
// s.mu is not held.
func (s *Server) deliverLater(events ...Event) {
	if len(events) == 0 {
		return
	}
	s.mu.Lock()
	if len(s.webhookEndpoints) > 0 {
		for _, e := range events {
			s.outbox.queue = append(s.outbox.queue, queuedEvent{event: e, endpoints: slices.Clone(s.webhookEndpoints)})
		}
	}
	s.mu.Unlock()
	select {
	case s.outbox.wake <- struct{}{}:
	default:
	}
}

// deliverQueued delivers queued events until the server closes; a
// delivery under way then is aborted. Failures are logged.
func (s *Server) deliverQueued() {
	defer close(s.outboxDone)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-s.done
		cancel()
	}()
	for {
		select {
		case <-s.done:
			return
		case <-s.outbox.wake:
		}
		for {
			s.mu.Lock()
			if len(s.outbox.queue) == 0 {
				s.mu.Unlock()
				break
			}
			q := s.outbox.queue[0]
			s.outbox.queue = s.outbox.queue[1:]
			s.mu.Unlock()
			if err := deliverAll(ctx, q.endpoints, q.event); err != nil && ctx.Err() == nil {
				s.logger.Warn("workostest: webhook delivery failed", "event", q.event.ID, "type", q.event.Type, "err", err)
			}
		}
	}
}
