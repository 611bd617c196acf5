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
	sel      *workosapi.OrganizationSelection
	returnTo string
	created  int64 // the flow's, unix nanoseconds
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
	E int64                          `json:"e"` // unix seconds
}

// withFlow adds the flow's return path and start to a selection request.
func withFlow(err error, f *flow) error {
	var need *orgSelectionNeeded
	if errors.As(err, &need) {
		need.returnTo, need.created = f.ReturnTo, f.Created
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
func (a *Auth) chooseOrganization(x Exchange, err error) bool {
	var need *orgSelectionNeeded
	if !errors.As(err, &need) {
		return false
	}
	raw, _ := json.Marshal(selectionWire{P: need.sel.PendingToken, O: need.sel.Organizations, R: need.returnTo, C: need.created,
		E: a.now().Add(selectionLifetime).Unix()})
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
			"error_description": "Choose an organization: POST organization_id to " + a.cfg.AuthPath + "/" + routeSelectOrganization + ".",
			"organizations":     need.sel.Organizations})
		return true
	}
	var buf bytes.Buffer
	data := struct {
		AppName, Action string
		Organizations   []workosapi.OrganizationChoice
	}{a.cfg.AppName, a.cfg.AuthPath + "/" + routeSelectOrganization, need.sel.Organizations}
	if err := chooserPage.Execute(&buf, data); err != nil {
		a.fail(x, &Error{Status: http.StatusBadGateway, Code: "page_failed", Message: "The sign-in could not go on. Please try again.", Err: err})
		return true
	}
	x.Write(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
	return true
}

var chooserPage = template.Must(template.New("chooser").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>{{.AppName}}: choose an organization</title></head>
<body><main><h1>Choose an organization</h1><p>Your account belongs to several organizations. Which one do you sign in to?</p>
<ul>{{range .Organizations}}<li><form method="post" action="{{$.Action}}"><input type="hidden" name="organization_id" value="{{.ID}}"><button type="submit">{{if .Name}}{{.Name}}{{else}}{{.ID}}{{end}}</button></form></li>{{end}}</ul>
</main></body></html>`))

// selectOrganization serves POST <AuthPath>/select-organization: the
// chooser's choice finishes the sign-in.
func (a *Auth) selectOrganization(x Exchange) {
	if !a.cfg.AuthKit {
		a.fail(x, userError(http.StatusNotFound, "not_found", "There is no such sign-in page."))
		return
	}
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

func (a *Auth) finishSelection(x Exchange) (string, error) {
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
	var w selectionWire
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
	p := authKitProfile(k)
	if a.cfg.OnSignIn != nil {
		if err := a.cfg.OnSignIn(ctx, &p); err != nil {
			var e *Error
			if errors.As(err, &e) {
				return "", e
			}
			return "", &Error{Status: http.StatusForbidden, Code: "signin_refused", Message: errorMessages["signin_refused"], Err: err}
		}
	}
	s := a.newSessionAt(p, time.Unix(0, w.C))
	s.AuthKit = k
	if err := a.setSession(x, s); err != nil {
		return "", sessionError(err)
	}
	return a.returnTo(w.R), nil
}
