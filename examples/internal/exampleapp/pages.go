package exampleapp

import (
	"bytes"
	"context"
	"html/template"

	"github.com/ssokit/workosauth/core"
)

var pages = template.Must(template.New("").Parse(`
{{define "head"}}<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1c1e21}
pre{background:#f6f7f9;padding:1rem;border-radius:8px;overflow:auto}button{padding:.4rem 1rem}</style></head><body>{{end}}
{{define "home"}}{{template "head" .}}<h1>{{.Title}}</h1>
{{if .Signed}}<p>Signed in as <b>{{.User.Name}}</b> ({{.User.Email}}). <a href="/dashboard">Dashboard</a></p>
<form method="post" action="{{.SignOut}}"><button>Sign out</button></form>
{{else}}<p>A public page. <a href="/dashboard">The dashboard</a> needs single sign-on.</p>
<p><a href="{{.SignIn}}">Sign in</a></p>{{end}}</body></html>{{end}}
{{define "dashboard"}}{{template "head" .}}{{with .AuthKit}}{{with .Impersonator}}<p style="background:#fff3cd;padding:.5rem 1rem;border-radius:8px">You are impersonating <b>{{$.User.Email}}</b> (as {{.Email}}{{with .Reason}}: {{.}}{{end}}). <form style="display:inline" method="post" action="{{$.SignOut}}"><button>Stop</button></form></p>{{end}}{{end}}<h1>Dashboard</h1>
<p>Welcome, <b>{{.User.Name}}</b> ({{.User.Email}}).</p>
<p>Organization {{.Profile.OrganizationID}} · connection {{.Profile.ConnectionType}} · role {{with .Profile.Role}}{{.Slug}}{{end}}</p>
<p>Groups: {{range .Profile.Groups}}{{.}} {{end}}</p>
{{with .AuthKit}}<p>AuthKit session {{.SessionID}} · permissions {{range .Claims.Permissions}}{{.}} {{end}}</p>
<form method="post" action="{{$.SwitchOrg}}"><input name="organization_id" placeholder="org_..."> <input type="hidden" name="return_to" value="/dashboard"><button>Switch organization</button></form>{{end}}
<p><a href="/api/me">/api/me</a> · <a href="/">home</a></p>
<form method="post" action="{{.SignOut}}"><button>Sign out</button></form></body></html>{{end}}
`))

type pageData struct {
	Title           string
	Signed          bool
	Profile         core.Profile
	User            core.User
	SignIn, SignOut string
	SwitchOrg       string
	AuthKit         *core.AuthKitSession
}

func render(ctx context.Context, name string, auth *core.Auth, title string, p core.Profile, signed bool) []byte {
	var buf bytes.Buffer
	d := pageData{Title: title, Signed: signed, Profile: p, User: p.User(), SignIn: auth.SignInPath(), SignOut: auth.AuthPath() + "/signout",
		SwitchOrg: auth.AuthPath() + "/switch-organization"}
	d.AuthKit, _ = core.AuthKitFrom(ctx)
	if err := pages.ExecuteTemplate(&buf, name, d); err != nil {
		return []byte("page error")
	}
	return buf.Bytes()
}

// Home is the public page; signed says whether p is a signed-in user.
func Home(auth *core.Auth, title string, p core.Profile, signed bool) []byte {
	return render(context.Background(), "home", auth, title, p, signed)
}

// Dashboard is the guarded page; in AuthKit mode it shows the session's
// permissions, a banner when a WorkOS admin impersonates the user, and an
// organization switch.
func Dashboard(ctx context.Context, auth *core.Auth, p core.Profile) []byte {
	return render(ctx, "dashboard", auth, "Dashboard", p, true)
}
