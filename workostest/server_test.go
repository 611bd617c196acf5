package workostest

import (
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestNotFound(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	tests := []struct{ method, path string }{
		{"GET", "/"},
		{"GET", "/nope"},
		{"GET", "/sso/token"},
		{"POST", "/sso/authorize"},
		{"POST", "/organizations"},
		{"DELETE", "/connections/conn_01DEMOACMEOKTA"},
		{"GET", "/sso/authorize/"},
		{"GET", "/organizations/org_01DEMOACME/extra"},
		{"GET", "/user_management/nope"},
		{"POST", "/user_management/sessions/logout"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, s.URL+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+s.APIKey)
			r := do(t, req)
			if r.status != http.StatusNotFound || r.json(t)["message"] != "Not Found" {
				t.Fatalf("%d %s", r.status, r.body)
			}
			if r.header.Get("X-Request-ID") == "" {
				t.Error("no X-Request-ID")
			}
		})
	}
	if s.Calls("/nope") != 1 || s.Calls("/sso/token") != 1 {
		t.Errorf("Calls: /nope %d, /sso/token %d", s.Calls("/nope"), s.Calls("/sso/token"))
	}
}

func TestCallsCountEachEndpoint(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	auth := []string{"Authorization", "Bearer " + s.APIKey}
	for range 3 {
		get(t, s.URL+"/organizations?domains=acme.test", auth...)
	}
	get(t, s.URL+"/connections", auth...)
	get(t, s.URL+"/connections/conn_01DEMOACMEOKTA", auth...)
	get(t, s.URL+"/organizations/org_01DEMOACME", auth...)
	get(t, s.URL+"/organizations/org_01DEMOGLOBEX", auth...)
	code := signIn(t, s, map[string]string{"connection": "conn_01DEMOACMEOKTA", "login_hint": "alice@acme.test"})
	postForm(t, s.URL+"/sso/token", tokenForm(s, code))
	want := map[string]int{
		"/organizations": 3, "/connections": 1, "/connections/{id}": 1, "/organizations/{id}": 2,
		"/sso/authorize": 1, "/sso/token": 1, "/sso/profile": 0, "/sso/authorize/complete": 0,
	}
	for endpoint, n := range want {
		if got := s.Calls(endpoint); got != n {
			t.Errorf("Calls(%q) = %d, want %d", endpoint, got, n)
		}
	}
}

// serverGoroutines counts the goroutines running the emulator's handlers.
func serverGoroutines() int {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	return strings.Count(string(buf), "workostest.(*Server).serveHTTP")
}

