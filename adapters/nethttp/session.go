package workoshttp

import (
	"net/http"

	"github.com/ssokit/workosauth/core"
)

// Session returns the request's session that RequireWorkOS put in its
// context: the profile, when it was signed in, and its ID (for
// auth.RevokeSession). False when the request has no session.
func Session(r *http.Request) (*core.Session, bool) { return core.SessionFrom(r.Context()) }
