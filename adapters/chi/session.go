package workoschi

import (
	"net/http"

	"github.com/ssokit/workosauth/core"
)

// Session returns the request's session that RequireWorkOS put in its
// context; the same as core.SessionFrom(r.Context()).
func Session(r *http.Request) (*core.Session, bool) { return core.SessionFrom(r.Context()) }
