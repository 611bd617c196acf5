package core

import (
	"html/template"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Branding dresses the built-in pages in the app's colours without a
// template of its own. (A custom Config.Pages.SignIn replaces the whole page
// instead.)
type Branding struct {
	// LogoURL is an image shown above the app's name: an https URL, or a
	// path on the app's origin such as /static/logo.svg. The page's
	// Content-Security-Policy allows images from there. Default: none.
	LogoURL string
	// AccentColor colours the main button, as #rgb or #rrggbb. Its text is
	// white or black, whichever contrasts more: at least 4.58:1 whatever
	// the colour. Default: #4f46e5.
	AccentColor string
}

const defaultAccentColor = "#4f46e5"

var hexColorRE = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

// pageKit is what the built-in pages need, worked out once in New.
type pageKit struct {
	msgs       Messages
	translated map[string]bool // the error codes Config.Pages.Messages gives words for
	style      template.CSS    // the stylesheet, accent colour included
	logo       string
	imgSrc     string // CSP img-src
	formAction string // CSP form-action
}

// csp is the Content-Security-Policy of a built-in page whose <style>
// carries nonce: nothing but that stylesheet, images from the logo's
// origin, forms to the app and WorkOS, and no framing.
func (k *pageKit) csp(nonce string) string {
	return "default-src 'none'; style-src 'nonce-" + nonce + "'; img-src " + k.imgSrc +
		"; form-action " + k.formAction + "; frame-ancestors 'none'; base-uri 'none'"
}

// onColor returns the text colour for a background colour: white or
// black, whichever contrasts more; for any background that is at least
// 4.58:1.
func onColor(hex string) string {
	l := luminance(hex)
	white := 1.05 / (l + 0.05)
	black := (l + 0.05) / 0.05
	if white >= black {
		return "#ffffff"
	}
	return "#000000"
}

// luminance is WCAG 2's relative luminance of #rgb or #rrggbb.
func luminance(hex string) float64 {
	h := strings.TrimPrefix(hex, "#")
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	var c [3]float64
	for i := range c {
		v, _ := strconv.ParseUint(h[2*i:2*i+2], 16, 8)
		s := float64(v) / 255
		if s <= 0.04045 {
			c[i] = s / 12.92
		} else {
			c[i] = math.Pow((s+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
}

// pageCSS is the built-in pages' stylesheet: light and dark, from a
// phone's width up. ACCENT and ON_ACCENT are filled in.
const pageCSS = `:root{color-scheme:light dark;--bg:#f3f4f6;--card:#ffffff;--text:#1b1f24;--muted:#4b5563;--border:#d1d5db;--field:#6b7280;--accent:ACCENT;--on-accent:ON_ACCENT;--alert-bg:#fdecea;--alert-text:#8a1c1c;--alert-border:#f0b4ae;--shadow:0 1px 2px rgba(0,0,0,.05),0 10px 30px rgba(0,0,0,.08)}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--card:#161b22;--text:#e6edf3;--muted:#a3acb6;--border:#30363d;--field:#8b949e;--alert-bg:#3a1417;--alert-text:#ffb4ab;--alert-border:#6e2b2b;--shadow:0 10px 30px rgba(0,0,0,.45)}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;min-height:100vh;display:flex;flex-direction:column;align-items:center;justify-content:center;padding:2rem 1rem;background:var(--bg);color:var(--text);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",sans-serif}
main{width:100%;max-width:26rem;background:var(--card);border:1px solid var(--border);border-radius:16px;box-shadow:var(--shadow);padding:2.25rem 2rem}
.logo{display:block;max-height:48px;max-width:12rem;margin:0 0 1.25rem}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 .35rem;letter-spacing:-.01em}
.intro{color:var(--muted);margin:0 0 1.5rem}
label{display:block;font-weight:600;font-size:.95rem;margin:0 0 .4rem}
input{width:100%;font:inherit;color:var(--text);background:var(--card);border:1px solid var(--field);border-radius:10px;padding:.7rem .85rem;min-height:44px}
input::placeholder{color:var(--muted);opacity:1}
button{width:100%;font:inherit;font-weight:600;border-radius:10px;padding:.7rem 1rem;min-height:44px;cursor:pointer}
.primary{margin-top:1rem;background:var(--accent);color:var(--on-accent);border:1px solid var(--accent)}
.primary:hover{filter:brightness(1.08)}
.secondary{background:var(--card);color:var(--text);border:1px solid var(--border)}
.secondary:hover{background:var(--bg)}
.providers{display:grid;gap:.6rem}
form{margin:0}
.or{display:flex;align-items:center;gap:.75rem;color:var(--muted);font-size:.875rem;margin:1.5rem 0 1.25rem}
.or::before,.or::after{content:"";flex:1;border-top:1px solid var(--border)}
.alert{background:var(--alert-bg);color:var(--alert-text);border:1px solid var(--alert-border);border-radius:10px;padding:.75rem .9rem;margin:0 0 1.25rem}
.alert p{margin:0}
a{color:var(--text);text-underline-offset:3px}
:focus-visible{outline:3px solid var(--text);outline-offset:2px}
@media (max-width:30rem){body{justify-content:flex-start;padding:1rem .75rem}main{padding:1.75rem 1.25rem;border-radius:14px}}`
