package exampleapp

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"html/template"
	"path"
	"strings"

	"github.com/ssokit/workosauth/core"
)

// pageCSS is the example pages' stylesheet, light and dark. It is
// allowed by its hash in the pages' Content-Security-Policy.
const pageCSS = `.banner{background:#fff3cd;color:#1b1f24;padding:.6rem 1rem;border-radius:8px;margin:1rem auto;max-width:44rem}.banner form{display:inline}
:root{color-scheme:light dark;--bg:#f3f4f6;--card:#fff;--text:#1b1f24;--muted:#4b5563;--border:#d1d5db;--accent:#4f46e5;--on-accent:#fff;--code:#f3f4f6}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--card:#161b22;--text:#e6edf3;--muted:#a3acb6;--border:#30363d;--accent:#818cf8;--on-accent:#0d1117;--code:#0d1117}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header,main,footer{max-width:46rem;margin:0 auto;padding:0 1rem}
header{display:flex;align-items:center;justify-content:space-between;gap:1rem;padding-top:1.25rem;padding-bottom:1.25rem;flex-wrap:wrap}
.brand{font-weight:700;color:var(--text);text-decoration:none}
nav{display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
.card{background:var(--card);border:1px solid var(--border);border-radius:16px;padding:1.75rem;margin:0 0 1.25rem}
h1{font-size:1.6rem;line-height:1.25;margin:0 0 .5rem}
p{margin:.5rem 0}
.muted{color:var(--muted)}
a{color:var(--text);text-underline-offset:3px}
.button,button{display:inline-block;font:inherit;font-weight:600;border-radius:10px;padding:.6rem 1.1rem;min-height:44px;cursor:pointer;text-decoration:none;border:1px solid var(--accent);background:var(--accent);color:var(--on-accent)}
.ghost{background:var(--card);color:var(--text);border-color:var(--border)}
.actions{display:flex;gap:.75rem;flex-wrap:wrap;margin-top:1.25rem}
form{margin:0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.5rem 1.25rem;margin:1.25rem 0 0}
dt{color:var(--muted)}
dd{margin:0;overflow-wrap:anywhere}
code{font:.9em ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--code);border:1px solid var(--border);border-radius:6px;padding:.05rem .35rem}
footer{color:var(--muted);font-size:.9rem;padding-bottom:2rem}
:focus-visible{outline:3px solid var(--text);outline-offset:2px}
@media (max-width:30rem){.card{padding:1.25rem}dl{grid-template-columns:1fr;gap:.1rem}dd{margin-bottom:.6rem}}`

// pageJS is the pages' one script. A browser may keep a signed-in page
// in its back/forward cache, even one marked no-store (Chrome does), and
// show it again with the back button after sign-out; a page restored from
// that cache asks the server again, which then sends the signed-out
// browser to sign in.
const pageJS = `addEventListener("pageshow", e => { if (e.persisted) location.reload() })`

// pageCSP is the pages' Content-Security-Policy, as a meta element: the
// stylesheet and the script by hash, forms to the app itself, nothing
// else.
var pageCSP = "default-src 'none'; style-src " + hashSource(pageCSS) + "; script-src " + hashSource(pageJS) + "; form-action 'self'; base-uri 'none'"

