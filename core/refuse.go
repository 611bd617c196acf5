package core

import (
	"bytes"
	"html/template"
	"net/http"
	"strconv"
	"strings"
)

// Refuse writes the default answer to a refused request:
//   - a browser navigation (GET or HEAD accepting text/html, and not
//     marked by the browser as anything but a navigation) without a
//     session, or with one signed in too long ago, is redirected (303) to
//     the sign-in page with return_to;
//   - a navigation refused with 403 gets the styled refusal page, in the
//     words of Config.Pages.Messages: who is signed in, a sign-out button and a
//     link to sign in as someone else; with 503, the page that asks to try
//     again in a moment;
//   - anything else (API clients, fetch, Bearer requests, a token that
//     does not verify) gets the status with a JSON body
//     {"error","error_description","sign_in_url"}.
//
// A nil refusal is answered as a 403.
func (g *guard) Refuse(x exchange, e *Error) { g.a.refuse(x, e) }

func (a *Auth) refuse(x exchange, e *Error) {
	if e == nil {
		e = &Error{Status: http.StatusForbidden, Code: CodeForbidden, Message: "Your account may not see this page."}
	}
	x.SetHeader("Cache-Control", "no-store")
	x.SetHeader("Vary", "Cookie")
	page := !e.bearer && e.Code != CodeInvalidToken && isNavigation(x)
	if e.Status == http.StatusServiceUnavailable {
		x.SetHeader("Retry-After", strconv.Itoa(retryAfterUnavailable))
	}
	switch {
	case page && e.Status == http.StatusUnauthorized && e.SignInURL != "":
		redirect(x, http.StatusSeeOther, e.SignInURL)
		return
	case page && (e.Status == http.StatusForbidden || e.Status == http.StatusServiceUnavailable):
		if a.renderRefusal(x, e) {
			return
		}
	}
	if e.Status == http.StatusUnauthorized {
		x.SetHeader("WWW-Authenticate", wwwAuthenticate(e))
	}
	writeJSON(x, e.Status, map[string]string{"error": e.Code, "error_description": e.Message, "sign_in_url": e.SignInURL})
}

// retryAfterUnavailable is the Retry-After, in seconds, of a 503 for a
// session that could not be checked.
const retryAfterUnavailable = 2

// isNavigation reports whether the request is a browser loading a page: a
// GET or HEAD accepting HTML that the browser does not mark (with
// Sec-Fetch-Mode) as a fetch or a subresource.
func isNavigation(x exchange) bool {
	m := x.Method()
	if m != http.MethodGet && m != http.MethodHead {
		return false
	}
	if mode := x.Header("Sec-Fetch-Mode"); mode != "" && mode != "navigate" {
		return false
	}
	return strings.Contains(x.Header("Accept"), "text/html")
}

// refusalData is what the refusal page is executed with: the built-in
// pages' data (words, style, nonce) and the refusal's own.
type refusalData struct {
	SignInPageData
	Title     string // the page's heading
	Email     string // who is signed in (403)
	SignedIn  string // Messages.SignedInAs with the email
	SignOut   string // the sign-out form's action (403)
	SignInURL string // sign in as someone else, back to the refused page (403)
	Retry     string // the refused page, to try again (503)
}

// renderRefusal writes the refusal page of a navigation refused with 403
// or 503. It reports false, having written nothing, when the page could
// not be built (the caller answers with JSON).
func (a *Auth) renderRefusal(x exchange, e *Error) bool {
	d := refusalData{SignInPageData: a.pageData(x)}
	d.Error, d.ErrorCode, d.Status = e.Message, e.Code, e.Status
	a.dress(&d.SignInPageData)
	m := d.Messages
	if e.Status == http.StatusForbidden {
		d.Title = m.RefusedTitle
		d.SignOut, d.SignInURL, d.Email = a.SignOutPath(), e.SignInURL, e.email
		if d.SignInURL == "" {
			d.SignInURL = a.signInPath
		}
		if e.email != "" {
			d.SignedIn = strings.ReplaceAll(m.SignedInAs, "{email}", e.email)
		}
	} else {
		d.Title = m.UnavailableTitle
		d.Retry = "/"
		if p, ok := safeReturnTo(x.RequestURI()); ok {
			d.Retry = p
		}
	}
	d.PageTitle = d.Title
	var buf bytes.Buffer
	if err := refusalPage.Execute(&buf, d); err != nil {
		return false
	}
	a.pageHeaders(x, d.Nonce)
	x.Write(e.Status, "text/html; charset=utf-8", buf.Bytes())
	return true
}

// refusalPage is the page of a refused navigation, a built-in page like
// the others: its words from Messages, its stylesheet under the CSP nonce,
// no script.
var refusalPage = template.Must(template.New("refusal").Parse(pageHead + `{{template "head" .}}
<h1>{{.Title}}</h1>
<p class="intro">{{.Error}}</p>
{{if .SignOut}}{{with .SignedIn}}<p>{{.}}</p>{{end}}
<form method="post" action="{{.SignOut}}"><button class="primary" type="submit">{{.Messages.SignOut}}</button></form>
<p class="or">{{.Messages.Or}}</p>
<p><a href="{{.SignInURL}}">{{.Messages.SignInAsSomeoneElse}}</a></p>
{{else}}<p><a href="{{.Retry}}">{{.Messages.TryAgain}}</a></p>{{end}}
</main>
</body>
</html>
`))
