package telemetry

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// RefreshKind says what an AuthKit refresh was for.
type RefreshKind uint8

// The kinds of refresh.
const (
	RefreshPlain  RefreshKind = iota // the access token expired
	RefreshSwitch                    // an organization switch
	numRefreshKinds
)

var refreshKinds = [numRefreshKinds]string{"refresh", "organization_switch"}

// RefreshOutcome is how an AuthKit refresh ended.
type RefreshOutcome uint8

// The outcomes of a refresh.
const (
	Refreshed          RefreshOutcome = iota // WorkOS answered new tokens
	RefreshAdopted                           // another instance had refreshed first; its session was taken
	RefreshEnded                             // WorkOS ended the session (signed out)
	RefreshRefused                           // OnSignIn refused the profile, or WorkOS refused the switch
	RefreshUnavailable                       // WorkOS or the store failed; the session is kept, tried again later
	numRefreshOutcomes
)

var refreshOutcomes = [numRefreshOutcomes]string{"refreshed", "adopted", "ended", "refused", "unavailable"}

// Refresh counts an AuthKit refresh that called WorkOS or ended
// (workosauth.refreshes): requests that shared another's refresh are
// not counted again.
func (t *Telemetry) Refresh(ctx context.Context, k RefreshKind, o RefreshOutcome) {
	if t == nil || k >= numRefreshKinds || o >= numRefreshOutcomes {
		return
	}
	t.refreshes.Add(ctx, 1, metric.WithAttributeSet(attribute.NewSet(keyRefreshKind.String(refreshKinds[k]), keyRefreshOutcome.String(refreshOutcomes[o]))))
}
