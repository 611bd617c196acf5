package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// A person asks for the dashboard, types a work email, picks themselves
// on WorkOS's page, lands on the dashboard with their name, and signs out
// with the button.
func TestSignInWithEmailAndSignOut(t *testing.T) {
	eachExample(t, func(t *testing.T, s *site) {
		ctx := newTab(t)
		do(t, ctx, "opening the dashboard", chromedp.Navigate(s.url+"/dashboard"))
		onSignInPage(t, ctx)
		if got := eval[string](t, ctx, `new URLSearchParams(location.search).get("return_to")`); got != "/dashboard" {
			t.Errorf("the sign-in page returns to %q", got)
		}
		// The stylesheet applied: the page's CSP lets its own style in.
		if r := eval[string](t, ctx, `getComputedStyle(document.querySelector("main")).borderTopLeftRadius`); r != "16px" {
			t.Errorf("the sign-in page's style did not apply (border radius %q): blocked by its CSP?", r)
		}
		shot(t, ctx, "signin", "signin")
		typeEmailAndContinue(t, ctx, "alice@acme.test")
		onPicker(t, ctx)
		shot(t, ctx, "picker", "picker")
		pick(t, ctx, "Alice Liddell")
		onPage(t, ctx, "/dashboard", "Welcome, Alice Liddell")
		shot(t, ctx, "dashboard", "dashboard")

		do(t, ctx, "signing out", chromedp.Click(buttonWithText("Sign out")))
		waitFor(t, ctx, "the public page, signed out", `location.pathname === "/" && document.querySelector("header a.button") !== null && !document.body.innerText.includes("Alice")`)
		shot(t, ctx, "home", "home")
		do(t, ctx, "opening the dashboard again", chromedp.Navigate(s.url+"/dashboard"))
		onSignInPage(t, ctx)
	})
}

// The back button after sign-out does not show the signed-in page from
// the browser's cache: the guarded pages are no-store, so going back asks
// again, and the app sends the browser to sign in.
func TestBackButtonAfterSignOut(t *testing.T) {
	eachExample(t, func(t *testing.T, s *site) {
		ctx := newTab(t)
		signIn(t, ctx, s, "/dashboard", "bob@acme.test", "Bob Builder")
		do(t, ctx, "signing out", chromedp.Click(buttonWithText("Sign out")))
		waitFor(t, ctx, "the public page", `location.pathname === "/" && !document.body.innerText.includes("Bob")`)
		// The back button: history.back() is the same traversal (and the
		// same back/forward cache) without an action waiting on a load
		// event that a redirect may never give it.
		do(t, ctx, "going back", chromedp.Evaluate[chromedp.Void](`history.back()`))
		onSignInPage(t, ctx)
		if body := eval[string](t, ctx, `document.body.innerText`); strings.Contains(body, "Bob") {
			t.Fatalf("after sign-out, the back button shows:\n%s", body)
		}
	})
}

// A provider button signs in through that provider.
func TestProviderButton(t *testing.T) {
	eachExample(t, func(t *testing.T, s *site) {
		ctx := newTab(t)
		do(t, ctx, "opening the dashboard", chromedp.Navigate(s.url+"/dashboard"))
		onSignInPage(t, ctx)
		do(t, ctx, "pressing Continue with Google", chromedp.Click(buttonWithText("Continue with Google")))
		pick(t, ctx, "Dave Lister")
		onPage(t, ctx, "/dashboard", "Welcome, Dave Lister")
	})
}

// An email whose domain has no single sign-on stays on the sign-in page,
// which names the domain and keeps the email.
func TestUnknownDomain(t *testing.T) {
	eachExample(t, func(t *testing.T, s *site) {
		ctx := newTab(t)
		do(t, ctx, "opening sign-in", chromedp.Navigate(s.url+"/auth/signin?return_to=/dashboard"))
		onSignInPage(t, ctx)
		typeEmailAndContinue(t, ctx, "zoe@unknown-corp.test")
		waitFor(t, ctx, "the no-SSO message", `document.querySelector('[role=alert]') !== null && document.querySelector('[role=alert]').innerText.includes("unknown-corp.test")`)
		if v := eval[string](t, ctx, `document.querySelector("input#email").value`); v != "zoe@unknown-corp.test" {
			t.Errorf("the email field holds %q", v)
		}
		if d := eval[string](t, ctx, `document.querySelector("input#email").getAttribute("aria-describedby")`); d != "signin-error" {
			t.Errorf("the email field is not described by the error: %q", d)
		}
		shot(t, ctx, "signin-no-sso", "signin-no-sso")
	})
}

// Denying the sign-in at the identity provider comes back to the sign-in
// page with the reason, signed out.
func TestDeniedSignIn(t *testing.T) {
	eachExample(t, func(t *testing.T, s *site) {
		ctx := newTab(t)
		do(t, ctx, "opening the dashboard", chromedp.Navigate(s.url+"/dashboard"))
		onSignInPage(t, ctx)
		typeEmailAndContinue(t, ctx, "bob@acme.test")
		onPicker(t, ctx)
		do(t, ctx, "denying", chromedp.Click(chromedp.CSS("button.deny")))
		onSignInPage(t, ctx)
		waitFor(t, ctx, "the denial's message", `document.querySelector('[role=alert]') !== null && document.querySelector('[role=alert]').innerText.includes("cancelled or denied")`)
		shot(t, ctx, "signin-denied", "signin-denied")
		do(t, ctx, "opening the dashboard", chromedp.Navigate(s.url+"/dashboard"))
		onSignInPage(t, ctx)
	})
}

