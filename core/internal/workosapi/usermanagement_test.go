package workosapi

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestAuthKitAuthorizeURL(t *testing.T) {
	c := newTestClient(t, "https://api.workos.test", nil)
	ch := strings.Repeat("a", 43)
	raw, err := c.AuthKitAuthorizeURL(AuthKitAuthorizeParams{State: "st", CodeChallenge: ch, OrganizationID: "org_1", LoginHint: "a@b.test", DomainHint: "b.test"})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(raw)
	q := u.Query()
	if u.Path != "/user_management/authorize" || q.Get("organization_id") != "org_1" || q.Get("organization") != "" || q.Get("client_id") != testClientID ||
		q.Get("redirect_uri") != testRedirect || q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" || q.Get("login_hint") != "a@b.test" {
		t.Fatalf("authorize URL %s", raw)
	}
	for name, p := range map[string]AuthKitAuthorizeParams{
		"no selector":                 {State: "st", CodeChallenge: ch},
		"connection and org":          {State: "st", CodeChallenge: ch, ConnectionID: "conn_1", OrganizationID: "org_1"},
		"org with an OAuth provider":  {State: "st", CodeChallenge: ch, OrganizationID: "org_1", Provider: "GoogleOAuth"},
		"screen hint without authkit": {State: "st", CodeChallenge: ch, Provider: "GoogleOAuth", ScreenHint: "sign-up"},
		"no state":                    {CodeChallenge: ch, Provider: "authkit"},
		"bad challenge":               {State: "st", CodeChallenge: "short", Provider: "authkit"},
	} {
		if _, err := c.AuthKitAuthorizeURL(p); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%s: %v, want ErrInvalidArgument", name, err)
		}
	}
	if got := c.LogoutURL("session_1", "https://app.example.com/"); got != "https://api.workos.test/user_management/sessions/logout?return_to=https%3A%2F%2Fapp.example.com%2F&session_id=session_1" {
		t.Fatalf("logout URL %s", got)
	}
}

func TestAuthenticateRefreshRequest(t *testing.T) {
	var body map[string]string
	var ct, auth string
	srv, calls := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		ct, auth = r.Header.Get("Content-Type"), r.Header.Get("Authorization")
		raw, _ := io.ReadAll(r.Body)
		json.Unmarshal(raw, &body)
		if r.URL.Path == "/sso/jwks/"+testClientID {
			w.Write([]byte(`{"keys":[]}`))
			return
		}
		w.WriteHeader(400)
		w.Write([]byte(`{"error":"invalid_grant","error_description":"token rt_Secret0123456789 already exchanged"}`))
	})
	c := newTestClient(t, srv.URL, nil)
	_, err := c.AuthenticateRefresh(context.Background(), "rt_Secret0123456789", "org_1")
	api := asAPIError(t, err)
	if api.Code != "invalid_grant" || strings.Contains(err.Error(), "rt_Secret0123456789") {
		t.Fatalf("error %v (the refresh token must be redacted)", err)
	}
	if calls.Load() != 1 || ct != "application/json" || body["grant_type"] != "refresh_token" || body["refresh_token"] != "rt_Secret0123456789" ||
		body["organization_id"] != "org_1" || body["client_secret"] != testAPIKey || body["client_id"] != testClientID {
		t.Fatalf("request %d %s %v", calls.Load(), ct, body)
	}
	if _, err := c.FetchJWKS(context.Background()); err != nil || auth != "" {
		t.Fatalf("FetchJWKS: %v, Authorization %q (the key set is public: no API key)", err, auth)
	}
}
