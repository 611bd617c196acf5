package core_test

import (
	"crypto/rand"
	"crypto/rsa"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

func TestForgedKidDoesNotHoldUpRotation(t *testing.T) {
	// Someone sends a token with a forged kid, which makes the app fetch
	// the key set; right after, WorkOS rotates its signing key. The token
	// a refresh then gets from WorkOS has a kid the app has not seen: it
	// fetches the key set again at once (the token came from WorkOS, it
	// is not forged), and the session goes on; a Bearer token under the
	// new key verifies too.
	app := newAKApp(t, nil, nil, nil)
	b := app.browser()
	b.signIn(url.Values{"organization": {"org_01DEMOACME"}, "login_hint": {"alice@acme.test"}})
	app.clock.advance(5*time.Minute + time.Second) // the access token has expired; the key set is old
	forged := signRS(mustKey(t), map[string]any{"alg": "RS256", "kid": "kid_forged"}, map[string]any{"iss": app.emu.Issuer(), "sub": "user_01X",
		"iat": app.clock.now().Unix(), "exp": app.clock.now().Add(time.Minute).Unix()})
	if r := app.bearer("/api/me", forged); r.status != http.StatusUnauthorized {
		t.Fatalf("the forged kid: %d", r.status)
	}
	app.emu.RotateSigningKey(true)
	app.clock.advance(2 * time.Second) // within the Bearer cooldown of the forged fetch
	before := app.emu.RefreshCount()
	if st, m := b.me(); st != 200 || m["email"] != "alice@acme.test" {
		t.Fatalf("the refresh under the rotated key: %d %v", st, m)
	}
	if st, _ := b.me(); st != 200 || app.emu.RefreshCount()-before != 1 {
		t.Fatalf("after the refresh: %d, %d refreshes", st, app.emu.RefreshCount()-before)
	}
	tok, err := app.emu.AccessToken("bob@acme.test", "org_01DEMOACME")
	if err != nil {
		t.Fatal(err)
	}
	if r := app.bearer("/api/me", tok); r.status != 200 {
		t.Fatalf("a Bearer token under the rotated key: %d %s", r.status, r.body)
	}
}

func TestTokensWorkOSIssuedAreNeverThrownAway(t *testing.T) {
	// WorkOS rotates its key, and its key set cannot be fetched while a
	// session refreshes: the tokens WorkOS answered are kept (the refresh
	// token they replace is spent), the request is served, and once the
	// key set answers again the session opens everywhere, refreshed once.
	store := &memStore{}
	clock := &akClock{}
	a := newAKAppClock(t, nil, clock, store, nil)
	ba := a.browser()
	ba.signIn(url.Values{"organization": {"org_01DEMOACME"}, "login_hint": {"alice@acme.test"}})
	a.emu.RotateSigningKey(false)
	a.emu.InjectFault("/sso/jwks/{client_id}", workostest.Fault{Status: http.StatusBadGateway})
	clock.advance(6 * time.Minute)
	before := a.emu.RefreshCount()
	if st, m := ba.me(); st != 200 || m["email"] != "alice@acme.test" {
		t.Fatalf("a refresh whose token cannot be verified yet: %d %v, want 200 (WorkOS's answer is kept)", st, m)
	}
	// Another instance opens it from the store: it checks the token
	// against the key set, which fails (503), until the key set is back.
	b := newAKAppClock(t, a.emu, clock, store, func(c *core.Config) { c.RedirectURI = a.srv.URL + "/auth/callback" })
	onB := b.browser()
	onB.c.Jar.SetCookies(mustURL(b.srv.URL), ba.c.Jar.Cookies(mustURL(a.srv.URL)))
	if st, _ := onB.me(); st != http.StatusServiceUnavailable {
		t.Fatalf("another instance, the key set failing: %d, want 503", st)
	}
	a.emu.ClearFaults()
	clock.advance(2 * time.Second)
	if st, m := onB.me(); st != 200 || m["email"] != "alice@acme.test" {
		t.Fatalf("another instance, the key set back: %d %v", st, m)
	}
	if st, _ := ba.me(); st != 200 {
		t.Fatalf("the first instance: %d", st)
	}
	if n := a.emu.RefreshCount() - before; n != 1 {
		t.Fatalf("%d refreshes, want 1 (no second refresh with a spent token)", n)
	}
}

func mustKey(t *testing.T) *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
