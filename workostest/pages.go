package workostest

import (
	"bytes"
	"html/template"
	"net/http"
	"strings"
)

// pageTemplates holds the emulator's HTML pages: the user picker of
// /sso/authorize and the 400 page. html/template escapes every value.
const pageTemplates = `
{{define "head"}}<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{.}} · WorkOS emulator</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;background:#f4f5f7;color:#1f2328;margin:0}
main{max-width:28rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.25rem;margin:0 0 .25rem}
p{margin:.25rem 0 1rem;color:#57606a}
.badge{display:inline-block;font-size:.75rem;padding:.1rem .5rem;border-radius:999px;background:#eef1ff;color:#3d4fd6;margin-bottom:1rem}
form{margin:0}
ul{list-style:none;padding:0;margin:0 0 1rem}
li{margin:.5rem 0}
button{width:100%;text-align:left;font:inherit;padding:.75rem 1rem;border:1px solid #d0d7de;border-radius:8px;background:#fff;cursor:pointer}
button:hover,button:focus{border-color:#6366f1;outline:none;background:#f8f8ff}
.name{font-weight:600;display:block}
.meta{color:#57606a;font-size:.85rem}
.deny{text-align:center;color:#b42318;border-color:#f1c0bb}
.error{color:#b42318}
code{font-size:.85rem;background:#f4f5f7;padding:.1rem .3rem;border-radius:4px}
</style>
</head>
<body>
<main>
<span class="badge">WorkOS emulator</span>
{{end}}

{{define "foot"}}</main>
</body>
</html>
{{end}}

{{define "picker"}}{{template "head" "Sign in"}}
<h1>Sign in{{if .OrgName}} to {{.OrgName}}{{end}}</h1>
<p>Choose who to sign in as through <strong>{{.ConnectionName}}</strong> (<code>{{.ConnectionType}}</code>, <code>{{.ConnectionID}}</code>).</p>
<ul>
{{range .Users}}<li><form method="post" action="/sso/authorize/complete">
<input type="hidden" name="request" value="{{$.RequestID}}">
<input type="hidden" name="user" value="{{.ID}}">
<button type="submit"><span class="name">{{.Name}}</span><span class="meta">{{.Email}} · {{.Role}}</span></button>
</form></li>
{{else}}<li><p>This connection has no users.</p></li>
{{end}}</ul>
<form method="post" action="/sso/authorize/complete">
<input type="hidden" name="request" value="{{.RequestID}}">
<input type="hidden" name="action" value="deny">
<button type="submit" class="deny">Deny</button>
</form>
{{template "foot"}}{{end}}

{{define "hosted"}}{{template "head" "Sign in"}}
<h1>Sign in</h1>
<p>The AuthKit hosted page stand-in: choose who signs in{{if .Org}} to <code>{{.Org}}</code>{{else}}, and in which organization{{end}}.</p>
<ul>
{{range .Choices}}<li><form method="post" action="/user_management/authorize/complete">
<input type="hidden" name="request" value="{{$.RequestID}}">
<input type="hidden" name="user" value="{{.UserID}}">
<input type="hidden" name="organization" value="{{.Org}}">
<button type="submit"><span class="name">{{.Name}}</span><span class="meta">{{.Email}}{{if .Org}} · {{.Org}} · {{.Role}}{{else}} · no organization{{end}}</span></button>
</form></li>
{{else}}<li><p>No users can sign in here.</p></li>
{{end}}</ul>
<form method="post" action="/user_management/authorize/complete">
<input type="hidden" name="request" value="{{.RequestID}}">
<input type="hidden" name="action" value="deny">
<button type="submit" class="deny">Deny</button>
</form>
{{template "foot"}}{{end}}

{{define "error"}}{{template "head" "Error"}}
<h1 class="error">Bad request</h1>
<p>{{.}}</p>
{{template "foot"}}{{end}}
`

// pages renders the emulator's HTML pages.
type pages struct {
	tmpl *template.Template
}

func newPages() (*pages, error) {
	t, err := template.New("pages").Parse(pageTemplates)
	if err != nil {
		return nil, err
	}
	return &pages{tmpl: t}, nil
}

// pickerUser is a user as the picker page lists it.
type pickerUser struct {
	ID, Name, Email, Role string
}

// pickerData is what the picker page shows.
type pickerData struct {
	RequestID                                    string
	OrgName                                      string
	ConnectionID, ConnectionName, ConnectionType string
	Users                                        []pickerUser
}

// showPicker answers the page that lists the connection's users, each a
// form that signs in as them, and a Deny form.
func (s *Server) showPicker(w http.ResponseWriter, requestID, orgName string, conn Connection) {
	data := pickerData{
		RequestID:      requestID,
		OrgName:        orgName,
		ConnectionID:   conn.ID,
		ConnectionName: conn.Name,
		ConnectionType: conn.Type,
	}
	for _, u := range conn.Users {
		name := strings.TrimSpace(u.FirstName + " " + u.LastName)
		if name == "" {
			name = u.Email
		}
		data.Users = append(data.Users, pickerUser{ID: u.ID, Name: name, Email: u.Email, Role: u.Role})
	}
	s.pages.render(w, http.StatusOK, "picker", data)
}

// badRequest answers the 400 page.
func (s *Server) badRequest(w http.ResponseWriter, message string) {
	s.pages.render(w, http.StatusBadRequest, "error", message)
}

func (p *pages) render(w http.ResponseWriter, status int, name string, data any) {
	var buf bytes.Buffer
	if err := p.tmpl.ExecuteTemplate(&buf, name, data); err != nil {
		http.Error(w, "workostest: "+err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// hostedChoice is one button of the hosted page: a user in an
// organization (or in none).
type hostedChoice struct {
	UserID, Name, Email, Org, Role string
}

// umShowHostedPage answers the AuthKit hosted page stand-in: a button per
// user and membership.
func (s *Server) umShowHostedPage(w http.ResponseWriter, requestID string, p *umPending) {
	data := struct {
		RequestID, Org string
		Choices        []hostedChoice
	}{RequestID: requestID, Org: p.org}
	for _, u := range p.users {
		name := strings.TrimSpace(u.FirstName + " " + u.LastName)
		if name == "" {
			name = u.Email
		}
		if !p.hosted || len(u.Memberships) == 0 {
			c := hostedChoice{UserID: u.ID, Name: name, Email: u.Email, Org: p.org}
			if m := u.member(p.org); m != nil {
				c.Role = m.Role
			}
			data.Choices = append(data.Choices, c)
			continue
		}
		for _, m := range u.Memberships {
			data.Choices = append(data.Choices, hostedChoice{UserID: u.ID, Name: name, Email: u.Email, Org: m.OrganizationID, Role: m.Role})
		}
	}
	s.pages.render(w, http.StatusOK, "hosted", data)
}
