package core

import (
	"errors"
	"html/template"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func pageOf(t *testing.T, a *Auth, target string) *fakeExchange {
	t.Helper()
	x := newFake("GET", target)
	x.header.Set("Accept", "text/html")
	a.serveAuth(x)
	return x
}

// cspNonce returns the style nonce of a CSP, checking the rest of it.
func cspNonce(t *testing.T, csp string) string {
	t.Helper()
	for _, want := range []string{"default-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe") || strings.Contains(csp, "script-src") {
		t.Errorf("CSP %q allows more than it should", csp)
	}
	m := regexp.MustCompile(`style-src 'nonce-([A-Za-z0-9_-]{20,})'`).FindStringSubmatch(csp)
	if m == nil {
		t.Fatalf("CSP %q has no style nonce", csp)
	}
	return m[1]
}

func TestBuiltInPagesKeepAStrictCSP(t *testing.T) {
	a := newTestAuth(t, func(c *Config) { c.WorkOS.BaseURL = "https://api.workos.example" })
	seen := map[string]bool{}
	for _, target := range []string{"/auth/signin", "/auth/signin?error=access_denied", "/auth/signin?email=bad", "/auth/nowhere"} {
		x := pageOf(t, a, target)
		nonce := cspNonce(t, x.resp.Get("Content-Security-Policy"))
		body := string(x.body)
		if seen[nonce] {
			t.Errorf("%s: a nonce used twice", target)
		}
		seen[nonce] = true
		if strings.Count(body, "<style") != 1 || !strings.Contains(body, `<style nonce="`+nonce+`">`) {
			t.Errorf("%s: the one stylesheet does not carry the nonce %s", target, nonce)
		}
		if strings.Contains(body, "<script") || strings.Contains(body, " style=") || strings.Contains(body, "http://") || strings.Contains(body, "https://") {
			t.Errorf("%s: inline script, inline style or an external asset:\n%s", target, body)
		}
		if !strings.Contains(x.resp.Get("Content-Security-Policy"), "form-action 'self' http://app.test https://api.workos.example") {
			t.Errorf("%s: form-action does not let the form reach WorkOS: %q", target, x.resp.Get("Content-Security-Policy"))
		}
		if x.resp.Get("X-Content-Type-Options") != "nosniff" || x.resp.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: headers %v", target, x.resp)
		}
		for _, want := range []string{`<html lang="en">`, "<main>", "<h1>", `name="viewport"`, "prefers-color-scheme:dark", ":focus-visible"} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: page lacks %s", target, want)
			}
		}
	}
}

