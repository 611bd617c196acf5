package core

import (
	"bytes"
	"html/template"
	"strings"
)

// The built-in pages. Every value is escaped by html/template; the
// stylesheet is ours (template.CSS) and carries the response's CSP nonce.
// No script, no external asset.
const pageHead = `{{define "head"}}<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex">
<title>{{.PageTitle}}</title>
<style nonce="{{.Nonce}}">{{.Style}}</style>
</head>
<body>
<main>
{{if .LogoURL}}<img class="logo" src="{{.LogoURL}}" alt="">{{end}}{{end}}`

var defaultSignInPage = template.Must(template.New("signin").Parse(pageHead + `{{template "head" .}}
<h1>{{.AppName}}</h1>
<p class="intro">{{.Messages.Intro}}</p>
{{if .Error}}<div class="alert" role="alert" id="signin-error"><p>{{.Error}}</p></div>{{end}}
{{if .Confirm}}<div class="alert" role="alert"><p>{{.Messages.Confirm}}{{with .Email}} ({{.}}){{end}}{{with .Domain}} ({{.}}){{end}}{{with .Provider}} ({{.}}){{end}}</p></div>
{{if not .Email}}<form method="post" action="{{.Action}}">
{{with .Domain}}<input type="hidden" name="domain" value="{{.}}">{{end}}
{{with .Organization}}<input type="hidden" name="organization" value="{{.}}">{{end}}
{{with .Connection}}<input type="hidden" name="connection" value="{{.}}">{{end}}
{{with .Provider}}<input type="hidden" name="provider" value="{{.}}">{{end}}
{{with .LoginHint}}<input type="hidden" name="login_hint" value="{{.}}">{{end}}
{{if .ReturnTo}}<input type="hidden" name="return_to" value="{{.ReturnTo}}">{{end}}
<button class="primary" type="submit">{{.Messages.ContinueConfirmed}}</button>
</form>
<p class="or">{{.Messages.Or}}</p>{{end}}{{end}}
<form method="post" action="{{.Action}}">
<label for="email">{{.Messages.EmailLabel}}</label>
<input type="email" id="email" name="email" value="{{.Email}}" placeholder="{{.Messages.EmailPlaceholder}}" autocomplete="email" autocapitalize="none" spellcheck="false" required autofocus{{if .Error}} aria-describedby="signin-error" aria-invalid="true"{{end}}>
{{if .ReturnTo}}<input type="hidden" name="return_to" value="{{.ReturnTo}}">{{end}}
{{if and .Confirm .Email .LoginHint}}<input type="hidden" name="login_hint" value="{{.LoginHint}}">{{end}}
<button class="primary" type="submit">{{.Messages.Continue}}</button>
</form>
{{if .Providers}}<p class="or">{{.Messages.Or}}</p>
<div class="providers">{{range .Providers}}<form method="post" action="{{$.Action}}">
<input type="hidden" name="provider" value="{{.ID}}">
{{if $.ReturnTo}}<input type="hidden" name="return_to" value="{{$.ReturnTo}}">{{end}}
<button class="secondary" type="submit">{{.Text}}</button>
</form>{{end}}</div>{{end}}
</main>
</body>
</html>
`))

var errorPage = template.Must(template.New("error").Parse(pageHead + `{{template "head" .}}
<h1>{{.Messages.ProblemTitle}}</h1>
<div class="alert" role="alert"><p>{{.Error}}</p></div>
<p><a href="{{.Action}}">{{.Messages.BackToSignIn}}</a></p>
</main>
</body>
</html>
`))

// dress fills in what the built-in pages need beyond the request's data:
// words, language, stylesheet, logo and a fresh nonce. The words of an
// error come from Config.Pages.Messages when it translates the error's code.
func (a *Auth) dress(d *SignInPageData) {
	k := a.pages
	d.Messages = k.msgs
	d.Lang = k.msgs.Lang
	d.Style = k.style
	d.LogoURL = k.logo
	d.Nonce = randomToken(18)
	if d.PageTitle == "" {
		d.PageTitle = d.AppName
	}
	for i := range d.Providers {
		if d.Providers[i].Text == "" {
			d.Providers[i].Text = strings.ReplaceAll(k.msgs.ContinueWith, "{provider}", d.Providers[i].Label)
		}
	}
	if d.ErrorCode != "" && k.translated[d.ErrorCode] {
		domain := ""
		if _, dom, err := parseEmail(d.Email); err == nil {
			domain = dom
		}
		if words := k.msgs.errorWords(d.ErrorCode, domain); words != "" {
			d.Error = words
		}
	}
}

// pageHeaders are the headers of every built-in page.
func (a *Auth) pageHeaders(x exchange, nonce string) {
	x.SetHeader("Cache-Control", "no-store")
	x.SetHeader("Content-Security-Policy", a.pages.csp(nonce))
	x.SetHeader("X-Content-Type-Options", "nosniff")
	x.SetHeader("Referrer-Policy", "same-origin")
}

// renderError writes the page of a failure.
func (a *Auth) renderError(x exchange, d SignInPageData) {
	a.dress(&d)
	d.PageTitle = d.Messages.ProblemTitle
	var buf bytes.Buffer
	if err := errorPage.Execute(&buf, d); err != nil {
		x.Write(d.Status, "text/plain; charset=utf-8", []byte(d.Error))
		return
	}
	a.pageHeaders(x, d.Nonce)
	x.Write(d.Status, "text/html; charset=utf-8", buf.Bytes())
}
