package core

import (
	"errors"
	"net/http"
	"time"
)

// callback finishes a sign-in. Whatever happens, the flow's cookie is
// deleted and no session is set unless everything checked out.
func (a *Auth) callback(x exchange) {
	if m := x.Method(); m != http.MethodGet && m != http.MethodHead {
		x.SetHeader("Allow", "GET, HEAD")
		a.fail(x, userError(http.StatusMethodNotAllowed, "method_not_allowed", "The callback takes GET."))
		return
	}
	s, err := a.finish(x)
	if err != nil {
		var refusal *signInRefusal
		if errors.As(err, &refusal) {
			refusedByApp(x.Context())
			a.refused(x, refusal.e, "", "")
			a.fail(x, refusal.e) // the app's own words and status, escaped
			return
		}
		if a.mode.chooseOrganization(x, err) { // AuthKit: organization_selection_required
			return
		}
		e := asError(err)
		a.refused(x, e, "", "")
		if e.Status >= 500 {
			a.fail(x, e)
		} else {
			a.failToSignIn(x, e)
		}
		return
	}
	a.landing(x, s) // a redirect, or a page that moves on for SameSite Strict
}

// sessionError answers a session that could not be saved: too large for a
// cookie (the operator needs a server-side store: 403, and the log says
// so), a store unavailable (503) or failing (502).
func sessionError(err error) *Error {
	switch {
	case errors.Is(err, errSessionTooLarge):
		return &Error{Status: http.StatusForbidden, Code: "session_too_large", Message: errorMessages["session_too_large"], Err: err}
	case errors.Is(err, ErrStoreUnavailable):
		return &Error{Status: http.StatusServiceUnavailable, Code: "session_unavailable", Message: "Sessions cannot be saved just now. Please try again in a moment.", Err: err}
	}
	return &Error{Status: http.StatusBadGateway, Code: "session_failed", Message: "The session could not be saved. Please try again.", Err: err}
}

// finish checks the callback and sets the session; it returns where to go.
func (a *Auth) finish(x exchange) (string, error) {
	f, err := a.callbackFlow(x)
	if err != nil {
		return "", err
	}
	code, err := one(x, "code")
	if err != nil {
		return "", err
	}
	if code == "" || len(code) > 1024 {
		return "", userError(http.StatusBadRequest, "missing_code", errorMessages["missing_code"])
	}
	ctx := ctxOrBackground(x.Context())
	g, err := a.mode.exchange(ctx, code, f.Verifier)
	if err != nil {
		return "", withFlow(err, f)
	}
	// The profile must be of the organization (or connection) the sign-in
	// was for, before the app's hooks see it.
	if err := a.checkBinding(f, &g.profile, g.orgOnly); err != nil {
		return "", err
	}
	p := g.profile
	if g.mapProfile != nil {
		p = g.mapProfile(p)
	}
	if err := a.runOnSignIn(ctx, &p); err != nil {
		return "", err
	}
	// The session counts as signed in when the sign-in started: the user
	// authenticated at the identity provider after that, and a revocation
	// made while the sign-in was under way (a user removed from the
	// directory meanwhile) ends it too.
	s := a.grantSession(g, p, time.Unix(0, f.Created))
	if err := a.setSession(x, s); err != nil {
		return "", sessionError(err)
	}
	a.signedIn(x, s, f)
	return f.ReturnTo, nil
}

// callbackFlow returns the flow a callback finishes: the one its state
// names, whose cookie is deleted whatever happens (a flow is single-use).
// An error the identity provider sent back, a repeated parameter or an
// expired flow ends it too.
func (a *Auth) callbackFlow(x exchange) (*flow, error) {
	state, err := one(x, "state")
	if err != nil {
		return nil, err
	}
	if state == "" || len(state) > 512 {
		return nil, userError(http.StatusBadRequest, "missing_state", errorMessages["missing_state"])
	}
	name := a.flowCookieName(state)
	value, found := x.Cookie(name)
	a.deleteCookie(x, name) // always: a flow is single-use
	if !found {
		return nil, userError(http.StatusBadRequest, "state_mismatch", errorMessages["state_mismatch"])
	}
	f, err := a.openFlow(name, value)
	if err != nil || !f.stateMatches(state) {
		return nil, userError(http.StatusBadRequest, "state_mismatch", errorMessages["state_mismatch"])
	}
	idpErr, err := one(x, "error")
	if err != nil {
		return nil, err // a repeated error is an error too, never ignored
	}
	if idpErr != "" {
		code, msg := errorMessage(idpErr)
		return nil, &Error{Status: http.StatusBadRequest, Code: code, Message: msg}
	}
	if f.expired(a.now()) {
		return nil, userError(http.StatusBadRequest, "flow_expired", errorMessages["flow_expired"])
	}
	return f, nil
}
