// Package e2e drives the four example apps (net/http, chi, Gin, Fiber) in
// dev mode through headless Chromium, as a person would: the sign-in page,
// the WorkOS emulator's picker, the guarded dashboard, sign-out, errors,
// several tabs, the back button, a phone's viewport and the keyboard, with
// an axe-core accessibility audit of each page.
//
// It is a module of its own, so that chromedp stays out of the go.mod of
// workosauth's users. Run it from this directory:
//
//	go test ./...
//
// It needs Chromium (Debian's package chromium; CHROMIUM names another
// binary). Without it the tests skip, except when CI is set, where they
// fail. Screenshots go to artifacts/ (E2E_ARTIFACTS names another
// directory); E2E_UPDATE_DOCS=1 also refreshes the README's screenshots
// in ../docs/screenshots.
package e2e
