package core

import (
	"errors"
	"net/http"
	"regexp"
	"strings"
)

// The parameters a sign-in request may carry. Nothing else passes to
// WorkOS: a request can never set client_id, redirect_uri, response_type,
// state or the PKCE challenge.
const (
	paramEmail        = "email"
	paramDomain       = "domain"
	paramConnection   = "connection"
	paramOrganization = "organization"
	paramProvider     = "provider"
	paramReturnTo     = "return_to"
	paramLoginHint    = "login_hint"
)

var (
	connectionRE   = regexp.MustCompile(`^conn_[A-Za-z0-9]{1,64}$`)
	organizationRE = regexp.MustCompile(`^org_[A-Za-z0-9]{1,64}$`)
)

// signInRequest is what a sign-in request asked for.
type signInRequest struct {
	email, domain, loginHint, returnTo string
	resolvedDomain                     string // the normalised domain an email or domain named
	sel                                Selector
	named                              int // how many selectors the request named
}

// one returns the single value of a parameter; a repeated parameter is an
// error.
func one(x exchange, name string) (string, error) {
	vs := x.Values(name)
	switch len(vs) {
	case 0:
		return "", nil
	case 1:
		return strings.TrimSpace(vs[0]), nil
	}
	return "", userError(http.StatusBadRequest, "bad_request", "The parameter "+name+" was given more than once.")
}

func readSignIn(x exchange) (*signInRequest, error) {
	r := &signInRequest{}
	fields := []struct {
		name string
		dst  *string
	}{
		{paramEmail, &r.email}, {paramDomain, &r.domain}, {paramConnection, &r.sel.Connection},
		{paramOrganization, &r.sel.Organization}, {paramProvider, &r.sel.Provider},
		{paramReturnTo, &r.returnTo}, {paramLoginHint, &r.loginHint},
	}
	for _, f := range fields {
		v, err := one(x, f.name)
		if err != nil {
			return nil, err
		}
		if len(v) > 2048 {
			return nil, userError(http.StatusBadRequest, "bad_request", "The parameter "+f.name+" is too long.")
		}
		*f.dst = v
	}
	for _, v := range []string{r.email, r.domain, r.sel.Connection, r.sel.Organization, r.sel.Provider} {
		if v != "" {
			r.named++
		}
	}
	if r.named > 1 {
		return nil, userError(http.StatusBadRequest, "bad_request", "Name one of email, domain, connection, organization or provider, not several.")
	}
	return r, nil
}

// signIn serves the sign-in route: the page, or the start of a sign-in.
func (a *Auth) signIn(x exchange) {
	req, ok := a.signInRequest(x)
	if !ok {
		return
	}
	if req.named == 0 {
		if a.signInByDefault(x, req) {
			return
		}
	} else if a.needsConfirmation(x) {
		a.confirmSignIn(x, req) // from another site: login CSRF, quota spending
		return
	}
	sel, err := a.selectorFor(x, req)
	if err != nil && a.mode.hostedPage() && errors.Is(err, ErrNoSSO) {
		sel, err = Selector{}, nil // no organization: AuthKit's hosted page, with the email as hint
	}
	if err != nil {
		e := asError(err)
		a.refused(x, e, auditMethod(req), req.resolvedDomain)
		if errors.Is(err, ErrNoSSO) && !wantsJSON(x) {
			d := a.pageData(x)
			d.Email, d.ReturnTo, d.Error, d.ErrorCode = req.email, a.returnToField(req.returnTo), e.Message, e.Code
			a.renderSignIn(x, e.Status, d)
			return
		}
		a.fail(x, e)
		return
	}
	a.startFlow(x, sel, req)
}

// returnToField is the return_to to carry in the page's form, if safe.
func (a *Auth) returnToField(raw string) string {
	if p := a.returnTo(raw); p == raw {
		return p
	}
	return ""
}

// showSignIn renders the sign-in page, with the message of ?error=CODE.
func (a *Auth) showSignIn(x exchange, req *signInRequest) {
	d := a.pageData(x)
	d.ReturnTo = a.returnToField(req.returnTo)
	status := http.StatusOK
	if code, _ := one(x, "error"); code != "" {
		d.ErrorCode, d.Error = errorMessage(code)
	}
	a.renderSignIn(x, status, d)
}

// selectorFor turns the request into exactly one selector, resolving an
// email or a domain.
func (a *Auth) selectorFor(x exchange, req *signInRequest) (Selector, error) {
	if err := a.checkSelector(req); err != nil {
		return Selector{}, err
	}
	if req.resolvedDomain != "" {
		return a.resolve(x, req.resolvedDomain)
	}
	return req.sel, nil
}

