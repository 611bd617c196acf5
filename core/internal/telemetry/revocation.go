package telemetry

import (
	"context"
	"time"

	"go.opentelemetry.io/otel/metric"
)

// RevocationKind says what a revocation ends.
type RevocationKind uint8

// The kinds of revocation.
const (
	RevokeSession RevocationKind = iota // one session, by ID
	RevokeMatch                         // every session a Match selects
	numRevocationKinds
)

var revocationKinds = [numRevocationKinds]string{"session", "match"}

// PublishResult is how sharing a revocation went.
type PublishResult uint8

// The results of publishing a revocation.
const (
	Published          PublishResult = iota // the feed recorded it
	PublishUnavailable                      // the feed could not record it now (ErrStoreUnavailable); it keeps trying
	PublishFailed                           // the feed failed otherwise
	numPublishResults
)

var publishErrors = [numPublishResults]string{"", "unavailable", other}

// RevocationSource says where a revocation applied here was made.
type RevocationSource uint8

// The sources of a revocation.
const (
	FromHere RevocationSource = iota // made by this instance
	FromFeed                         // learnt from the revocation feed
	numRevocationSources
)

var revocationSources = [numRevocationSources]string{"local", "feed"}

// RevocationPublished counts a revocation made here and handed to the
// feed (workosauth.revocations.published), with error.type when the feed
// could not record it.
func (t *Telemetry) RevocationPublished(ctx context.Context, k RevocationKind, r PublishResult) {
	if t == nil || k >= numRevocationKinds || r >= numPublishResults {
		return
	}
	if r == Published {
		t.published.Add(ctx, 1, metric.WithAttributes(keyRevokeKind.String(revocationKinds[k])))
		return
	}
	t.published.Add(ctx, 1, metric.WithAttributes(keyRevokeKind.String(revocationKinds[k]), keyErrorType.String(publishErrors[r])))
}

// RevocationApplied counts a revocation applied here that ended sessions
// the list did not end already (workosauth.revocations.applied), and,
// for one from the feed made at made (not zero), records the delay from
// then to now (workosauth.revocation.delay; a clock behind the other
// instance's counts as no delay).
func (t *Telemetry) RevocationApplied(ctx context.Context, k RevocationKind, src RevocationSource, made, now time.Time) {
	if t == nil || k >= numRevocationKinds || src >= numRevocationSources {
		return
	}
	kind := keyRevokeKind.String(revocationKinds[k])
	t.applied.Add(ctx, 1, metric.WithAttributes(kind, keyRevokeSource.String(revocationSources[src])))
	if src == FromFeed && !made.IsZero() {
		t.delay.Record(ctx, max(now.Sub(made), 0).Seconds(), metric.WithAttributes(kind))
	}
}

// ObserveFeed reports synced() as workosauth.revocation_feed.synced (1
// or 0) at each collection, until stop is called. An app without a
// revocation feed does not call it: the gauge then has no value.
func (t *Telemetry) ObserveFeed(synced func() bool) (stop func() error, err error) {
	if t == nil {
		return func() error { return nil }, nil
	}
	reg, err := t.meter.RegisterCallback(func(_ context.Context, o metric.Observer) error {
		v := int64(0)
		if synced() {
			v = 1
		}
		o.ObserveInt64(t.feedSynced, v)
		return nil
	}, t.feedSynced)
	if err != nil {
		return func() error { return nil }, err
	}
	return reg.Unregister, nil
}
