package core

import (
	"context"
	"time"

	"github.com/ssokit/workosauth/internal/seam"
)

// SessionFrom returns the session a guard put in the context.
func SessionFrom(ctx context.Context) (*Session, bool) {
	s, ok := ctx.Value(seam.SessionKey).(*Session)
	return s, ok && s != nil
}

// ProfileFrom returns the signed-in user's profile that a guard put in the
// context. Its maps and slices are shared: read, do not modify.
func ProfileFrom(ctx context.Context) (Profile, bool) {
	s, ok := SessionFrom(ctx)
	if !ok {
		return Profile{}, false
	}
	return s.Profile, true
}

// RefusalFrom returns why a guard refused the request, in the handler an
// adapter's OnDenied gave it (workoshttp.OnDenied(h).RequireWorkOS(...)):
// its Status, Code (CodeUnauthenticated, CodeForbidden, ...), Message and
// SignInURL.
func RefusalFrom(ctx context.Context) (*Error, bool) {
	e, ok := ctx.Value(seam.RefusalKey).(*Error)
	return e, ok && e != nil
}

// ctxOrBackground never returns nil.
func ctxOrBackground(ctx context.Context) context.Context {
	if ctx == nil {
		return context.Background()
	}
	return ctx
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
