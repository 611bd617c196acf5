package workostest_test

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

// A sign-in against the emulator, as an app does it: redirect the browser
// to /sso/authorize, then exchange the code that comes back.
func Example() {
	srv, err := workostest.Start("127.0.0.1:0", workostest.Options{})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	srv.AddRedirectURI("http://127.0.0.1:8080/auth/callback") // dev mode: once the app knows its port

	// The browser's trip: login_hint names a user of the connection, so the
	// emulator redirects back at once instead of showing its picker page.
	authorize := srv.URL + "/sso/authorize?" + url.Values{
		"client_id":     {srv.ClientID},
		"redirect_uri":  {"http://127.0.0.1:8080/auth/callback"},
		"response_type": {"code"},
		"organization":  {"org_01DEMOACME"},
		"login_hint":    {"alice@acme.test"},
		"state":         {"xyz"},
	}.Encode()
	browser := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := browser.Get(authorize)
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	callback, _ := resp.Location()
	fmt.Println(resp.StatusCode, callback.Path, "state="+callback.Query().Get("state"))

	// The app's code exchange.
	resp, err = http.PostForm(srv.URL+"/sso/token", url.Values{
		"client_id":     {srv.ClientID},
		"client_secret": {srv.APIKey},
		"grant_type":    {"authorization_code"},
		"code":          {callback.Query().Get("code")},
	})
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var token struct {
		Profile struct {
			Email          string `json:"email"`
			OrganizationID string `json:"organization_id"`
			Role           struct {
				Slug string `json:"slug"`
			} `json:"role"`
			Groups []string `json:"groups"`
		} `json:"profile"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&token); err != nil {
		panic(err)
	}
	p := token.Profile
	fmt.Println(resp.StatusCode, p.Email, p.OrganizationID, p.Role.Slug, p.Groups)
	// Output:
	// 302 /auth/callback state=xyz
	// 200 alice@acme.test org_01DEMOACME admin [Engineering Admins]
}

// A test of an app's retries: the Organizations API fails once with 503.
func ExampleServer_InjectFault() {
	srv, err := workostest.Start("127.0.0.1:0", workostest.Options{})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	srv.InjectFault("/organizations", workostest.Fault{Status: 503, RetryAfter: "1", Times: 1})

	for range 2 {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/organizations?domains=acme.test", nil)
		req.Header.Set("Authorization", "Bearer "+srv.APIKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			panic(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Println(resp.StatusCode, resp.Header.Get("Retry-After"), strings.Contains(string(body), `"name":"Acme"`))
	}
	fmt.Println("calls:", srv.Calls("/organizations"))
	// Output:
	// 503 1 false
	// 200  true
	// calls: 2
}

// Seeds of one's own: an organization with SSO users, plus Google sign-in.
func ExampleOrganizationSeed() {
	seed := workostest.OrganizationSeed("Initech", "initech.test",
		workostest.NewUser("peter.gibbons@initech.test"),
		workostest.User{Email: "bill@initech.test", FirstName: "Bill", LastName: "Lumbergh", Role: "admin"},
	).Merge(workostest.ProviderSeed("GoogleOAuth", workostest.NewUser("joanna@gmail.test")))

	srv, err := workostest.Start("127.0.0.1:0", workostest.Options{Seed: seed})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	for _, c := range srv.Seed().Connections {
		for _, u := range c.Users {
			fmt.Printf("%-14s %-27s %s %s (%s)\n", c.Type, u.Email, u.FirstName, u.LastName, u.Role)
		}
	}
	// Output:
	// OktaSAML       peter.gibbons@initech.test  Peter Gibbons (member)
	// OktaSAML       bill@initech.test           Bill Lumbergh (admin)
	// GoogleOAuth    joanna@gmail.test           Joanna  (member)
}

// Deprovisioning without a WorkOS account: the emulator delivers a signed
// dsync.user.deleted to the app's webhook route when IT "deletes" alice.
func ExampleServer_DeleteDirectoryUser() {
	srv, err := workostest.Start("127.0.0.1:0", workostest.Options{})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var e struct{ Event string }
		json.Unmarshal(body, &e)
		fmt.Println(r.Method, r.URL.Path, e.Event, strings.HasPrefix(r.Header.Get("WorkOS-Signature"), "t="))
	}))
	defer app.Close()
	srv.AddWebhookEndpoint(app.URL+"/auth/webhooks", "whsec_example")

	e, err := srv.DeleteDirectoryUser("alice@acme.test")
	fmt.Println(e.Type, err)
	// Output:
	// POST /auth/webhooks dsync.user.deleted true
	// dsync.user.deleted <nil>
}

// A signed delivery for a handler test, without a server.
func ExampleWebhookRequest() {
	e, _ := workostest.NewEvent("dsync.user.deleted", map[string]any{"organization_id": "org_01DEMOACME", "idp_id": "00u1demoalice"})
	req, _ := workostest.WebhookRequest("http://app.test/auth/webhooks", "whsec_example", e, time.Now())
	fmt.Println(req.Method, req.URL.Path, req.Header.Get("WorkOS-Signature") != "")
	// Output: POST /auth/webhooks true
}

// Dev mode for an app of your own: on a machine with no WorkOS settings at
// all, the emulator stands in for WorkOS; with WORKOS_CLIENT_ID set the
// configuration is left as it is; with other WORKOS_* settings but no
// client ID, an error. (Not run: it depends on the environment.)
func ExampleDevMode() {
	addr := "127.0.0.1:8080" // where the app listens
	cfg, emulator, err := workostest.DevMode(core.ConfigFromEnv(), addr)
	if err != nil {
		log.Fatal(err)
	}
	if emulator != nil {
		defer emulator.Close()
		fmt.Println("dev mode: sign in as alice@acme.test on", cfg.RedirectURI)
	}
	auth, err := core.New(cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer auth.Close()
	// mount the adapter's routes and guards, then serve on addr
}