func hashSource(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

var pages = template.Must(template.New("").Parse(`
{{define "head"}}<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{.CSP}}">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{{.Title}}</title>
<style>{{.CSS}}</style>
<script>{{.JS}}</script></head>
<body>
<header><a class="brand" href="/">{{.App}}</a>
<nav aria-label="Main">{{if .Signed}}<span class="muted">{{.User.Name}}</span>
<form method="post" action="{{.SignOut}}"><button class="ghost" type="submit">Sign out</button></form>{{else}}<a class="button" href="{{.SignIn}}">Sign in</a>{{end}}</nav>
</header>
<main>{{end}}
{{define "foot"}}</main>
<footer><p>An example of <a href="https://github.com/ssokit/workosauth">workosauth</a>: single sign-on through WorkOS.</p></footer>
</body></html>{{end}}
{{define "home"}}{{template "head" .}}
<section class="card" aria-labelledby="title">
<h1 id="title">{{.App}}</h1>
{{if .Signed}}<p>Signed in as <strong>{{.User.Name}}</strong> ({{.User.Email}}).</p>
<div class="actions"><a class="button" href="/dashboard">Open the dashboard</a></div>
{{else}}<p class="muted">A public page: anyone may read it. The dashboard needs single sign-on.</p>
<div class="actions"><a class="button" href="{{.SignIn}}">Sign in</a><a class="button ghost" href="/dashboard">Open the dashboard</a></div>{{end}}
</section>
{{template "foot" .}}{{end}}
{{define "dashboard"}}{{template "head" .}}
{{with .AuthKit}}{{with .Impersonator}}<div class="banner" role="status">You are impersonating <strong>{{$.User.Email}}</strong> (as {{.Email}}{{with .Reason}}: {{.}}{{end}}).
<form method="post" action="{{$.SignOut}}"><button type="submit">Stop impersonating</button></form></div>{{end}}{{end}}
<section class="card" aria-labelledby="title">
<h1 id="title">Welcome, {{.User.Name}}</h1>
<p class="muted">This page is guarded: only a signed-in user sees it.</p>
<dl>
<dt>Email</dt><dd>{{.User.Email}}</dd>
<dt>Organization</dt><dd>{{with .Profile.OrganizationID}}<code>{{.}}</code>{{else}}none{{end}}</dd>
<dt>Connection</dt><dd>{{.Profile.ConnectionType}} <code>{{.Profile.ConnectionID}}</code></dd>
<dt>Role</dt><dd>{{with .Profile.Role}}{{.Slug}}{{else}}none{{end}}</dd>
<dt>Groups</dt><dd>{{range $i, $g := .Profile.Groups}}{{if $i}}, {{end}}{{$g}}{{else}}none{{end}}</dd>
{{with .AuthKit}}<dt>AuthKit session</dt><dd><code>{{.Claims.SessionID}}</code></dd>
<dt>Permissions</dt><dd>{{range $i, $p := .Claims.Permissions}}{{if $i}}, {{end}}{{$p}}{{else}}none{{end}}</dd>{{end}}
</dl>
{{with .AuthKit}}<form class="switch" method="post" action="{{$.SwitchOrg}}"><label for="organization_id">Switch organization</label>
<input id="organization_id" name="organization_id" placeholder="org_..." required><input type="hidden" name="return_to" value="/dashboard">
<button class="ghost" type="submit">Switch</button></form>{{end}}
<div class="actions"><a class="button ghost" href="/api/me">Your profile as JSON</a><a class="button ghost" href="/admin">Admin area</a>
<form method="post" action="{{.SignOut}}"><button type="submit">Sign out</button></form></div>
</section>
{{template "foot" .}}{{end}}
{{define "admin"}}{{template "head" .}}
<section class="card" aria-labelledby="title">
<h1 id="title">Admin area</h1>
<p class="muted">Only admins see this page: other signed-in users get the refusal page.</p>
<p>Signed in as <strong>{{.User.Name}}</strong> ({{.User.Email}}), role <code>{{with .Profile.Role}}{{.Slug}}{{end}}</code>.</p>
<div class="actions"><a class="button ghost" href="/dashboard">Back to the dashboard</a></div>
</section>
{{template "foot" .}}{{end}}
`))

type pageData struct {
	Title, App      string
	Signed          bool
	Profile         core.Profile
	User            user
	SignIn, SignOut string
	CSP             string
	CSS             template.CSS
	JS              template.JS
	SwitchOrg       string
	AuthKit         *core.AuthKitSession // in AuthKit mode: permissions, impersonator
}

func render(ctx context.Context, name string, auth *core.Auth, title, app string, p core.Profile, signed bool) []byte {
	var buf bytes.Buffer
	d := pageData{Title: title, App: app, Signed: signed, Profile: p, User: userOf(p), SignIn: auth.SignInURL(""), SignOut: auth.SignOutPath(),
		CSP: pageCSP, CSS: template.CSS(pageCSS), JS: template.JS(pageJS), SwitchOrg: path.Dir(auth.SignOutPath()) + "/switch-organization"}
	d.AuthKit, _ = core.AuthKitFrom(ctx)
	if d.User.Name == "" {
		d.User.Name = d.User.Email
	}
	if err := pages.ExecuteTemplate(&buf, name, d); err != nil {
		return []byte("page error")
	}
	return buf.Bytes()
}

// Home is the public page; signed says whether p is a signed-in user.
func Home(auth *core.Auth, title string, p core.Profile, signed bool) []byte {
	return render(context.Background(), "home", auth, title, title, p, signed)
}

// Dashboard is the guarded page; in AuthKit mode it shows the session's
// permissions, a banner when a WorkOS admin impersonates the user, and an
// organization switch.
func Dashboard(ctx context.Context, auth *core.Auth, p core.Profile) []byte {
	return render(ctx, "dashboard", auth, "Dashboard", "workosauth example", p, true)
}

// Admin is the page only admins see (core.RequireRole("admin")).
func Admin(ctx context.Context, auth *core.Auth, p core.Profile) []byte {
	return render(ctx, "admin", auth, "Admin area", "workosauth example", p, true)
}

// user is what the pages show of who is signed in: a display name and
// an email.
type user struct{ Name, Email string }

// userOf is the profile's name, else first and last name joined.
func userOf(p core.Profile) user {
	u := user{Name: p.Name, Email: p.Email}
	if u.Name == "" {
		u.Name = strings.TrimSpace(p.FirstName + " " + p.LastName)
	}
	return u
}
