package workostest

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// selectorSeed is DemoSeed plus organizations with an inactive connection,
// two active connections, and a connection without users.
func selectorSeed() Seed {
	return DemoSeed().Merge(Seed{
		Organizations: []Organization{
			{ID: "org_inactive", Name: "Initech", Domains: []Domain{{Domain: "initech.test"}}},
			{ID: "org_two", Name: "Umbrella", Domains: []Domain{{Domain: "umbrella.test"}}},
			{ID: "org_empty", Name: "Hooli", Domains: []Domain{{Domain: "hooli.test"}}},
		},
		Connections: []Connection{
			{ID: "conn_inactive", OrganizationID: "org_inactive", Type: "OktaSAML", State: "inactive",
				Users: []User{NewUser("x@initech.test")}},
			{ID: "conn_two_a", OrganizationID: "org_two", Type: "OktaSAML", Users: []User{NewUser("a@umbrella.test")}},
			{ID: "conn_two_b", OrganizationID: "org_two", Type: "AzureSAML", Users: []User{NewUser("b@umbrella.test")}},
			{ID: "conn_nobody", OrganizationID: "org_empty", Type: "OktaSAML"},
			{ID: "conn_acme_old", OrganizationID: "org_01DEMOACME", Type: "AzureSAML", State: "inactive"},
		},
	})
}

func TestAuthorizeRefusesWithAPageNeverARedirect(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	_, challenge := pkce("a")
	conn := "conn_01DEMOACMEOKTA"
	tests := []struct {
		name   string
		params map[string]string
		raw    string // replaces the URL when set
		want   string // in the page
	}{
		{"missing client_id", map[string]string{"client_id": "", "connection": conn}, "", "client_id"},
		{"wrong client_id", map[string]string{"client_id": "client_other", "connection": conn}, "", "Invalid client ID"},
		{"missing redirect_uri", map[string]string{"redirect_uri": "", "connection": conn}, "", "redirect_uri"},
		{"unregistered redirect_uri", map[string]string{"redirect_uri": "http://evil.test/cb", "connection": conn}, "", "not in the list"},
		{"trailing slash", map[string]string{"redirect_uri": testRedirect + "/", "connection": conn}, "", "not in the list"},
		{"other scheme", map[string]string{"redirect_uri": strings.Replace(testRedirect, "http:", "https:", 1), "connection": conn}, "", "not in the list"},
		{"extra query", map[string]string{"redirect_uri": testRedirect + "?x=1", "connection": conn}, "", "not in the list"},
		{"unregistered without selector", map[string]string{"redirect_uri": "http://evil.test/cb"}, "", "not in the list"},
		{"response_type token", map[string]string{"response_type": "token", "connection": conn}, "", "response_type"},
		{"missing response_type", map[string]string{"response_type": "", "connection": conn}, "", "response_type"},
		{"plain PKCE", map[string]string{"code_challenge": challenge, "code_challenge_method": "plain", "connection": conn}, "", "S256"},
		{"challenge without method", map[string]string{"code_challenge": challenge, "connection": conn}, "", "S256"},
		{"method without challenge", map[string]string{"code_challenge_method": "S256", "connection": conn}, "", "code_challenge"},
		{"padded challenge", map[string]string{"code_challenge": challenge + "=", "code_challenge_method": "S256", "connection": conn}, "", "code_challenge"},
		{"hex challenge", map[string]string{"code_challenge": strings.Repeat("ab", 32), "code_challenge_method": "S256", "connection": conn}, "", "code_challenge"},
		{"client_id twice", nil, s.URL + "/sso/authorize?client_id=" + s.ClientID + "&client_id=" + s.ClientID +
			"&response_type=code&connection=" + conn + "&redirect_uri=" + url.QueryEscape(testRedirect), "more than once"},
		{"redirect_uri twice", nil, s.URL + "/sso/authorize?client_id=" + s.ClientID + "&response_type=code&connection=" + conn +
			"&redirect_uri=" + url.QueryEscape(testRedirect) + "&redirect_uri=" + url.QueryEscape("http://evil.test/cb"), "more than once"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := tt.raw
			if u == "" {
				u = authorizeURL(s, tt.params)
			}
			r := get(t, u)
			if r.status != http.StatusBadRequest {
				t.Fatalf("status = %d, want 400 (Location %q)", r.status, r.header.Get("Location"))
			}
			if loc := r.header.Get("Location"); loc != "" {
				t.Fatalf("redirected to %q", loc)
			}
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("Content-Type = %q", ct)
			}
			if !strings.Contains(r.body, tt.want) {
				t.Errorf("page does not say %q:\n%s", tt.want, r.body)
			}
		})
	}
}

