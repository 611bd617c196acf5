package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// do runs actions in the tab, failing the test with what was going on.
func do(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v\n(at %s)", what, err, location(ctx))
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluating %s: %v", js, err)
	}
	return v
}

func location(ctx context.Context) string {
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "?"
	}
	return loc
}

// waitFor waits until a JavaScript condition holds on the page, the page
// after a navigation included: it waits on the page's state (polled in
// the page on each animation frame), never for a fixed time. A navigation
// under way destroys the page's JavaScript context; the wait goes on in
// the next page's.
func waitFor(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var err error
	for time.Now().Before(deadline) {
		// The deadline bounds the wait for the page's frame too, which a
		// page restored from the back/forward cache may never report.
		wctx, cancel := context.WithDeadline(ctx, deadline)
		_, err = chromedp.Run(wctx, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingTimeout(time.Until(deadline))))
		cancel()
		if err == nil {
			return
		}
		if ctx.Err() != nil || time.Now().After(deadline) || !navigating(err) {
			break
		}
		time.Sleep(20 * time.Millisecond) // let the next page's context come up
	}
	bctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	body, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 600) : ""`))
	t.Fatalf("waiting for %s: %v\nat %s, the page says:\n%s", what, err, location(bctx), body)
}

// navigating reports whether err says the page went away under a script.
func navigating(err error) bool {
	msg := err.Error()
	for _, s := range []string{"Cannot find context", "Execution context was destroyed", "context with specified id", "Inspected target navigated", "Cannot find default execution context", "No frame", "not found"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// js quotes a Go string for JavaScript.
func js(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// onSignInPage waits for the sign-in page.
func onSignInPage(t *testing.T, ctx context.Context) {
	t.Helper()
	waitFor(t, ctx, "the sign-in page", `location.pathname === "/auth/signin" && document.querySelector("input#email") !== null`)
}

// onPicker waits for the emulator's user picker.
func onPicker(t *testing.T, ctx context.Context) {
	t.Helper()
	waitFor(t, ctx, "the emulator's picker", `location.pathname === "/sso/authorize" && document.querySelector("button.deny") !== null`)
}

// onPage waits for a path whose h1 contains text.
func onPage(t *testing.T, ctx context.Context, path, text string) {
	t.Helper()
	waitFor(t, ctx, path+" showing "+text, `location.pathname === `+js(path)+` && document.querySelector("h1") !== null && document.body.innerText.includes(`+js(text)+`)`)
}

// buttonWithText selects the first button whose text contains s.
func buttonWithText(s string) chromedp.JSPath {
	return chromedp.JSPath(`[...document.querySelectorAll("button")].find(b => b.innerText.includes(` + js(s) + `))`)
}

// typeEmailAndContinue fills the sign-in form and presses its button.
func typeEmailAndContinue(t *testing.T, ctx context.Context, email string) {
	t.Helper()
	do(t, ctx, "typing "+email,
		chromedp.Clear(chromedp.CSS("input#email")),
		chromedp.SendKeys(chromedp.CSS("input#email"), email),
		chromedp.Click(chromedp.CSS("button.primary")),
	)
}

// pick chooses a user on the emulator's picker.
func pick(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	onPicker(t, ctx)
	do(t, ctx, "picking "+name, chromedp.Click(buttonWithText(name)))
}

// signIn signs in through the pages from path, which needs a session, and
// waits for it with the user's name shown.
func signIn(t *testing.T, ctx context.Context, s *site, path, email, name string) {
	t.Helper()
	do(t, ctx, "opening "+path, chromedp.Navigate(s.url+path))
	onSignInPage(t, ctx)
	typeEmailAndContinue(t, ctx, email)
	pick(t, ctx, name)
	onPage(t, ctx, strings.SplitN(path, "?", 2)[0], name)
}

// setColorScheme makes the page prefer "light" or "dark".
func setColorScheme(t *testing.T, ctx context.Context, scheme string) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	}); err != nil {
		t.Fatal(err)
	}
}

// artifactDir is where screenshots go: $E2E_ARTIFACTS, else artifacts/.
func artifactDir(t *testing.T) string {
	dir := os.Getenv("E2E_ARTIFACTS")
	if dir == "" {
		dir = "artifacts"
	}
	dir, _ = filepath.Abs(dir)
	return dir
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// shot saves a full-page screenshot of the tab as a test artifact, and,
// with E2E_UPDATE_DOCS=1, as the README's picture docName (for the
// net/http example only: the pages are the same on every router).
func shot(t *testing.T, ctx context.Context, name, docName string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := filepath.Join(artifactDir(t), unsafeName.ReplaceAllString(t.Name(), "_"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, name+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", file)
	if docName != "" && os.Getenv("E2E_UPDATE_DOCS") == "1" && strings.Contains(t.Name(), "/nethttp") {
		doc := filepath.Join("..", "docs", "screenshots", docName+".png")
		if err := os.MkdirAll(filepath.Dir(doc), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(doc, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("docs screenshot: %s", doc)
	}
}

// noHorizontalScroll checks that the page fits the viewport's width.
func noHorizontalScroll(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	r := eval[[]float64](t, ctx, `[document.documentElement.scrollWidth, window.innerWidth, Math.max(...[...document.querySelectorAll("main, main *")].map(e => e.getBoundingClientRect().right))]`)
	if r[0] > r[1] || r[2] > r[1]+0.5 {
		t.Errorf("%s: the page is %vpx wide, an element reaches %vpx, in a %vpx viewport", what, r[0], r[2], r[1])
	}
}

// focused describes the focused element, and whether its focus shows.
type focused struct {
	Tag, ID, Text string
	Outline       string
	Width         float64
}

func (f focused) String() string { return fmt.Sprintf("<%s id=%q> %q", f.Tag, f.ID, f.Text) }

func activeElement(t *testing.T, ctx context.Context) focused {
	t.Helper()
	return eval[focused](t, ctx, `(() => { const e = document.activeElement, s = getComputedStyle(e);
		return {Tag: e.tagName.toLowerCase(), ID: e.id || "", Text: (e.innerText || e.value || "").trim().slice(0, 60),
			Outline: s.outlineStyle, Width: parseFloat(s.outlineWidth) || 0}; })()`)
}

// focusVisible checks that the focused element shows its focus: an
// outline at least 2px wide.
func focusVisible(t *testing.T, f focused) {
	t.Helper()
	if f.Outline == "none" || f.Width < 2 {
		t.Errorf("focus is not visible on %s: outline %s %vpx", f, f.Outline, f.Width)
	}
}
