package core

import (
	"context"
	"reflect"

	"github.com/ssokit/workosauth/core/store"
)

// revokeTogether ends r's session in the store and publishes r in one
// step when the app's store is also its revocation feed and can do both
// at once (store.SessionRevoker: one round trip to Redis instead of two),
// and reports whether it did; err is that step's error. Otherwise revoke
// deletes, then publishes.
func (a *Auth) revokeTogether(ctx context.Context, r revocation) (done bool, err error) {
	if r.SessionID == "" || a.feed == nil {
		return false, nil
	}
	rv, ok := a.feed.(store.SessionRevoker)
	if !ok || !sameValue(a.store.st, a.feed) {
		return false, nil
	}
	return true, rv.RevokeSession(ctx, r.shared())
}

// sameValue reports whether x and y hold the same value (comparing them
// as interfaces would panic for a type that is not comparable).
func sameValue(x, y any) bool {
	t := reflect.TypeOf(x)
	return t != nil && t == reflect.TypeOf(y) && t.Comparable() && x == y
}