// checkSelector checks the request's selector without asking anyone:
// the email or domain is normalised (into req.email and
// req.resolvedDomain), the IDs must look like WorkOS's, the provider must
// be offered.
func (a *Auth) checkSelector(req *signInRequest) error {
	switch {
	case req.email != "":
		email, domain, err := parseEmail(req.email)
		if err != nil {
			return userError(http.StatusBadRequest, "invalid_email", "That is not a valid email address.")
		}
		req.email, req.resolvedDomain = email, domain
		if req.loginHint == "" {
			req.loginHint = email
		}
	case req.domain != "":
		domain, err := normalizeDomain(req.domain)
		if err != nil {
			return userError(http.StatusBadRequest, "invalid_domain", "That is not a valid domain.")
		}
		req.resolvedDomain = domain
	case req.sel.Connection != "" && !connectionRE.MatchString(req.sel.Connection):
		return userError(http.StatusBadRequest, "bad_request", "That is not a WorkOS connection ID (conn_...).")
	case req.sel.Organization != "" && !organizationRE.MatchString(req.sel.Organization):
		return userError(http.StatusBadRequest, "bad_request", "That is not a WorkOS organization ID (org_...).")
	case req.sel.Provider != "" && req.sel.Provider != a.cfg.SignIn.Provider && !contains(a.cfg.SignIn.Providers, req.sel.Provider) &&
		!(a.mode.hostedPage() && req.sel.Provider == providerAuthKit):
		return userError(http.StatusBadRequest, "bad_request", "That sign-in provider is not offered here.")
	}
	return nil
}

func (a *Auth) resolve(x exchange, domain string) (Selector, error) {
	sel, err := a.resolver.Resolve(withLookupClient(ctxOrBackground(x.Context()), a.clientKey(x)), domain)
	var e *Error
	switch {
	case err == nil:
	case errors.Is(err, ErrNoSSO):
		return Selector{}, &noSSOError{domain}
	case errors.As(err, &e):
		var wait retryAfterError
		if errors.As(err, &wait) {
			x.SetHeader("Retry-After", string(wait))
		}
		return Selector{}, err
	default:
		we := workosError(err)
		we.Code = "lookup_failed"
		we.Message = "The sign-in for " + domain + " could not be looked up at WorkOS just now. Please try again in a moment."
		return Selector{}, we
	}
	if sel.count() != 1 {
		return Selector{}, &noSSOError{domain}
	}
	return sel, nil
}

// startFlow seals a new flow into its cookie and sends the browser to
// WorkOS.
func (a *Auth) startFlow(x exchange, sel Selector, req *signInRequest) {
	f := a.newFlow(a.returnTo(req.returnTo))
	f.bind(sel)
	f.Method, f.Domain = auditMethod(req), req.resolvedDomain
	hint := req.loginHint
	if _, _, err := parseEmail(hint); err != nil {
		hint = ""
	}
	authURL, err := a.mode.authorizeURL(x, f, sel, req, hint)
	if err != nil {
		a.fail(x, userError(http.StatusBadRequest, "bad_request", "That sign-in request was not valid."))
		return
	}
	a.pruneFlows(x)
	if err := a.setFlow(x, f); err != nil {
		a.fail(x, &Error{Status: http.StatusBadGateway, Code: "seal_failed", Message: "The sign-in could not start. Please try again.", Err: err})
		return
	}
	redirect(x, http.StatusSeeOther, authURL)
}

// signInRequest reads a sign-in request, or answers it (false): a method
// it does not take, a form that does not parse, or a request to another
// origin than the configured one.
func (a *Auth) signInRequest(x exchange) (*signInRequest, bool) {
	switch x.Method() {
	case http.MethodGet, http.MethodHead, http.MethodPost:
	default:
		x.SetHeader("Allow", "GET, HEAD, POST")
		a.fail(x, userError(http.StatusMethodNotAllowed, "method_not_allowed", "Sign in with GET or POST."))
		return nil, false
	}
	if err := x.FormError(); err != nil {
		a.fail(x, formError(err))
		return nil, false
	}
	req, err := readSignIn(x)
	if err != nil {
		a.fail(x, asError(err))
		return nil, false
	}
	if a.offOrigin(x) {
		// Cookies set on this host would not reach the callback on the
		// configured one: start over there. That goes for the sign-in
		// page too, whose form would post back here, and for a posted
		// form, which 307 sends on as it is.
		status := http.StatusFound
		if x.Method() == http.MethodPost {
			status = http.StatusTemporaryRedirect
		}
		redirect(x, status, a.origin+x.RequestURI())
		return nil, false
	}
	return req, true
}

// signInByDefault handles a sign-in that names no selector: the
// configured default one (req.sel, false), else the hosted page of the
// mode when it has one, else the sign-in page; with an error to show,
// always the page (starting the default sign-in again would go round the
// same failure for ever). True: answered.
func (a *Auth) signInByDefault(x exchange, req *signInRequest) bool {
	def := Selector{Connection: a.cfg.SignIn.Connection, Organization: a.cfg.SignIn.Organization, Provider: a.cfg.SignIn.Provider}
	failed := len(x.Values("error")) > 0
	switch {
	case a.mode.hostedPage() && def == (Selector{}) && !failed:
		a.startFlow(x, Selector{}, req) // AuthKit's hosted page
	case def == (Selector{}) || failed:
		a.showSignIn(x, req)
	default:
		req.sel = def
		return false
	}
	return true
}
