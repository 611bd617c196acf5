package core_test

import (
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

// authKitExample returns an AuthKit Auth against a fresh emulator.
func authKitExample() (*core.Auth, *workostest.Server) {
	emu, err := workostest.Start("127.0.0.1:0", workostest.Options{RedirectURIs: []string{"http://127.0.0.1:8080/auth/callback"}})
	if err != nil {
		log.Fatal(err)
	}
	auth, err := core.New(core.Config{
		ClientID:       emu.ClientID,
		APIKey:         core.NewSecret(emu.APIKey),
		RedirectURI:    "http://127.0.0.1:8080/auth/callback",
		CookiePassword: core.NewSecret("a-password-of-at-least-32-characters!"),
		WorkOS:         core.WorkOSConfig{BaseURL: emu.URL},
		AuthKit:        core.AuthKitConfig{Enabled: true},
		// or WORKOS_AUTHKIT=1 with core.ConfigFromEnv()
	})
	if err != nil {
		log.Fatal(err)
	}
	return auth, emu
}

// An API that accepts AuthKit access tokens as Bearer tokens (and the
// session cookie), for callers with the widgets:write permission.
func ExampleAcceptBearer() {
	auth, emu := authKitExample()
	defer emu.Close()
	api := workoshttp.RequireWorkOS(auth, core.AcceptBearer(), core.RequirePermission("widgets:write"))(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			k, _ := core.AuthKitFrom(r.Context())
			fmt.Fprintln(w, k.User.ID, k.OrganizationID, k.Claims.Role)
		}))

	token, _ := emu.AccessToken("alice@acme.test", "org_01DEMOACME")
	for _, t := range []string{token, "forged"} {
		req := httptest.NewRequest("GET", "/api/widgets", nil)
		req.Header.Set("Authorization", "Bearer "+t)
		rec := httptest.NewRecorder()
		api.ServeHTTP(rec, req)
		fmt.Print(rec.Code, " ", rec.Body.String())
	}
	// Output:
	// 200 user_01DEMOALICE org_01DEMOACME admin
	// 401 {"error":"invalid_token","error_description":"The access token is not valid, or has expired.","sign_in_url":"/auth/signin?return_to=%2Fapi%2Fwidgets"}
}

// In a handler: the AuthKit user, organization, role, permissions and
// impersonator of the request's session.
func ExampleAuthKitFrom() {
	auth, emu := authKitExample()
	defer emu.Close()
	h := workoshttp.RequireWorkOS(auth)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k, ok := core.AuthKitFrom(r.Context())
		if !ok {
			return // an SSO session
		}
		fmt.Println(k.User.Email, k.OrganizationID, k.Claims.Role, k.Claims.Permissions, k.HasPermission("widgets:write"), k.Impersonator == nil)
	}))
	req := emu.AuthKitSignIn(auth, httptest.NewRequest("GET", "/dashboard", nil), "bob@acme.test", "org_01DEMOACME")
	h.ServeHTTP(httptest.NewRecorder(), req)
	// Output: bob@acme.test org_01DEMOACME member [widgets:read] false true
}
