package workostest

import (
	"context"
	"net/http"
	"strings"

	"github.com/ssokit/workosauth/core"
)

// SignIn adds to r the session cookies of p signed in through auth, as if
// the sign-in had just finished: for handler tests that need a signed-in
// request without any round trip to WorkOS or the emulator. It returns r,
// and panics when the session cannot be made (see [SessionCookies]).
//
//	req := workostest.SignIn(auth, httptest.NewRequest("GET", "/dashboard", nil), workostest.Profile(alice, conn))
func SignIn(auth *core.Auth, r *http.Request, p core.Profile) *http.Request {
	_, cookies, err := SessionCookies(context.Background(), auth, p)
	if err != nil {
		panic("workostest: SignIn: " + err.Error())
	}
	for _, c := range cookies {
		r.AddCookie(c)
	}
	return r
}

// SessionCookies makes a new session of p on auth, as the callback would
// after a sign-in (Config.SignIn.MapProfile is not applied), and returns it with
// the cookies the callback would set: for tests that need the cookies
// themselves (a browser's jar, a load generator) or the session's ID
// (auth.RevokeSession). An error is the session store's (a server-side
// store that cannot be reached: core.ErrStoreUnavailable).
func SessionCookies(ctx context.Context, auth *core.Auth, p core.Profile) (*core.Session, []*http.Cookie, error) {
	return engineOf(auth).SessionCookies(ctx, p)
}

// Profile returns the profile WorkOS would send for u signing in through
// conn, as core sees it.
func Profile(u User, conn Connection) core.Profile {
	p := core.Profile{
		ID: u.ID, Email: strings.ToLower(u.Email), FirstName: u.FirstName, LastName: u.LastName,
		Name: strings.TrimSpace(u.FirstName + " " + u.LastName), OrganizationID: conn.OrganizationID,
		ConnectionID: conn.ID, ConnectionType: conn.Type, IdpID: u.IdpID, Groups: append([]string(nil), u.Groups...),
		CustomAttributes: u.CustomAttributes,
	}
	if u.Role != "" {
		p.Role = &core.Role{Slug: u.Role}
	}
	for _, r := range u.Roles {
		p.Roles = append(p.Roles, core.Role{Slug: r})
	}
	return p
}

// DemoProfile returns the profile of a DemoSeed user by email (for
// example "alice@acme.test"), and false when there is none.
func DemoProfile(email string) (core.Profile, bool) {
	seed, err := normalize(DemoSeed())
	if err != nil {
		return core.Profile{}, false
	}
	for _, c := range seed.Connections {
		for _, u := range c.Users {
			if strings.EqualFold(u.Email, email) {
				return Profile(u, c), true
			}
		}
	}
	return core.Profile{}, false
}
