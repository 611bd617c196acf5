package e2e

import (
	"context"
	_ "embed"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core (testdata/README.md), injected into each page.
//
//go:embed testdata/axe.min.js
var axeSource string

// violation is one failed axe rule.
type violation struct {
	ID, Impact, Help string
	Nodes            []string
}

// audit runs axe-core in the page against WCAG 2.0 and 2.1, A and AA, and
// axe's best practices (landmarks, one main, a level-one heading), and
// fails the test for every violation.
func audit(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	for _, v := range violations(t, ctx, page) {
		t.Errorf("%s: %s (%s): %s\n\t%s", page, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n\t"))
	}
	// What axe leaves to people: the language is declared, and the main
	// landmark is there once.
	if lang := eval[string](t, ctx, `document.documentElement.lang`); lang == "" {
		t.Errorf("%s: no lang", page)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("main").length`); n != 1 {
		t.Errorf("%s: %d main landmarks", page, n)
	}
}

// violations runs axe-core in the page and returns what it found.
func violations(t *testing.T, ctx context.Context, page string) []violation {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
		t.Fatalf("injecting axe-core into %s: %v", page, err)
	}
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]violation](`axe.run(document, {
			runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
			resultTypes: ["violations"]
		}).then(r => r.violations.map(v => ({ID: v.id, Impact: v.impact || "", Help: v.help,
			Nodes: v.nodes.map(n => n.target.join(" ") + ": " + (n.failureSummary || "").replace(/\s+/g, " "))})))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("running axe-core on %s: %v", page, err)
	}
	return vs
}

// The audit finds what it is there to find: an unlabelled field, text of
// too little contrast, no lang, no main landmark.
func TestAuditCatchesViolations(t *testing.T) {
	ctx := newTab(t)
	bad := `<!doctype html><html><head><title>bad</title></head><body><div><input type="email">` +
		`<p style="color:#aaaaaa;background:#ffffff">faint words</p></div></body></html>`
	do(t, ctx, "opening a bad page", chromedp.Navigate("data:text/html,"+url.PathEscape(bad)))
	found := map[string]bool{}
	for _, v := range violations(t, ctx, "a bad page") {
		found[v.ID] = true
	}
	for _, want := range []string{"label", "color-contrast", "html-has-lang", "landmark-one-main"} {
		if !found[want] {
			t.Errorf("axe missed %s; found %v", want, found)
		}
	}
}

// Every page passes axe-core's WCAG 2.1 AA and best-practice rules, in
// light and in dark.
func TestAccessibilityAudit(t *testing.T) {
	eachExample(t, func(t *testing.T, s *site) {
		ctx := newTab(t)
		for _, scheme := range []string{"light", "dark"} {
			setColorScheme(t, ctx, scheme)
			page := func(name string) string { return fmt.Sprintf("%s (%s)", name, scheme) }

			do(t, ctx, "opening home", chromedp.Navigate(s.url+"/"))
			waitFor(t, ctx, "the public page", `location.pathname === "/" && document.querySelector("h1") !== null`)
			audit(t, ctx, page("the public page"))

			do(t, ctx, "opening the dashboard", chromedp.Navigate(s.url+"/dashboard"))
			onSignInPage(t, ctx)
			audit(t, ctx, page("the sign-in page"))
			if scheme == "dark" {
				shot(t, ctx, "signin-dark", "signin-dark")
			}

			typeEmailAndContinue(t, ctx, "nobody@unknown-corp.test")
			waitFor(t, ctx, "the no-SSO message", `document.querySelector('[role=alert]') !== null`)
			audit(t, ctx, page("the sign-in page with an error"))

			// GET /auth/signout is refused by core's error page on every router.
			do(t, ctx, "getting the sign-out route", chromedp.Navigate(s.url+"/auth/signout"))
			waitFor(t, ctx, "the error page", `document.querySelector('[role=alert]') !== null`)
			audit(t, ctx, page("the error page"))
			if scheme == "light" {
				shot(t, ctx, "error", "error")
			}

			do(t, ctx, "opening the dashboard", chromedp.Navigate(s.url+"/dashboard"))
			onSignInPage(t, ctx)
			typeEmailAndContinue(t, ctx, "alice@acme.test")
			onPicker(t, ctx)
			audit(t, ctx, page("the emulator's picker"))
			if scheme == "dark" {
				shot(t, ctx, "picker-dark", "picker-dark")
			}
			pick(t, ctx, "Alice Liddell")
			onPage(t, ctx, "/dashboard", "Welcome, Alice Liddell")
			audit(t, ctx, page("the dashboard"))
			if scheme == "dark" {
				shot(t, ctx, "dashboard-dark", "dashboard-dark")
			}

			do(t, ctx, "opening home", chromedp.Navigate(s.url+"/"))
			waitFor(t, ctx, "the public page, signed in", `location.pathname === "/" && document.body.innerText.includes("Signed in as")`)
			audit(t, ctx, page("the public page, signed in"))
			do(t, ctx, "signing out", chromedp.Click(buttonWithText("Sign out")))
			waitFor(t, ctx, "the public page, signed out", `location.pathname === "/" && !document.body.innerText.includes("Signed in as")`)
		}
	})
}
