package conformance

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ssokit/workosauth/core"
)

// wantCallbackRefused checks a failed callback: a 4xx, or a redirect to
// the sign-in page with ?error=CODE; no session cookie set. A redirect is
// followed to the sign-in page, which must render.
func (b *browser) wantCallbackRefused(r *response) {
	b.t.Helper()
	if c := r.cookie(b.e.sessionName); c != nil && c.Value != "" && c.MaxAge >= 0 {
		b.t.Errorf("%s: a failed callback set the session cookie", r)
	}
	switch {
	case r.Status >= 400 && r.Status < 500:
	case isRedirect(r.Status):
		u := r.location()
		if u == nil || !b.e.isApp(u) || u.Path != signInPath || u.Query().Get("error") == "" {
			b.t.Errorf("%s: a failed callback redirected elsewhere than %s?error=CODE", r, signInPath)
			return
		}
		if page := b.nav(u.String()); page.Status != http.StatusOK {
			b.t.Errorf("%s: the sign-in page with the error answered %d", page, page.Status)
		}
	default:
		b.t.Errorf("%s: a failed callback answered %d; want a 4xx or a redirect to %s?error=CODE", r, r.Status, signInPath)
	}
}

func testCallbackWrongState(t *testing.T, e *env) {
	b := e.browser(t)
	cb := b.authorize(b.startSignIn(url.Values{"organization": {AcmeOrg}}))
	for _, state := range []string{"x" + cb.Query().Get("state"), "", "not-a-state"} {
		bad := *cb
		q := bad.Query()
		q.Set("state", state)
		bad.RawQuery = q.Encode()
		b.wantCallbackRefused(b.nav(bad.String()))
		b.wantSignedOut()
	}
}

func testCallbackMissingFlowCookie(t *testing.T, e *env) {
	victim := e.browser(t)
	cb := victim.authorize(victim.startSignIn(url.Values{"organization": {AcmeOrg}, "login_hint": {alice}}))
	// Another browser, without the flow cookie, opens the callback URL.
	other := e.browser(t)
	other.wantCallbackRefused(other.nav(cb.String()))
	other.wantSignedOut()
}

func testCallbackIdPError(t *testing.T, e *env) {
	b := e.browser(t)
	auth := b.startSignIn(url.Values{"organization": {AcmeOrg}})
	q := url.Values{"error": {"access_denied"}, "error_description": {"The user denied the sign-in."}, "state": {auth.Query().Get("state")}}
	b.wantCallbackRefused(b.nav(callbackPath + "?" + q.Encode()))
	b.wantSignedOut()
}

func testCallbackReplayed(t *testing.T, e *env) {
	b := e.browser(t)
	cb := b.authorize(b.startSignIn(url.Values{"organization": {AcmeOrg}, "login_hint": {alice}}))
	flowCookies := b.cookies() // the flow cookie, before the callback deletes it
	b.finish(cb)
	b.wantSignedIn(alice)
	// Someone who copied the callback URL and the flow cookie replays them:
	// the code was used already.
	thief := e.browser(t)
	thief.setCookies(flowCookies)
	thief.wantCallbackRefused(thief.nav(cb.String()))
	thief.wantSignedOut()
	// The browser itself opens the callback URL again (back button): its
	// flow is gone.
	b.wantCallbackRefused(b.nav(cb.String()))
}

// testOnSignInRefusalShown: an *core.Error returned by OnSignIn is what
// the user sees: its status and its message, HTML-escaped, and no
// session. Other users still sign in.
func testOnSignInRefusalShown(t *testing.T, e *env) {
	const message = `Contractors <em>& guests</em> may not sign in here.`
	app := newEnvWith(t, e.adapter, func(c *core.Config) {
		c.SignIn.OnSignIn = func(_ context.Context, p *core.Profile) error {
			if p.Email == carol {
				return &core.Error{Status: http.StatusForbidden, Code: "contractor", Message: message}
			}
			return nil
		}
	})
	b := app.browser(t)
	cb := b.authorize(b.startSignIn(url.Values{"connection": {globexSSO}}))
	r := b.nav(cb.String())
	if r.Status != http.StatusForbidden || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("%s: OnSignIn's refusal answered %d %q; want 403 text/html (body %.300q)", r, r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	if !strings.Contains(r.Body, "Contractors &lt;em&gt;&amp; guests&lt;/em&gt; may not sign in here.") {
		t.Errorf("%s: the page does not show OnSignIn's message, escaped: %.600q", r, r.Body)
	}
	if strings.Contains(r.Body, "<em>") {
		t.Errorf("%s: OnSignIn's message is not escaped", r)
	}
	if c := r.cookie(app.sessionName); c != nil && c.Value != "" && c.MaxAge >= 0 {
		t.Errorf("%s: the refused sign-in set a session cookie", r)
	}
	b.wantSignedOut()
	other := app.browser(t)
	other.signInAs(alice, AcmeOrg)
}

// testCallbackOtherOrganization: a sign-in started for one organization
// (by email, or named) or connection refuses a profile of another: here
// the authorize URL is edited on its way to WorkOS to name another
// tenant's connection, whose user the emulator signs in. The callback
// sets no session and says organization_mismatch (or
// connection_mismatch).
func testCallbackOtherOrganization(t *testing.T, e *env) {
	for _, tt := range []struct {
		name  string
		start url.Values
		code  string
	}{
		{"by_email", url.Values{"email": {alice}}, "organization_mismatch"},
		{"by_organization", url.Values{"organization": {AcmeOrg}}, "organization_mismatch"},
		{"by_connection", url.Values{"connection": {acmeConn}}, "connection_mismatch"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := e.browser(t)
			authURL := b.startSignIn(tt.start)
			q := authURL.Query()
			for _, k := range []string{"organization", "connection", "provider", "domain_hint", "login_hint"} {
				q.Del(k)
			}
			q.Set("connection", globexSSO) // Globex's identity provider, signing in carol
			edited := *authURL
			edited.RawQuery = q.Encode()
			cb := b.authorize(&edited)
			r := b.nav(cb.String())
			b.wantCallbackRefused(r)
			if u := r.location(); r.Status < 400 && (u == nil || u.Query().Get("error") != tt.code) {
				t.Errorf("%s: refused with %v, want error=%s", r, u, tt.code)
			}
			b.wantSignedOut()
		})
	}
	// The same browser still signs in as itself.
	b := e.browser(t)
	b.signInAs(carol, globexOrg)
}
