package core

import (
	"context"
	"errors"
	"time"

	"github.com/ssokit/workosauth/core/internal/telemetry"
	"github.com/ssokit/workosauth/core/store"
)

// revocationKind is r's kind, for its metrics.
func revocationKind(r revocation) telemetry.RevocationKind {
	if r.SessionID != "" {
		return telemetry.RevokeSession
	}
	return telemetry.RevokeMatch
}

// published counts a revocation handed to the feed, by how that went.
func (a *Auth) published(ctx context.Context, r revocation, err error) {
	res := telemetry.Published
	switch {
	case errors.Is(err, store.ErrUnavailable):
		res = telemetry.PublishUnavailable
	case err != nil:
		res = telemetry.PublishFailed
	}
	a.tel.RevocationPublished(ctx, revocationKind(r), res)
}

// applied counts a revocation that ended sessions the list did not end
// already, and, for one from the feed, the delay since it was made.
func (a *Auth) applied(r revocation, fromFeed bool, now time.Time) {
	src := telemetry.FromHere
	if fromFeed {
		src = telemetry.FromFeed
	}
	a.tel.RevocationApplied(context.Background(), revocationKind(r), src, r.Made, now)
}

// observedPoll is pollOnce in an events.poll span.
func (a *Auth) observedPoll(ctx context.Context, log store.EventLog, types []string, since time.Time) (bool, error) {
	ctx, o := a.startSpan(ctx, telemetry.FlowEventsPoll)
	defer o.span.End()
	full, err := a.pollOnce(ctx, log, types, since)
	if err != nil {
		o.span.Fail("workos_unavailable", 502) // WorkOS or the event log failed
	}
	return full, err
}
