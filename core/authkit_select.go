package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/ssokit/workosauth/core/internal/workosapi"
)

// Organization selection: WorkOS may answer an AuthKit code exchange with
// 403 organization_selection_required (a user of several organizations who
// signed in without choosing one). The callback then shows a chooser; its
// choice is posted to <AuthPath>/select-organization, which finishes the
// sign-in with the pending token WorkOS gave (sealed, meanwhile, in a
// cookie of its own, for at most selectionLifetime).

const (
	routeSelectOrganization = "select-organization"
	selectCookieBase        = "wos-select"
	selectionLifetime       = 10 * time.Minute
)

// orgSelectionNeeded is finish's error when WorkOS asks for a choice.
type orgSelectionNeeded struct {
	sel            *workosapi.OrganizationSelection
	returnTo       string
	created        int64  // the flow's, unix nanoseconds
	method, domain string // the flow's, for the audit event
}

func (e *orgSelectionNeeded) Error() string {
	return "workosauth: the user must choose an organization"
}

// selectionWire is the sealed form of a pending selection.
type selectionWire struct {
	P string                         `json:"p"` // pending_authentication_token
	O []workosapi.OrganizationChoice `json:"o"`
	R string                         `json:"r"`
	C int64                          `json:"c"`
	E int64                          `json:"e"`           // unix seconds
	M string                         `json:"m,omitempty"` // the flow's method and domain, for the audit event
	D string                         `json:"d,omitempty"`
}

// withFlow adds the flow's return path and start to a selection request.
func withFlow(err error, f *flow) error {
	var need *orgSelectionNeeded
	if errors.As(err, &need) {
		need.returnTo, need.created, need.method, need.domain = f.ReturnTo, f.Created, f.Method, f.Domain
	}
	return err
}

// selectCookieName is the pending selection's cookie: wos-select, with
// the __Host- prefix on https.
func (a *Auth) selectCookieName() string {
	return strings.TrimSuffix(a.flowPrefix, flowCookieBase) + selectCookieBase
}

