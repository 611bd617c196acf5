package workostest

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// pageTemplates holds the emulator's HTML pages: the user picker of
// /sso/authorize and the 400 page. html/template escapes every value; the
// one stylesheet carries the answer's CSP nonce; no script, no external
// asset; light and dark.
const pageTemplates = `
{{define "head"}}<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex">
<title>{{.Title}} · WorkOS emulator</title>
<style nonce="{{.Nonce}}">` + pageCSS + `</style>
</head>
<body>
<main>
<p class="badge">WorkOS emulator</p>
{{end}}

{{define "foot"}}</main>
</body>
</html>
{{end}}

{{define "picker"}}{{template "head" .}}{{with .Data}}
<h1>Sign in{{if .OrgName}} to {{.OrgName}}{{end}}</h1>
<p class="lead">Choose who to sign in as through <strong>{{.ConnectionName}}</strong> <span class="tag">{{.ConnectionType}}</span></p>
{{if .Users}}<ul class="users">
{{range .Users}}<li><form method="post" action="/sso/authorize/complete">
<input type="hidden" name="request" value="{{$.Data.RequestID}}">
<input type="hidden" name="user" value="{{.ID}}">
<button type="submit" class="user"><span class="avatar" aria-hidden="true">{{.Initials}}</span><span class="who"><span class="name">{{.Name}}</span><span class="meta">{{.Email}}{{if .Role}} · {{.Role}}{{end}}</span></span></button>
</form></li>
{{end}}</ul>
{{else}}<p class="lead">This connection has no users.</p>
{{end}}<form method="post" action="/sso/authorize/complete">
<input type="hidden" name="request" value="{{.RequestID}}">
<input type="hidden" name="action" value="deny">
<button type="submit" class="deny">Deny the sign-in</button>
</form>
<p class="fine">Connection <code>{{.ConnectionID}}</code></p>
{{end}}{{template "foot"}}{{end}}

{{define "hosted"}}{{template "head" .}}{{with .Data}}
<h1>Sign in</h1>
<p class="lead">The AuthKit hosted page stand-in: choose who signs in{{if .Org}} to <code>{{.Org}}</code>{{else}}, and in which organization{{end}}.</p>
{{if .Choices}}<ul class="users">
{{range .Choices}}<li><form method="post" action="/user_management/authorize/complete">
<input type="hidden" name="request" value="{{$.Data.RequestID}}">
<input type="hidden" name="user" value="{{.UserID}}">
<input type="hidden" name="organization" value="{{.Org}}">
<button type="submit" class="user"><span class="who"><span class="name">{{.Name}}</span><span class="meta">{{.Email}}{{if .Org}} · {{.Org}} · {{.Role}}{{else}} · no organization{{end}}</span></span></button>
</form></li>
{{end}}</ul>
{{else}}<p class="lead">No users can sign in here.</p>
{{end}}<form method="post" action="/user_management/authorize/complete">
<input type="hidden" name="request" value="{{.RequestID}}">
<input type="hidden" name="action" value="deny">
<button type="submit" class="deny">Deny the sign-in</button>
</form>
{{end}}{{template "foot"}}{{end}}

{{define "error"}}{{template "head" .}}
<h1>Bad request</h1>
<div class="alert" role="alert"><p>{{.Data}}</p></div>
{{template "foot"}}{{end}}
`

