package core_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
)

// A "your devices" page: the signed-in user's WorkOS sessions, the
// request's own first. auth.RevokeUser signs the user out of
// all of them, the app's sessions and WorkOS's.
func ExampleAuth_UserSessions() {
	auth, emu := authKitExample()
	defer emu.Close()
	devices := workoshttp.RequireWorkOS(auth)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k, _ := core.AuthKitFrom(r.Context())
		sessions, err := auth.UserSessions(r.Context(), k.User.ID) // the signed-in user's, never an ID from the request
		if err != nil {
			http.Error(w, "WorkOS is unavailable", http.StatusBadGateway)
			return
		}
		type device struct {
			Status, Method string
			This           bool
		}
		var out []device
		for _, s := range sessions {
			out = append(out, device{s.Status, s.AuthMethod, s.ID == k.Claims.SessionID})
		}
		slices.SortStableFunc(out, func(a, b device) int { return compareBool(b.This, a.This) })
		json.NewEncoder(w).Encode(out)
	}))

	emu.AccessToken("alice@acme.test", "org_01DEMOACME") // alice signed in elsewhere too
	req := emu.AuthKitSignIn(auth, httptest.NewRequest("GET", "/account/devices", nil), "alice@acme.test", "org_01DEMOACME")
	rec := httptest.NewRecorder()
	devices.ServeHTTP(rec, req)
	fmt.Print(rec.Code, " ", rec.Body.String())
	// Output:
	// 200 [{"Status":"active","Method":"password","This":true},{"Status":"active","Method":"password","This":false}]
}

// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