func TestSignInPageBrandingAndErrorState(t *testing.T) {
	a := newTestAuth(t, func(c *Config) {
		c.Pages.AppName = "Acme <Cloud>"
		c.Pages.Branding = Branding{LogoURL: "https://cdn.acme.example/logo.svg", AccentColor: "#FACC15"}
		c.SignIn.Providers = []string{"GoogleOAuth", "GitHubOAuth"}
	})
	x := pageOf(t, a, "/auth/signin?error=access_denied&return_to=/reports")
	body := string(x.body)
	for _, want := range []string{
		"<h1>Acme &lt;Cloud&gt;</h1>", `src="https://cdn.acme.example/logo.svg"`, "--accent:#facc15;--on-accent:#000000",
		`role="alert"`, "The sign-in was cancelled or denied.", `aria-describedby="signin-error"`,
		"Continue with Google", "Continue with GitHub", `name="return_to" value="/reports"`, `<label for="email">Work email</label>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q:\n%s", want, body)
		}
	}
	if csp := x.resp.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self' data: https://cdn.acme.example") {
		t.Errorf("CSP %q does not allow the logo", csp)
	}
}

func TestBrandingRefused(t *testing.T) {
	for _, b := range []Branding{{AccentColor: "red"}, {AccentColor: "#12345"}, {AccentColor: "#fff;}body{x:y"}, {LogoURL: "javascript:alert(1)"}, {LogoURL: "//evil.example/x.png"}} {
		_, err := New(Config{
			ClientID:       "c",
			APIKey:         NewSecret("k"),
			RedirectURI:    "http://app.test/auth/callback",
			CookiePassword: NewSecret(testPassword),
			Pages:          PageConfig{Branding: b},
		})
		if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), "Branding") {
			t.Errorf("%+v: %v", b, err)
		}
	}
	_, err := New(Config{
		ClientID:       "c",
		APIKey:         NewSecret("k"),
		RedirectURI:    "http://app.test/auth/callback",
		CookiePassword: NewSecret(testPassword),
		Pages:          PageConfig{Messages: &Messages{Lang: "de\" onload"}},
	})
	if !errors.Is(err, ErrConfig) {
		t.Errorf("a bad Lang: %v", err)
	}
}

func TestSignInPageTranslated(t *testing.T) {
	de := Messages{
		Lang: "de", Intro: "Melden Sie sich mit Ihrer geschäftlichen E-Mail an.", EmailLabel: "Geschäftliche E-Mail",
		Continue: "Weiter mit Single Sign-on", ContinueWith: "Weiter mit {provider}", Or: "oder",
		Errors: map[string]string{"no_sso": "Für {domain} ist kein Single Sign-on eingerichtet.", "access_denied": "Die Anmeldung wurde abgelehnt."},
	}
	w := &workosStub{}
	a := stubAuth(t, w, func(c *Config) { c.Pages.Messages = &de })
	x := pageOf(t, a, "/auth/signin?error=access_denied")
	body := string(x.body)
	for _, want := range []string{`<html lang="de">`, "Geschäftliche E-Mail", "Weiter mit Single Sign-on", "Weiter mit Google", ">oder<", "Die Anmeldung wurde abgelehnt.",
		`placeholder="you@company.com"`} { // untranslated fields keep their English default
		if !strings.Contains(body, want) {
			t.Errorf("translated page lacks %q:\n%s", want, body)
		}
	}
	x = pageOf(t, a, "/auth/signin?email=zoe@nosso.test")
	if !strings.Contains(string(x.body), "Für nosso.test ist kein Single Sign-on eingerichtet.") || x.status != http.StatusNotFound {
		t.Errorf("no SSO, translated: %d %s", x.status, x.body)
	}
	// A code the translation leaves out keeps the failure's own words.
	x = pageOf(t, a, "/auth/signin?connection=nope")
	if !strings.Contains(string(x.body), "That is not a WorkOS connection ID") || !strings.Contains(string(x.body), `lang="de"`) {
		t.Errorf("untranslated code: %s", x.body)
	}
	if d := DefaultMessages(); d.Lang != "en" || d.Errors["no_sso"] == "" || d.Errors["access_denied"] == "" {
		t.Errorf("DefaultMessages %+v", d)
	}
	d := DefaultMessages()
	d.Errors["access_denied"] = "changed"
	if DefaultMessages().Errors["access_denied"] == "changed" {
		t.Error("DefaultMessages shares its map")
	}
}

func TestCustomTemplateReplacesThePageAndGetsTheNonce(t *testing.T) {
	tmpl := template.Must(template.New("x").Parse(`<html lang="{{.Lang}}"><style nonce="{{.Nonce}}">{{.Style}}</style><p>mine {{.AppName}}</p></html>`))
	a := newTestAuth(t, func(c *Config) { c.Pages.SignIn = tmpl; c.Pages.AppName = "App" })
	x := pageOf(t, a, "/auth/signin")
	nonce := cspNonce(t, x.resp.Get("Content-Security-Policy"))
	if body := string(x.body); !strings.HasPrefix(body, `<html lang="en"><style nonce="`+nonce+`">:root{`) || !strings.Contains(body, "<p>mine App</p>") || strings.Contains(body, "Work email") {
		t.Fatalf("custom page: %s", body)
	}
}

// The palette meets WCAG AA (4.5:1 for text, 3:1 for a field's border) in
// light and dark, and any accent colour gets a readable button text.
func TestPaletteContrast(t *testing.T) {
	vars := func(block string) map[string]string {
		out := map[string]string{}
		for _, m := range regexp.MustCompile(`--([a-z-]+):(#[0-9a-f]{6})`).FindAllStringSubmatch(block, -1) {
			out[m[1]] = m[2]
		}
		return out
	}
	light := vars(pageCSS[:strings.Index(pageCSS, "@media")])
	dark := vars(pageCSS[strings.Index(pageCSS, "@media"):strings.Index(pageCSS, "*{")])
	for k, v := range light {
		if _, ok := dark[k]; !ok {
			dark[k] = v
		}
	}
	for name, p := range map[string]map[string]string{"light": light, "dark": dark} {
		pairs := []struct {
			fg, bg string
			min    float64
		}{
			{"text", "card", 4.5}, {"text", "bg", 4.5}, {"muted", "card", 4.5}, {"muted", "bg", 4.5},
			{"alert-text", "alert-bg", 4.5}, {"field", "card", 3}, {"text", "alert-bg", 3},
		}
		for _, pr := range pairs {
			if c := contrast(p[pr.fg], p[pr.bg]); c < pr.min {
				t.Errorf("%s: %s %s on %s %s contrasts %.2f:1, below %.1f", name, pr.fg, p[pr.fg], pr.bg, p[pr.bg], c, pr.min)
			}
		}
	}
	for _, accent := range []string{defaultAccentColor, "#ffffff", "#000000", "#777777", "#facc15", "#0ea5e9", "#ef4444", "#22c55e", "#808080", "#7a7a7a"} {
		if c := contrast(accent, onColor(accent)); c < 4.5 {
			t.Errorf("accent %s: button text %s contrasts %.2f:1", accent, onColor(accent), c)
		}
	}
}

// contrast is WCAG 2's contrast ratio of two colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}