// pageCSS is the emulator pages' stylesheet.
const pageCSS = `:root{color-scheme:light dark;--bg:#f3f4f6;--card:#ffffff;--text:#1b1f24;--muted:#4b5563;--border:#d1d5db;--hover:#f5f5ff;--accent:#4338ca;--badge-bg:#eef2ff;--badge-text:#3730a3;--deny:#b42318;--deny-border:#f1b5ae;--alert-bg:#fdecea;--alert-text:#8a1c1c}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--card:#161b22;--text:#e6edf3;--muted:#a3acb6;--border:#30363d;--hover:#1f2430;--accent:#a5b4fc;--badge-bg:#1e1b4b;--badge-text:#c7d2fe;--deny:#ffb4ab;--deny-border:#6e2b2b;--alert-bg:#3a1417;--alert-text:#ffb4ab}}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;justify-content:center;align-items:flex-start;padding:3rem 1rem;background:var(--bg);color:var(--text);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{width:100%;max-width:28rem;background:var(--card);border:1px solid var(--border);border-radius:16px;padding:2rem;box-shadow:0 10px 30px rgba(0,0,0,.08)}
.badge{display:inline-block;margin:0 0 1rem;font-size:.8rem;font-weight:600;padding:.15rem .6rem;border-radius:999px;background:var(--badge-bg);color:var(--badge-text)}
h1{font-size:1.4rem;line-height:1.25;margin:0 0 .35rem}
.lead{color:var(--muted);margin:0 0 1.25rem}
.tag,code{font:.85em ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--bg);border:1px solid var(--border);border-radius:6px;padding:.05rem .35rem;color:var(--text)}
.users{list-style:none;padding:0;margin:0 0 1rem;display:grid;gap:.6rem}
form{margin:0}
button{width:100%;font:inherit;color:var(--text);background:var(--card);border:1px solid var(--border);border-radius:12px;padding:.75rem 1rem;min-height:44px;cursor:pointer;text-align:left}
button:hover{background:var(--hover);border-color:var(--accent)}
.user{display:flex;align-items:center;gap:.85rem}
.avatar{flex:none;width:2.5rem;height:2.5rem;border-radius:50%;display:grid;place-items:center;font-weight:700;background:var(--badge-bg);color:var(--badge-text)}
.who{display:flex;flex-direction:column;min-width:0}
.name{font-weight:600}
.meta{color:var(--muted);font-size:.9rem;overflow-wrap:anywhere}
.deny{text-align:center;color:var(--deny);border-color:var(--deny-border);font-weight:600}
.fine{color:var(--muted);font-size:.85rem;margin:1.25rem 0 0}
.alert{background:var(--alert-bg);color:var(--alert-text);border-radius:10px;padding:.75rem .9rem}
.alert p{margin:0}
:focus-visible{outline:3px solid var(--text);outline-offset:2px}
@media (max-width:30rem){body{padding:1rem .75rem}main{padding:1.5rem 1.25rem}}`

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
	ID, Name, Email, Role, Initials string
}

// pickerData is what the picker page shows.
type pickerData struct {
	RequestID                                    string
	OrgName                                      string
	ConnectionID, ConnectionName, ConnectionType string
	Users                                        []pickerUser
}

// showPicker answers the page that lists the connection's users, each a
// form that signs in as them (the user whose ID is first at the top), and a
// Deny form.
func (s *Server) showPicker(w http.ResponseWriter, requestID, orgName string, conn Connection, first string) {
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
		pu := pickerUser{ID: u.ID, Name: name, Email: u.Email, Role: u.Role, Initials: initials(u.FirstName, u.LastName, u.Email)}
		if u.ID == first {
			data.Users = append([]pickerUser{pu}, data.Users...)
			continue
		}
		data.Users = append(data.Users, pu)
	}
	s.pages.render(w, http.StatusOK, "picker", page{Title: "Sign in", Data: data}, s.RedirectURIs())
}

// initials are a user's avatar letters.
func initials(first, last, email string) string {
	var b strings.Builder
	for _, s := range []string{first, last} {
		for _, r := range s {
			b.WriteString(strings.ToUpper(string(r)))
			break
		}
	}
	if b.Len() == 0 {
		for _, r := range email {
			return strings.ToUpper(string(r))
		}
	}
	return b.String()
}

// page is what a page template is executed with.
type page struct {
	Title, Nonce string
	Data         any
}

// badRequest answers the 400 page.
func (s *Server) badRequest(w http.ResponseWriter, message string) {
	s.pages.render(w, http.StatusBadRequest, "error", page{Title: "Error", Data: message}, nil)
}

func (p *pages) render(w http.ResponseWriter, status int, name string, data page, redirectURIs []string) {
	data.Nonce = randomToken()
	var buf bytes.Buffer
	if err := p.tmpl.ExecuteTemplate(&buf, name, data); err != nil {
		http.Error(w, "workostest: "+err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", pageCSP(data.Nonce, redirectURIs))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// pageCSP is the Content-Security-Policy of the emulator's pages: the one
// stylesheet, forms to the emulator itself and, since completing a
// sign-in redirects there, to the origins of the registered redirect URIs.
func pageCSP(nonce string, redirectURIs []string) string {
	actions := []string{"'self'"}
	for _, raw := range redirectURIs {
		if u, err := url.Parse(raw); err == nil && u.Host != "" && (u.Scheme == "http" || u.Scheme == "https") {
			if o := u.Scheme + "://" + u.Host; !slices.Contains(actions, o) {
				actions = append(actions, o)
			}
		}
	}
	return "default-src 'none'; style-src 'nonce-" + nonce + "'; form-action " + strings.Join(actions, " ") +
		"; frame-ancestors 'none'; base-uri 'none'"
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
	s.pages.render(w, http.StatusOK, "hosted", page{Title: "Sign in", Data: data}, s.RedirectURIs())
}
