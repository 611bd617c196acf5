package core

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// redirect answers with a redirect; every redirect of ours may carry
// cookies, so none is cached.
func redirect(x exchange, status int, location string) {
	x.SetHeader("Location", location)
	x.SetHeader("Cache-Control", "no-store")
	x.Write(status, "", nil)
}

func writeJSON(x exchange, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		b = []byte(`{"error":"internal"}`)
	}
	x.Write(status, "application/json; charset=utf-8", b)
}

// wantsJSON reports whether the client asked for JSON rather than a page.
func wantsJSON(x exchange) bool {
	accept := x.Header("Accept")
	return strings.Contains(accept, "application/json") && !strings.Contains(accept, "text/html")
}

// fail answers a failure: JSON for JSON clients, else a small page.
func (a *Auth) fail(x exchange, e *Error) {
	x.SetHeader("Cache-Control", "no-store")
	if e.Status == http.StatusServiceUnavailable {
		// Something this app depends on is down for now (the session
		// store): say when to try again, as the guard's 503 does.
		x.SetHeader("Retry-After", strconv.Itoa(retryAfterUnavailable))
	}
	if e.Status >= 500 {
		a.log.WarnContext(ctxOrBackground(x.Context()), "workosauth: "+e.Code, "status", e.Status, "error", e.Err)
	}
	if wantsJSON(x) {
		writeJSON(x, e.Status, map[string]string{"error": e.Code, "error_description": e.Message})
		return
	}
	data := a.pageData(x)
	data.Error, data.ErrorCode = e.Message, e.Code
	data.Status = e.Status
	a.renderError(x, data)
}

// failToSignIn sends the browser back to the sign-in page with ?error=CODE
// (JSON clients get the error itself).
func (a *Auth) failToSignIn(x exchange, e *Error) {
	if wantsJSON(x) || e.Status >= 500 {
		a.fail(x, e)
		return
	}
	redirect(x, http.StatusSeeOther, a.signInPath+"?error="+e.Code)
}