func TestAuthorizeErrorPageEscapes(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	r := get(t, authorizeURL(s, map[string]string{"redirect_uri": `http://x.test/<script>alert(1)</script>`}))
	if r.status != http.StatusBadRequest {
		t.Fatalf("status %d", r.status)
	}
	if strings.Contains(r.body, "<script>") {
		t.Fatalf("unescaped: %s", r.body)
	}
	if !strings.Contains(r.body, "&lt;script&gt;") {
		t.Fatalf("escaped form missing: %s", r.body)
	}
}

func TestAuthorizeSelectorErrorsRedirectBack(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{Seed: selectorSeed()})
	tests := []struct {
		name   string
		params map[string]string
		want   string
	}{
		{"no selector", nil, "invalid_connection_selector"},
		{"connection and organization", map[string]string{"connection": "conn_01DEMOACMEOKTA", "organization": "org_01DEMOACME"}, "invalid_connection_selector"},
		{"organization and provider", map[string]string{"organization": "org_01DEMOACME", "provider": "GoogleOAuth"}, "invalid_connection_selector"},
		{"connection and domain", map[string]string{"connection": "conn_01DEMOACMEOKTA", "domain": "acme.test"}, "invalid_connection_selector"},
		{"unknown connection", map[string]string{"connection": "conn_nope"}, "connection_invalid"},
		{"inactive connection", map[string]string{"connection": "conn_inactive"}, "connection_invalid"},
		{"unknown organization", map[string]string{"organization": "org_nope"}, "organization_invalid"},
		{"organization without active connection", map[string]string{"organization": "org_inactive"}, "organization_invalid"},
		{"organization with two active connections", map[string]string{"organization": "org_two"}, "ambiguous_connection_selector"},
		{"unknown provider", map[string]string{"provider": "MySpaceOAuth"}, "invalid_connection_selector"},
		{"provider not configured", map[string]string{"provider": "AppleOAuth"}, "connection_invalid"},
		{"pending domain", map[string]string{"domain": "globex-pending.test"}, "organization_invalid"},
		{"unknown domain", map[string]string{"domain": "nope.test"}, "organization_invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, q := get(t, authorizeURL(s, tt.params)).location(t)
			if got := u.Scheme + "://" + u.Host + u.Path; got != testRedirect {
				t.Errorf("redirected to %s", got)
			}
			if q.Get("error") != tt.want {
				t.Errorf("error = %q, want %q", q.Get("error"), tt.want)
			}
			if q.Get("error_description") == "" {
				t.Error("no error_description")
			}
			if q.Get("state") != "st123" {
				t.Errorf("state = %q", q.Get("state"))
			}
			if q.Get("code") != "" {
				t.Error("a code came with the error")
			}
		})
	}
	t.Run("connection twice", func(t *testing.T) {
		raw := authorizeURL(s, nil) + "&connection=conn_01DEMOACMEOKTA&connection=conn_01DEMOGLOBEXGOOGLE"
		if _, q := get(t, raw).location(t); q.Get("error") != "invalid_connection_selector" {
			t.Errorf("error = %q", q.Get("error"))
		}
	})
	t.Run("no state sent", func(t *testing.T) {
		_, q := get(t, authorizeURL(s, map[string]string{"state": ""})).location(t)
		if _, ok := q["state"]; ok || q.Get("error") != "invalid_connection_selector" {
			t.Errorf("query = %v", q)
		}
	})
}