// Not parallel: it counts the goroutines of every emulator.
func TestCloseWithHungRequests(t *testing.T) {
	s, err := Start("127.0.0.1:0", Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.InjectFault("/sso/token", Fault{Hang: true})
	s.InjectFault("/organizations", Fault{Hang: true})
	s.InjectFault("/connections", Fault{Delay: time.Hour})
	paths := []string{"/sso/token", "/organizations", "/organizations", "/connections"}
	errs := make(chan error, len(paths))
	for _, p := range paths {
		go func() {
			var resp *http.Response
			var err error
			if p == "/sso/token" {
				resp, err = http.PostForm(s.URL+p, tokenForm(s, "x"))
			} else {
				resp, err = http.Get(s.URL + p)
			}
			if err == nil {
				resp.Body.Close()
				err = fmt.Errorf("%s answered %d", p, resp.StatusCode)
			} else {
				err = nil
			}
			errs <- err
		}()
	}
	deadline := time.Now().Add(5 * time.Second)
	for s.Calls("/sso/token")+s.Calls("/organizations")+s.Calls("/connections") < len(paths) {
		if time.Now().After(deadline) {
			t.Fatal("the requests did not arrive")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if n := serverGoroutines(); n < len(paths) {
		t.Fatalf("%d handler goroutines, want %d hung", n, len(paths))
	}

	start := time.Now()
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if el := time.Since(start); el > time.Second {
		t.Fatalf("Close took %v", el)
	}
	for range paths {
		select {
		case err := <-errs:
			if err != nil {
				t.Error(err)
			}
		case <-time.After(2 * time.Second):
			t.Fatal("a client is still waiting after Close")
		}
	}
	if n := serverGoroutines(); n != 0 {
		t.Fatalf("%d handler goroutines left after Close", n)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := http.Get(s.URL + "/organizations"); err == nil {
		t.Fatal("the emulator still answers after Close")
	}
}

func TestStart(t *testing.T) {
	t.Parallel()
	t.Run("unspecified address", func(t *testing.T) {
		s, err := Start(":0", Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if !strings.HasPrefix(s.URL, "http://127.0.0.1:") {
			t.Errorf("URL = %s", s.URL)
		}
		if r := get(t, s.URL+"/organizations", "Authorization", "Bearer "+s.APIKey); r.status != 200 {
			t.Errorf("status %d", r.status)
		}
	})
	t.Run("empty address", func(t *testing.T) {
		s, err := Start("", Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if !strings.HasPrefix(s.URL, "http://127.0.0.1:") {
			t.Errorf("URL = %s", s.URL)
		}
	})
	t.Run("bad address", func(t *testing.T) {
		if s, err := Start("256.0.0.1:http", Options{}); err == nil {
			s.Close()
			t.Fatal("no error")
		}
	})
	t.Run("invalid seed", func(t *testing.T) {
		_, err := Start("", Options{Seed: Seed{Connections: []Connection{{Type: "OktaSAML"}}}})
		if err == nil || !strings.Contains(err.Error(), "invalid seed") {
			t.Fatalf("err = %v", err)
		}
	})
}

// fakeTB records what NewServer does with it.
type fakeTB struct {
	mu       sync.Mutex
	cleanups []func()
	fatal    string
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Cleanup(fn func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cleanups = append(f.cleanups, fn)
}

type fatalTB struct{ fakeTB }

func (f *fatalTB) Fatalf(format string, args ...any) {
	f.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func TestNewServer(t *testing.T) {
	t.Parallel()
	t.Run("closes on cleanup", func(t *testing.T) {
		tb := &fakeTB{}
		s := NewServer(tb, Options{})
		if len(tb.cleanups) != 1 {
			t.Fatalf("%d cleanups", len(tb.cleanups))
		}
		tb.cleanups[0]()
		if _, err := http.Get(s.URL + "/organizations"); err == nil {
			t.Fatal("still answering after cleanup")
		}
	})
	bad := Options{Seed: Seed{Organizations: []Organization{{}}}}
	t.Run("reports errors with Fatalf", func(t *testing.T) {
		tb := &fatalTB{}
		done := make(chan struct{})
		go func() {
			defer close(done)
			NewServer(tb, bad)
		}()
		<-done
		if !strings.Contains(tb.fatal, "Name is required") {
			t.Fatalf("Fatalf got %q", tb.fatal)
		}
	})
	t.Run("panics without Fatalf", func(t *testing.T) {
		defer func() {
			if r := recover(); r == nil {
				t.Fatal("no panic")
			}
		}()
		NewServer(&fakeTB{}, bad)
	})
}

func TestCredentials(t *testing.T) {
	t.Parallel()
	a, b := newTestServer(t, Options{}), newTestServer(t, Options{})
	if !strings.HasPrefix(a.ClientID, "client_") || !strings.HasPrefix(a.APIKey, "sk_test_") {
		t.Errorf("generated %q %q", a.ClientID, a.APIKey)
	}
	if a.ClientID == b.ClientID || a.APIKey == b.APIKey {
		t.Error("two emulators share credentials")
	}
	c := newTestServer(t, Options{ClientID: "client_mine", APIKey: "sk_test_mine"})
	if c.ClientID != "client_mine" || c.APIKey != "sk_test_mine" {
		t.Errorf("given credentials changed: %q %q", c.ClientID, c.APIKey)
	}
	c.APIKey = "sk_test_edited" // editing the field does not reconfigure it
	if r := get(t, c.URL+"/connections", "Authorization", "Bearer sk_test_mine"); r.status != 200 {
		t.Errorf("status %d", r.status)
	}
}

func TestAddRedirectURI(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{AutoSelect: true})
	params := map[string]string{"connection": "conn_01DEMOACMEOKTA"}
	if r := get(t, authorizeURL(s, params)); r.status != http.StatusBadRequest {
		t.Fatalf("before registering: %d", r.status)
	}
	s.AddRedirectURI(testRedirect)
	s.AddRedirectURI(testRedirect)
	if got := s.RedirectURIs(); len(got) != 1 || got[0] != testRedirect {
		t.Errorf("RedirectURIs = %v", got)
	}
	signIn(t, s, params)
}

func TestSetConnectionState(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{AutoSelect: true})
	code := signIn(t, s, map[string]string{"organization": "org_01DEMOACME"})
	if err := s.SetConnectionState("conn_01DEMOACMEOKTA", "inactive"); err != nil {
		t.Fatal(err)
	}
	_, q := get(t, authorizeURL(s, map[string]string{"organization": "org_01DEMOACME"})).location(t)
	if q.Get("error") != "organization_invalid" {
		t.Errorf("error = %q", q.Get("error"))
	}
	if r := postForm(t, s.URL+"/sso/token", tokenForm(s, code)); r.status != 200 {
		t.Errorf("a code issued before: %d", r.status)
	}
	if err := s.SetConnectionState("conn_01DEMOACMEOKTA", "active"); err != nil {
		t.Fatal(err)
	}
	signIn(t, s, map[string]string{"organization": "org_01DEMOACME"})
	for _, tt := range []struct{ id, state string }{{"conn_nope", "active"}, {"conn_01DEMOACMEOKTA", "deleted"}} {
		if err := s.SetConnectionState(tt.id, tt.state); err == nil {
			t.Errorf("SetConnectionState(%q, %q): no error", tt.id, tt.state)
		}
	}
}

func TestConcurrentSignIns(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Go(func() {
			email := []string{"alice@acme.test", "bob@acme.test"}[i%2]
			resp, err := client().Get(authorizeURL(s, map[string]string{"organization": "org_01DEMOACME", "login_hint": email}))
			if err != nil {
				errs <- err
				return
			}
			resp.Body.Close()
			loc, err := resp.Location()
			if err != nil {
				errs <- err
				return
			}
			tok, err := http.PostForm(s.URL+"/sso/token", tokenForm(s, loc.Query().Get("code")))
			if err != nil {
				errs <- err
				return
			}
			tok.Body.Close()
			if tok.StatusCode != 200 {
				errs <- errors.New(tok.Status)
			}
			if i%5 == 0 {
				s.InjectFault("/nothing", Fault{Status: 500, Times: 1})
				s.ClearFaults()
				_ = s.Seed()
				_ = s.TokenRequests()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := len(s.TokenRequests()); n != 40 {
		t.Errorf("%d token requests", n)
	}
}
