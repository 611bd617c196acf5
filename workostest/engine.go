package workostest

import (
	"context"
	"net/http"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/internal/seam"
)

// coreEngine is what workostest needs of core's engine, reached through
// the module's one internal link (internal/seam): the cookies of a new
// session, which core keeps off the page app authors read.
type coreEngine interface {
	SessionCookies(context.Context, core.Profile) (*core.Session, []*http.Cookie, error)
	AuthKitSessionCookies(ctx context.Context, k core.AuthKitSession, refreshToken string) (*core.Session, []*http.Cookie, error)
}

// engineOf returns auth's engine; a nil Auth is a programming error.
func engineOf(auth *core.Auth) coreEngine {
	e, ok := seam.Engine(auth).(coreEngine)
	if !ok {
		panic("workostest: a nil *core.Auth (build one with core.New)")
	}
	return e
}