func TestAuthorizeSelectorsThatWork(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{Seed: selectorSeed(), AutoSelect: true})
	tests := []struct {
		name      string
		params    map[string]string
		wantEmail string
	}{
		{"connection", map[string]string{"connection": "conn_01DEMOGLOBEXGOOGLE"}, "carol@globex.test"},
		{"organization with an inactive connection too", map[string]string{"organization": "org_01DEMOACME"}, "alice@acme.test"},
		{"provider", map[string]string{"provider": "GitHubOAuth"}, "frank@github.test"},
		{"provider connection by ID", map[string]string{"connection": "conn_01DEMOGOOGLEOAUTH"}, "dave@gmail.test"},
		{"deprecated domain", map[string]string{"domain": "GLOBEX.test"}, "carol@globex.test"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code := signIn(t, s, tt.params)
			r := postForm(t, s.URL+"/sso/token", tokenForm(s, code))
			if r.status != http.StatusOK {
				t.Fatalf("token: %d %s", r.status, r.body)
			}
			p := r.json(t)["profile"].(map[string]any)
			if p["email"] != tt.wantEmail {
				t.Errorf("email = %v, want %s", p["email"], tt.wantEmail)
			}
		})
	}
	t.Run("empty connection= beside organization, as Auth.js sends", func(t *testing.T) {
		_, q := get(t, authorizeURL(s, map[string]string{"organization": "org_01DEMOACME"})+"&connection=").location(t)
		if q.Get("code") == "" {
			t.Fatalf("no code: %v", q)
		}
	})
}

func TestAuthorizeLoginHintRedirectsAtOnce(t *testing.T) {
	t.Parallel()
	const registered = "http://app.test/cb?tenant=a"
	s := newTestServer(t, Options{RedirectURIs: []string{registered}})
	r := get(t, authorizeURL(s, map[string]string{
		"redirect_uri": registered, "connection": "conn_01DEMOACMEOKTA", "login_hint": " BOB@Acme.test ",
	}))
	u, q := r.location(t)
	if u.Host != "app.test" || u.Path != "/cb" || q.Get("tenant") != "a" {
		t.Errorf("redirect = %s, want the registered URI with its query", u)
	}
	if q.Get("state") != "st123" || q.Get("code") == "" {
		t.Fatalf("query = %v", q)
	}
	tok := postForm(t, s.URL+"/sso/token", tokenForm(s, q.Get("code")))
	if tok.json(t)["profile"].(map[string]any)["email"] != "bob@acme.test" {
		t.Errorf("signed in as %s", tok.body)
	}

	// A hint naming nobody of the connection shows the picker.
	r = get(t, authorizeURL(s, map[string]string{
		"redirect_uri": registered, "connection": "conn_01DEMOACMEOKTA", "login_hint": "carol@globex.test",
	}))
	if r.status != http.StatusOK || !strings.Contains(r.body, "alice@acme.test") {
		t.Fatalf("want the picker, got %d", r.status)
	}
}

func TestAuthorizeAutoSelect(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{AutoSelect: true, Seed: selectorSeed()})
	tests := []struct {
		name      string
		params    map[string]string
		wantEmail string
	}{
		{"first user", map[string]string{"connection": "conn_01DEMOACMEOKTA"}, "alice@acme.test"},
		{"login_hint user", map[string]string{"connection": "conn_01DEMOACMEOKTA", "login_hint": "bob@acme.test"}, "bob@acme.test"},
		{"unknown hint: first user", map[string]string{"connection": "conn_01DEMOACMEOKTA", "login_hint": "zed@acme.test"}, "alice@acme.test"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code := signIn(t, s, tt.params)
			p := postForm(t, s.URL+"/sso/token", tokenForm(s, code)).json(t)["profile"].(map[string]any)
			if p["email"] != tt.wantEmail {
				t.Errorf("email = %v, want %s", p["email"], tt.wantEmail)
			}
		})
	}
	t.Run("connection without users", func(t *testing.T) {
		_, q := get(t, authorizeURL(s, map[string]string{"connection": "conn_nobody"})).location(t)
		if q.Get("error") != "access_denied" || q.Get("state") != "st123" {
			t.Errorf("query = %v", q)
		}
	})
}

