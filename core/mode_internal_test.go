package core

import (
	"testing"
	"time"
)

// SSO mode signs out a session holding AuthKit tokens wherever it meets
// one, read from the store (admit) or found opened (fresh), and keeps
// the others.
func TestSSOModeSignsOutAuthKitSessions(t *testing.T) {
	var m ssoMode
	ak := &Session{ID: "s1", AuthKit: &AuthKitSession{User: AuthKitUser{ID: "user_1"}}}
	plain := &Session{ID: "s2"}
	if ok, err := m.admit(t.Context(), ak); ok || err != nil {
		t.Errorf("admit(AuthKit session) = %v, %v; want false, nil", ok, err)
	}
	if ok, err := m.admit(t.Context(), plain); !ok || err != nil {
		t.Errorf("admit(SSO session) = %v, %v; want true, nil", ok, err)
	}
	if s, err := m.fresh(nil, "token", ak, time.Now()); s != nil || err != nil {
		t.Errorf("fresh(AuthKit session) = %v, %v; want nil, nil", s, err)
	}
}
