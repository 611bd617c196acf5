package core

import (
	"html/template"
	"net/url"
	"regexp"
	"strings"
)

// PageConfig is the Pages group of [Config]: the built-in pages' words
// and looks (the sign-in page, the refusal pages, the chooser of
// organizations).
type PageConfig struct {
	// AppName is shown on the built-in pages. Default: "Sign in".
	AppName string
	// Branding dresses the built-in pages (logo, accent colour) without a
	// template. Default: no logo, the default accent.
	Branding Branding
	// Messages are the built-in pages' words, translated; empty fields keep
	// their English default ([DefaultMessages]). Default: nil, English.
	Messages *Messages
	// SignIn renders the sign-in page. It is executed with a
	// [SignInPageData]. Default: a plain page asking for the work email,
	// with a button per provider.
	SignIn *template.Template
}

func (c PageConfig) withDefaults() PageConfig {
	if c.AppName == "" {
		c.AppName = "Sign in"
	}
	if c.SignIn == nil {
		c.SignIn = defaultSignInPage
	}
	return c
}

// check checks Branding and Messages and builds the pages' kit for an
// app served on origins that signs in at WorkOS's baseURL.
func (c PageConfig) check(p *problems, origins []appOrigin, baseURL string) *pageKit {
	k := &pageKit{imgSrc: "'self' data:"}
	accent := c.Branding.AccentColor
	if accent == "" {
		accent = defaultAccentColor
	}
	if !hexColorRE.MatchString(accent) {
		p.add("Pages.Branding.AccentColor must be #rgb or #rrggbb; got %q", c.Branding.AccentColor)
		accent = defaultAccentColor
	}
	if logo := strings.TrimSpace(c.Branding.LogoURL); logo != "" {
		u, err := url.Parse(logo)
		switch {
		case err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil:
			k.logo = u.String()
			k.imgSrc += " " + u.Scheme + "://" + u.Host
		case err == nil && u.Scheme == "" && u.Host == "" && strings.HasPrefix(logo, "/") && !strings.HasPrefix(logo, "//"):
			k.logo = u.String()
		default:
			p.add("Pages.Branding.LogoURL must be an http(s) URL or a path such as /logo.svg; got %q", c.Branding.LogoURL)
		}
	}
	k.translated = map[string]bool{}
	if c.Messages != nil {
		for code, words := range c.Messages.Errors {
			if strings.TrimSpace(words) != "" {
				k.translated[code] = true
			}
		}
		k.msgs = c.Messages.withDefaults()
		if !langRE.MatchString(k.msgs.Lang) {
			p.add("Pages.Messages.Lang must be a language tag such as en or pt-BR; got %q", k.msgs.Lang)
			k.msgs.Lang = "en"
		}
	} else {
		k.msgs = DefaultMessages()
	}
	k.style = template.CSS(strings.NewReplacer("ACCENT", strings.ToLower(accent), "ON_ACCENT", onColor(accent)).Replace(pageCSS))
	// The sign-in form's answer sends the browser to WorkOS, or to one of
	// the app's own origins first; browsers hold redirects after a form
	// to form-action too.
	actions := []string{"'self'"}
	seen := map[string]bool{}
	for _, o := range origins {
		if !seen[o.origin] {
			seen[o.origin] = true
			actions = append(actions, o.origin)
		}
	}
	if u, err := url.Parse(baseURL); err == nil && u.Host != "" && !seen[u.Scheme+"://"+u.Host] {
		actions = append(actions, u.Scheme+"://"+u.Host)
	}
	k.formAction = strings.Join(actions, " ")
	return k
}

var langRE = regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`)