func TestPickerListsUsersAndSignsIn(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	verifier, challenge := pkce("v")
	r := get(t, authorizeURL(s, map[string]string{
		"organization": "org_01DEMOACME", "code_challenge": challenge, "code_challenge_method": "S256",
	}))
	if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		t.Fatalf("status %d, Content-Type %q", r.status, r.header.Get("Content-Type"))
	}
	for _, want := range []string{"Acme", "alice@acme.test", "bob@acme.test", "Alice Liddell", "OktaSAML", "Deny"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("picker page lacks %q", want)
		}
	}
	if strings.Contains(r.body, "carol@globex.test") {
		t.Error("picker lists another connection's user")
	}
	request, users := pickerForm(t, r.body)
	if len(users) != 2 || users[1] != "prof_01DEMOBOB" {
		t.Fatalf("users = %v", users)
	}
	if s.Calls("/sso/authorize") != 1 {
		t.Errorf("Calls = %d", s.Calls("/sso/authorize"))
	}

	done := postForm(t, s.URL+"/sso/authorize/complete", url.Values{"request": {request}, "user": {users[1]}})
	u, q := done.location(t)
	if u.String() != testRedirect+"?"+u.RawQuery || q.Get("state") != "st123" || q.Get("code") == "" {
		t.Fatalf("redirect = %s", u)
	}
	form := tokenForm(s, q.Get("code"))
	form.Set("code_verifier", verifier)
	tok := postForm(t, s.URL+"/sso/token", form)
	if tok.status != http.StatusOK || tok.json(t)["profile"].(map[string]any)["email"] != "bob@acme.test" {
		t.Fatalf("token: %d %s", tok.status, tok.body)
	}

	// A picker page signs in once.
	again := postForm(t, s.URL+"/sso/authorize/complete", url.Values{"request": {request}, "user": {users[0]}})
	if again.status != http.StatusBadRequest || again.header.Get("Location") != "" {
		t.Fatalf("second use: %d %q", again.status, again.header.Get("Location"))
	}
}

func TestPickerRefusesBadForms(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	tests := []struct {
		name string
		form func(request string) url.Values
	}{
		{"unknown request", func(string) url.Values { return url.Values{"request": {"nope"}, "user": {"prof_01DEMOALICE"}} }},
		{"user of another connection", func(r string) url.Values { return url.Values{"request": {r}, "user": {"prof_01DEMOCAROL"}} }},
		{"no user", func(r string) url.Values { return url.Values{"request": {r}} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := get(t, authorizeURL(s, map[string]string{"connection": "conn_01DEMOACMEOKTA"}))
			request, _ := pickerForm(t, page.body)
			r := postForm(t, s.URL+"/sso/authorize/complete", tt.form(request))
			if r.status != http.StatusBadRequest || r.header.Get("Location") != "" {
				t.Fatalf("status %d Location %q", r.status, r.header.Get("Location"))
			}
		})
	}
	t.Run("GET is not found", func(t *testing.T) {
		if r := get(t, s.URL+"/sso/authorize/complete"); r.status != http.StatusNotFound {
			t.Fatalf("status %d", r.status)
		}
	})
}

func TestPickerDeny(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	page := get(t, authorizeURL(s, map[string]string{"provider": "GoogleOAuth", "state": "a b&c"}))
	if !strings.Contains(page.body, "dave@gmail.test") {
		t.Fatalf("picker lacks the provider's user:\n%s", page.body)
	}
	request, _ := pickerForm(t, page.body)
	_, q := postForm(t, s.URL+"/sso/authorize/complete", url.Values{"request": {request}, "action": {"deny"}}).location(t)
	if q.Get("error") != "access_denied" || q.Get("error_description") == "" || q.Get("state") != "a b&c" || q.Get("code") != "" {
		t.Fatalf("query = %v", q)
	}
}

func TestPickerEscapesUserData(t *testing.T) {
	t.Parallel()
	evil := `<img src=x onerror=alert(1)>`
	s := newTestServer(t, Options{Seed: OrganizationSeed(`Evil "Corp" <b>`, "evil.test",
		User{Email: "e@evil.test", FirstName: evil, Role: `"><script>`})})
	r := get(t, authorizeURL(s, map[string]string{"domain": "evil.test"}))
	if r.status != http.StatusOK {
		t.Fatalf("status %d", r.status)
	}
	for _, bad := range []string{evil, "<script>", "<b>"} {
		if strings.Contains(r.body, bad) {
			t.Errorf("page contains unescaped %q", bad)
		}
	}
	if !strings.Contains(r.body, "&lt;img src=x onerror=alert(1)&gt;") {
		t.Errorf("escaped name missing:\n%s", r.body)
	}
	if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP = %q", csp)
	}
}