// Two tabs of one browser sign in at once: each sign-in keeps its own
// flow, and each tab lands where it asked to go.
func TestTwoTabsSignInAtOnce(t *testing.T) {
	eachExample(t, func(t *testing.T, s *site) {
		a := newTab(t)
		b, cancel := chromedp.NewContext(a) // a second tab in the same browser context
		defer cancel()
		for _, tab := range []struct {
			ctx  context.Context
			path string
		}{{a, "/dashboard"}, {b, "/?from=tab-b"}} {
			do(t, tab.ctx, "opening sign-in", chromedp.Navigate(s.url+"/auth/signin?return_to="+strings.ReplaceAll(tab.path, "?", "%3F")))
			onSignInPage(t, tab.ctx)
			typeEmailAndContinue(t, tab.ctx, "alice@acme.test")
			onPicker(t, tab.ctx)
		}
		// The second finishes first.
		pick(t, b, "Alice Liddell")
		waitFor(t, b, "tab b's page", `location.pathname === "/" && location.search === "?from=tab-b" && document.body.innerText.includes("Signed in as Alice Liddell")`)
		pick(t, a, "Alice Liddell")
		onPage(t, a, "/dashboard", "Welcome, Alice Liddell")
	})
}

// On a 390-pixel wide phone every page fits the screen, and the sign-in
// works with taps.
func TestPhoneViewport(t *testing.T) {
	eachExample(t, func(t *testing.T, s *site) {
		ctx := newTab(t)
		do(t, ctx, "emulating a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(3), chromedp.EmulateMobile))
		do(t, ctx, "opening the dashboard", chromedp.Navigate(s.url+"/dashboard"))
		onSignInPage(t, ctx)
		noHorizontalScroll(t, ctx, "sign-in")
		if w := eval[float64](t, ctx, `document.querySelector("button.primary").getBoundingClientRect().height`); w < 44 {
			t.Errorf("the button is %vpx tall, less than a 44px touch target", w)
		}
		shot(t, ctx, "signin-phone", "signin-phone")
		typeEmailAndContinue(t, ctx, "carol@globex.test")
		onPicker(t, ctx)
		noHorizontalScroll(t, ctx, "picker")
		shot(t, ctx, "picker-phone", "")
		pick(t, ctx, "Carol Danvers")
		onPage(t, ctx, "/dashboard", "Welcome, Carol Danvers")
		noHorizontalScroll(t, ctx, "dashboard")
		shot(t, ctx, "dashboard-phone", "dashboard-phone")
	})
}

// With the keyboard alone: the email field has the focus, Tab moves
// through the form and the provider buttons in order with the focus
// visible, Enter submits, and the picker and sign-out work from the
// keyboard.
func TestKeyboardOnly(t *testing.T) {
	eachExample(t, func(t *testing.T, s *site) {
		ctx := newTab(t)
		do(t, ctx, "opening the dashboard", chromedp.Navigate(s.url+"/dashboard"))
		onSignInPage(t, ctx)
		if f := activeElement(t, ctx); f.ID != "email" {
			t.Fatalf("the sign-in page starts with the focus on %s, not the email field", f)
		}
		want := []string{"Continue with single sign-on", "Continue with Google", "Continue with Microsoft", "Continue with GitHub"}
		for _, w := range want {
			do(t, ctx, "pressing Tab", chromedp.KeyEvent(kb.Tab))
			f := activeElement(t, ctx)
			if f.Tag != "button" || f.Text != w {
				t.Fatalf("Tab went to %s, want the button %q", f, w)
			}
			focusVisible(t, f)
		}
		for range want {
			do(t, ctx, "pressing Shift+Tab", chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift)))
		}
		if f := activeElement(t, ctx); f.ID != "email" {
			t.Fatalf("Shift+Tab went back to %s, not the email field", f)
		}
		focusVisible(t, activeElement(t, ctx))
		do(t, ctx, "typing the email and Enter", chromedp.KeyEvent("alice@acme.test"), chromedp.KeyEvent(kb.Enter))
		onPicker(t, ctx)
		do(t, ctx, "pressing Tab", chromedp.KeyEvent(kb.Tab))
		f := activeElement(t, ctx)
		if f.Tag != "button" || !strings.Contains(f.Text, "Alice Liddell") {
			t.Fatalf("the picker's first stop is %s, want Alice", f)
		}
		focusVisible(t, f)
		do(t, ctx, "pressing Enter", chromedp.KeyEvent(kb.Enter))
		onPage(t, ctx, "/dashboard", "Welcome, Alice Liddell")
		for i := 0; ; i++ {
			do(t, ctx, "pressing Tab", chromedp.KeyEvent(kb.Tab))
			f := activeElement(t, ctx)
			focusVisible(t, f)
			if f.Tag == "button" && f.Text == "Sign out" {
				break
			}
			if i == 10 {
				t.Fatal("ten Tabs and no Sign out button")
			}
		}
		do(t, ctx, "pressing Enter", chromedp.KeyEvent(kb.Enter))
		waitFor(t, ctx, "the public page, signed out", `location.pathname === "/" && !document.body.innerText.includes("Alice")`)
	})
}