// chooseOrganization answers a callback whose exchange asked for an
// organization: the chooser page (JSON clients: 409 with the
// organizations), with the pending choice sealed in its cookie. It
// reports whether err was such a request.
func (a *Auth) chooseOrganization(x exchange, err error) bool {
	var need *orgSelectionNeeded
	if !errors.As(err, &need) {
		return false
	}
	raw, _ := json.Marshal(selectionWire{P: need.sel.PendingToken, O: need.sel.Organizations, R: need.returnTo, C: need.created,
		E: a.now().Add(selectionLifetime).Unix(), M: need.method, D: need.domain})
	name := a.selectCookieName()
	value, serr := a.flowSealer.Seal(raw, bindingAAD("select", name, a.cfg.ClientID))
	if serr != nil {
		a.fail(x, &Error{Status: http.StatusBadGateway, Code: "seal_failed", Message: "The sign-in could not go on. Please try again.", Err: serr})
		return true
	}
	x.SetCookie(a.cookie(name, value, selectionLifetime))
	x.SetHeader("Cache-Control", "no-store")
	if wantsJSON(x) {
		writeJSON(x, http.StatusConflict, map[string]any{"error": "organization_selection_required",
			"error_description": "Choose an organization: POST organization_id to " + a.cfg.Cookies.AuthPath + "/" + routeSelectOrganization + ".",
			"organizations":     need.sel.Organizations})
		return true
	}
	d := chooserData{SignInPageData: a.pageData(x), Organizations: need.sel.Organizations}
	d.Action = a.cfg.Cookies.AuthPath + "/" + routeSelectOrganization
	a.dress(&d.SignInPageData)
	d.PageTitle = d.Messages.ChooseOrganizationTitle
	var buf bytes.Buffer
	if err := chooserPage.Execute(&buf, d); err != nil {
		a.fail(x, &Error{Status: http.StatusBadGateway, Code: "page_failed", Message: "The sign-in could not go on. Please try again.", Err: err})
		return true
	}
	a.pageHeaders(x, d.Nonce)
	x.Write(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
	return true
}

// chooserData is what the organization chooser is executed with: the
// built-in pages' data (words, style, nonce) and the choices.
type chooserData struct {
	SignInPageData
	Organizations []workosapi.OrganizationChoice
}

// chooserPage is the organization chooser, a built-in page like the
// others: its words from Messages, its stylesheet under the CSP nonce.
var chooserPage = template.Must(template.New("chooser").Parse(pageHead + `{{template "head" .}}
<h1>{{.Messages.ChooseOrganizationTitle}}</h1>
<p class="intro">{{.Messages.ChooseOrganization}}</p>
<div class="providers">{{range .Organizations}}<form method="post" action="{{$.Action}}">
<input type="hidden" name="organization_id" value="{{.ID}}">
<button class="secondary" type="submit">{{if .Name}}{{.Name}}{{else}}{{.ID}}{{end}}</button>
</form>{{end}}</div>
</main>
</body>
</html>
`))

// selectOrganization serves POST <AuthPath>/select-organization: the
// chooser's choice finishes the sign-in.
func (a *Auth) selectOrganization(x exchange) {
	if x.Method() != http.MethodPost {
		x.SetHeader("Allow", "POST")
		a.fail(x, userError(http.StatusMethodNotAllowed, "method_not_allowed", "Choose an organization with a POST from this site."))
		return
	}
	if err := x.FormError(); err != nil {
		a.fail(x, formError(err))
		return
	}
	if a.crossSite(x) {
		a.fail(x, userError(http.StatusForbidden, "cross_site", "Choosing an organization must come from this site."))
		return
	}
	to, err := a.finishSelection(x)
	if err != nil {
		var refusal *signInRefusal
		if errors.As(err, &refusal) {
			a.fail(x, refusal.e) // OnSignIn's own words and status, as at the callback
			return
		}
		e := asError(err)
		if e.Status >= 500 {
			a.fail(x, e)
		} else {
			a.failToSignIn(x, e)
		}
		return
	}
	redirect(x, http.StatusSeeOther, to)
}

// finishSelection finishes the sign-in with the chosen organization and
// returns where to go. Success and every refusal are audit events.
func (a *Auth) finishSelection(x exchange) (to string, err error) {
	var w selectionWire
	defer func() {
		if err != nil {
			a.refused(x, asError(err), w.M, w.D)
		}
	}()
	org, err := one(x, "organization_id")
	if err != nil {
		return "", err
	}
	name := a.selectCookieName()
	value, found := x.Cookie(name)
	if !found {
		return "", userError(http.StatusBadRequest, "selection_expired", "The organization choice has expired. Please sign in again.")
	}
	raw, _, err := a.flowSealer.Open(value, bindingAAD("select", name, a.cfg.ClientID))
	if err != nil || json.Unmarshal(raw, &w) != nil || w.P == "" || a.now().Unix() >= w.E {
		a.deleteCookie(x, name)
		return "", userError(http.StatusBadRequest, "selection_expired", "The organization choice has expired. Please sign in again.")
	}
	listed := false
	for _, o := range w.O {
		listed = listed || o.ID == org
	}
	if !listed {
		return "", userError(http.StatusBadRequest, "bad_request", "That organization was not one of the choices.")
	}
	a.deleteCookie(x, name) // a pending token is used once
	ctx := ctxOrBackground(x.Context())
	res, err := a.client.AuthenticateOrganizationSelection(ctx, w.P, org)
	if err != nil {
		return "", authKitError(err)
	}
	k, err := a.authKitSession(ctx, res)
	if err != nil {
		return "", err
	}
	p, err := a.authKitProfileFor(ctx, k)
	if err != nil {
		return "", err
	}
	s := a.newSessionAt(p, time.Unix(0, w.C))
	s.AuthKit = k
	if err := a.setSession(x, s); err != nil {
		return "", sessionError(err)
	}
	e := a.sessionEvent(x, AuditSignIn, s)
	e.Method, e.Domain = w.M, w.D
	a.emit(x.Context(), e)
	return a.returnTo(w.R), nil
}
