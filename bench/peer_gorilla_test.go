package bench

import (
	"context"
	"encoding/gob"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
	"github.com/ssokit/workosauth/core"
)

const gorillaCookie = "session"

func init() { gob.Register(core.Profile{}) }

// gorillaPeer is a guard on gorilla/sessions' CookieStore (securecookie:
// gob, AES-256-CTR, HMAC-SHA256, base64), with the profile stored as one
// session value.
func gorillaPeer(tb testing.TB, p core.Profile) (*http.Cookie, func(http.Handler) http.Handler) {
	tb.Helper()
	store := sessions.NewCookieStore(securecookie.GenerateRandomKey(32), securecookie.GenerateRandomKey(32))
	r := httptest.NewRequest(http.MethodGet, "/auth/callback", nil)
	w := httptest.NewRecorder()
	s, err := store.New(r, gorillaCookie)
	if err != nil {
		tb.Fatal(err)
	}
	s.Values["profile"] = p
	if err := store.Save(r, w, s); err != nil {
		tb.Fatal(err)
	}
	cookies := w.Result().Cookies()
	if len(cookies) != 1 {
		tb.Fatalf("gorilla set %d cookies", len(cookies))
	}
	guard := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s, err := store.Get(r, gorillaCookie)
			if err != nil || s.IsNew {
				deny(w)
				return
			}
			p, ok := s.Values["profile"].(core.Profile)
			if !ok {
				deny(w)
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), peerKey{}, &p)))
		})
	}
	return cookies[0], guard
}
