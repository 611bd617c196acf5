package telemetry

import (
	"context"
	"slices"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// GuardDecision is what a guard answered a request.
type GuardDecision uint8

// The guard's decisions: let through (200), or a Denial's status and code.
const (
	GuardAllowed         GuardDecision = iota // let through, signed in or (Optional) not
	GuardUnauthenticated                      // 401 unauthenticated
	GuardReauthenticate                       // 401 reauthentication_required
	GuardInvalidToken                         // 401 invalid_token (a Bearer token refused)
	GuardForbidden                            // 403 forbidden
	GuardUnavailable                          // 503 session_unavailable
	numGuardDecisions
)

// guardAttrs are each decision's workosauth.guard.decision (allowed,
// unauthenticated, forbidden or unavailable: 200, 401, 403 or 503) and,
// for a denial, its code as error.type.
var guardAttrs = [numGuardDecisions][]attribute.KeyValue{
	GuardAllowed:         {keyGuardDecision.String("allowed")},
	GuardUnauthenticated: {keyGuardDecision.String("unauthenticated"), keyErrorType.String("unauthenticated")},
	GuardReauthenticate:  {keyGuardDecision.String("unauthenticated"), keyErrorType.String("reauthentication_required")},
	GuardInvalidToken:    {keyGuardDecision.String("unauthenticated"), keyErrorType.String("invalid_token")},
	GuardForbidden:       {keyGuardDecision.String("forbidden"), keyErrorType.String("forbidden")},
	GuardUnavailable:     {keyGuardDecision.String("unavailable"), keyErrorType.String("session_unavailable")},
}

// GuardDenial is the decision of a Denial with this code.
func GuardDenial(code string) GuardDecision {
	switch code {
	case "reauthentication_required":
		return GuardReauthenticate
	case "invalid_token":
		return GuardInvalidToken
	case "forbidden":
		return GuardForbidden
	case "session_unavailable":
		return GuardUnavailable
	}
	return GuardUnauthenticated
}

// precompute builds the options of the hot path's measurements once.
// attribute.NewSet sorts the slice it is given in place: it gets a copy
// of guardAttrs, which every Telemetry shares (two Auths built at once
// would race on it otherwise).
func (t *Telemetry) precompute() {
	for d, kvs := range guardAttrs {
		t.guardOpts[d] = []metric.AddOption{metric.WithAttributeSet(attribute.NewSet(slices.Clone(kvs)...))}
	}
	t.cacheOpts[0] = []metric.AddOption{metric.WithAttributeSet(attribute.NewSet(keyCacheResult.String("miss")))}
	t.cacheOpts[1] = []metric.AddOption{metric.WithAttributeSet(attribute.NewSet(keyCacheResult.String("hit")))}
}

// Guard counts a guard's decision (workosauth.guard.decisions). It
// allocates nothing. A nil ctx is context.Background().
func (t *Telemetry) Guard(ctx context.Context, d GuardDecision) {
	if t == nil || d >= numGuardDecisions {
		return
	}
	if ctx == nil {
		ctx = context.Background()
	}
	t.guard.Add(ctx, 1, t.guardOpts[d]...)
}

// CacheLookup counts a lookup of the cache of opened sessions, a hit or a
// miss (workosauth.session_cache.lookups). It allocates nothing. A nil
// ctx is context.Background().
func (t *Telemetry) CacheLookup(ctx context.Context, hit bool) {
	if t == nil {
		return
	}
	if ctx == nil {
		ctx = context.Background()
	}
	i := 0
	if hit {
		i = 1
	}
	t.cache.Add(ctx, 1, t.cacheOpts[i]...)
}
