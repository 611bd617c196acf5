package core

import (
	"errors"
	"net/http"
	"net/url"
)

// routeSwitchOrganization is the route that switches an AuthKit session's
// organization: POST <AuthPath>/switch-organization.
const routeSwitchOrganization = "switch-organization"

// switchOrganization serves POST <AuthPath>/switch-organization with
// organization_id (and optionally return_to): from the app's own origin
// only, like sign-out. It redirects to return_to when the switch is done;
// when WorkOS wants the user to sign in to that organization (SSO or MFA
// required), to a sign-in for it.
func (a *Auth) switchOrganization(x exchange) {
	if x.Method() != http.MethodPost {
		x.SetHeader("Allow", "POST")
		a.fail(x, userError(http.StatusMethodNotAllowed, "method_not_allowed", "Switch organization with a POST from this site."))
		return
	}
	if err := x.FormError(); err != nil {
		a.fail(x, formError(err))
		return
	}
	if a.crossSite(x) {
		a.fail(x, userError(http.StatusForbidden, "cross_site", "Switching organization must come from this site."))
		return
	}
	org, err := one(x, "organization_id")
	if err != nil {
		a.fail(x, asError(err))
		return
	}
	back, err := one(x, paramReturnTo)
	if err != nil {
		a.fail(x, asError(err))
		return
	}
	_, err = a.switchTo(x, org)
	var e *Error
	switch {
	case err == nil:
		redirect(x, http.StatusSeeOther, a.returnTo(back))
	case errors.As(err, &e) && e.SignInURL != "" && !wantsJSON(x):
		redirect(x, http.StatusSeeOther, a.signInPath+"?"+url.Values{paramOrganization: {org}, paramReturnTo: {a.returnTo(back)}}.Encode())
	default:
		a.fail(x, asError(err))
	}
}

// switchTo moves the request's AuthKit session to another organization
// (org_...) the user belongs to, through a refresh with organization_id,
// and sets the new session cookie on x. It returns the new session.
// Errors are *[Error]: 401 without an AuthKit session
// ([CodeUnauthenticated]), 400 for a malformed ID, 403 [CodeNotAMember]
// when WorkOS finds no membership (the session stays as it was),
// 403 "sso_required" or "mfa_enrollment" with a SignInURL (the sign-in to
// that organization) when the user must sign in to it first, 503 when WorkOS cannot be asked just now, and
// Config.SignIn.OnSignIn's refusal of the new profile as it answers a sign-in
// (403 "signin_refused" by default): the session then stays in its
// organization.
func (a *Auth) switchTo(x exchange, organizationID string) (*Session, error) {
	if !organizationRE.MatchString(organizationID) {
		return nil, userError(http.StatusBadRequest, "bad_request", "That is not a WorkOS organization ID (org_...).")
	}
	token := a.readSessionToken(x)
	var s *Session
	if token != "" {
		var err error
		if s, err = a.openSession(x.Context(), token, a.now()); err != nil {
			return nil, &Error{Status: http.StatusServiceUnavailable, Code: CodeSessionUnavailable, Message: "Your session cannot be checked just now. Please try again in a moment.", Err: err}
		}
	}
	if s == nil || s.AuthKit == nil {
		return nil, userError(http.StatusUnauthorized, CodeUnauthenticated, "Sign in to continue.")
	}
	if s.AuthKit.OrganizationID == organizationID && !s.AuthKit.expired(a.now()) {
		return s, nil
	}
	o, err := a.refresh(x.Context(), token, s, organizationID)
	if err != nil && o != nil {
		a.setRefreshed(x, token, o) // refreshed, though not switched: keep the new tokens
	}
	var api *APIError
	switch {
	case err == nil:
		a.setRefreshed(x, token, o)
		return o.s, nil
	case errors.Is(err, errSessionEnded):
		if !errors.Is(err, errSessionGone) {
			a.revokeSession(x.Context(), s)
		}
		a.clearSession(x)
		return nil, &Error{Status: http.StatusUnauthorized, Code: CodeUnauthenticated, Message: "Your session has ended. Please sign in again.", Err: err}
	case errors.Is(err, errRefreshUnavailable):
		return nil, &Error{Status: http.StatusServiceUnavailable, Code: "workos_unavailable", Message: "The organization could not be switched just now. Please try again in a moment.", Err: err}
	case errors.As(err, &api) && (api.Code == "organization_membership_not_found" || api.Code == "organization_not_found"):
		return nil, &Error{Status: http.StatusForbidden, Code: CodeNotAMember, Message: "You are not a member of that organization.", Err: err}
	case errors.As(err, &api) && (api.Code == "sso_required" || api.Code == "mfa_enrollment"):
		return nil, &Error{Status: http.StatusForbidden, Code: api.Code, Message: "Sign in to that organization to switch to it.", Err: err,
			SignInURL: a.signInPath + "?" + url.Values{paramOrganization: {organizationID}}.Encode()}
	}
	return nil, workosError(err)
}
