package core

import (
	"context"
	"errors"

	"github.com/ssokit/workosauth/core/internal/telemetry"
)

// observedRefresh is refreshOnce (the refresh that calls WorkOS, made once
// for every request that shares it) in a span of its own (or the
// organization switch's, when the request is one), counted by its outcome.
func (a *Auth) observedRefresh(ctx context.Context, token string, s *Session, organizationID string) (*refreshed, error) {
	kind, flow := telemetry.RefreshPlain, telemetry.FlowRefresh
	if organizationID != "" {
		kind, flow = telemetry.RefreshSwitch, telemetry.FlowOrganizationSwitch
	}
	o := obsFrom(ctx)
	if o == nil || o.flow != flow {
		ctx, o = a.startSpan(ctx, flow)
		defer o.span.End()
	}
	o.span.User(s.Profile.ID)
	o.span.Organization(organizationID)
	r, err := a.refreshOnce(ctx, token, s, organizationID, true)
	out := refreshOutcome(err, o.adopted)
	o.span.Refresh(kind, out)
	a.tel.Refresh(ctx, kind, out)
	return r, err
}

// refreshOutcome classifies what refreshOnce returned.
func refreshOutcome(err error, adopted bool) telemetry.RefreshOutcome {
	switch {
	case err == nil && adopted:
		return telemetry.RefreshAdopted
	case err == nil:
		return telemetry.Refreshed
	case errors.As(err, new(*signInRefusal)):
		return telemetry.RefreshRefused
	case errors.Is(err, errRefreshUnavailable):
		return telemetry.RefreshUnavailable
	case errors.Is(err, errSessionEnded), errors.Is(err, errSessionGone):
		return telemetry.RefreshEnded
	}
	return telemetry.RefreshRefused // a switch WorkOS refused (or answered with another organization)
}

// adoptedRefresh notes that ctx's refresh took the session another
// instance refreshed.
func adoptedRefresh(ctx context.Context) {
	if o := obsFrom(ctx); o != nil {
		o.adopted = true
	}
}
