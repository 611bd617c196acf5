package redisstore_test

import (
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/internal/redistest"
	redisstore "github.com/ssokit/workosauth/stores/redis"
	"github.com/ssokit/workosauth/workostest"
)

// TestSignInThroughWorkOSDuringOutage: a whole sign-in (sign-in start,
// the WorkOS emulator, the callback) while Redis is down ends with a 503
// that says sessions cannot be saved, sets no session cookie, and works
// once Redis is back.
func TestSignInThroughWorkOSDuringOutage(t *testing.T) {
	srv := redistest.Start(t)
	var h http.Handler
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(app.Close)
	emu := workostest.NewServer(t, workostest.Options{RedirectURIs: []string{app.URL + "/auth/callback"}, AutoSelect: true})
	auth, err := core.New(core.Config{
		ClientID:       emu.ClientID,
		APIKey:         core.NewSecret(emu.APIKey),
		RedirectURI:    app.URL + "/auth/callback",
		CookiePassword: core.NewSecret(testPassword),
		Sessions:       core.SessionConfig{Store: redisstore.New(srv.Client(), redisstore.Options{Timeout: 300 * time.Millisecond})},
		WorkOS:         core.WorkOSConfig{BaseURL: emu.URL},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { auth.Close() })
	mux := http.NewServeMux()
	mux.Handle("/auth/", workoshttp.Handler(auth))
	mux.Handle("GET /dashboard", workoshttp.RequireWorkOS(auth)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := workoshttp.Profile(r)
		w.Write([]byte("hello " + p.Email))
	})))
	h = mux

	signIn := func() (*http.Response, string, *cookiejar.Jar) {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
		res, err := c.Get(app.URL + "/auth/signin?connection=conn_01DEMOACMEOKTA&return_to=/dashboard")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var b strings.Builder
		buf := make([]byte, 4096)
		for {
			n, err := res.Body.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		return res, b.String(), jar
	}

	srv.Kill()
	res, body, jar := signIn()
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "cannot be saved") {
		t.Fatalf("sign-in during the outage: %d at %s\n%.300s", res.StatusCode, res.Request.URL.Path, body)
	}
	for _, c := range jar.Cookies(res.Request.URL) {
		if c.Name == "wos-session" {
			t.Fatal("a session cookie was set although the session could not be saved")
		}
	}
	srv.Restart()
	deadline := time.Now().Add(5 * time.Second)
	for {
		res, body, _ := signIn()
		if res.StatusCode == 200 && strings.Contains(body, "hello ") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("sign-in after Redis came back: %d %.200s", res.StatusCode, body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
