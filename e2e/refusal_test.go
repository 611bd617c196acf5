package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A member who opens the admins' page sees the styled refusal page (not
// JSON): it says who is signed in and passes axe in light and dark. Its
// "Sign out" button signs out; its "Sign in as someone else" link leads
// through the sign-in page back to the page, as an admin.
func TestRefusalPage(t *testing.T) {
	eachExample(t, func(t *testing.T, s *site) {
		ctx := newTab(t)
		signIn(t, ctx, s, "/dashboard", "bob@acme.test", "Bob Builder")
		for _, scheme := range []string{"light", "dark"} {
			setColorScheme(t, ctx, scheme)
			do(t, ctx, "opening the admin page", chromedp.Navigate(s.url+"/admin"))
			onPage(t, ctx, "/admin", "Access denied")
			if got := eval[string](t, ctx, `document.body.innerText`); !strings.Contains(got, "bob@acme.test") {
				t.Errorf("the refusal page does not say who is signed in: %q", got)
			}
			// The page's own stylesheet applied: its CSP lets its nonce in.
			if r := eval[string](t, ctx, `getComputedStyle(document.querySelector("main")).borderTopLeftRadius`); r != "16px" {
				t.Errorf("the refusal page's style did not apply (border radius %q): blocked by its CSP?", r)
			}
			audit(t, ctx, fmt.Sprintf("the refusal page (%s)", scheme))
			noHorizontalScroll(t, ctx, "the refusal page")
			if scheme == "light" {
				shot(t, ctx, "refused", "refused")
			}
		}
		setColorScheme(t, ctx, "light")
		do(t, ctx, "signing out from the refusal page", chromedp.Click(buttonWithText("Sign out")))
		waitFor(t, ctx, "the public page, signed out", `location.pathname === "/" && !document.body.innerText.includes("Signed in as")`)

		signIn(t, ctx, s, "/dashboard", "bob@acme.test", "Bob Builder")
		do(t, ctx, "opening the admin page", chromedp.Navigate(s.url+"/admin"))
		onPage(t, ctx, "/admin", "Access denied")
		do(t, ctx, "signing in as someone else", chromedp.Click(`//a[contains(., "Sign in as someone else")]`))
		onSignInPage(t, ctx)
		typeEmailAndContinue(t, ctx, "alice@acme.test")
		pick(t, ctx, "Alice Liddell")
		onPage(t, ctx, "/admin", "Admin area")
	})
}
