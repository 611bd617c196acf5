package core_test

import (
	"context"
	"crypto/rsa"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/store"
)

// bearerGuards are the guards a Bearer token meets, each answering 200
// with the user ID it was given, or "anonymous".
func bearerGuards(auth *core.Auth) map[string]http.Handler {
	who := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if k, ok := core.AuthKitFrom(r.Context()); ok {
			w.Write([]byte(k.User.ID))
			return
		}
		if _, ok := core.ProfileFrom(r.Context()); ok {
			w.Write([]byte("a profile without AuthKit"))
			return
		}
		w.Write([]byte("anonymous"))
	})
	guards := map[string][]core.GuardOption{
		"AcceptBearer":                            {core.AcceptBearer()},
		"AcceptBearer, Optional":                  {core.AcceptBearer(), core.Optional()},
		"AcceptBearer, RequirePermission":         {core.AcceptBearer(), core.RequirePermission("p:1")},
		"AcceptBearer, Optional, RequireRole":     {core.AcceptBearer(), core.Optional(), core.RequireRole("admin")},
		"AcceptBearer, NoStore":                   {core.AcceptBearer(), core.NoStore()},
		"AcceptBearer, Optional, NoStore":         {core.AcceptBearer(), core.Optional(), core.NoStore()},
		"AcceptBearer, Require(always true)":      {core.AcceptBearer(), core.Require(func(*core.Profile) bool { return true })},
		"AcceptBearer, Optional, Require(always)": {core.AcceptBearer(), core.Optional(), core.Require(func(*core.Profile) bool { return true })},
	}
	out := map[string]http.Handler{}
	for name, opts := range guards {
		out[name] = workoshttp.RequireWorkOS(auth, opts...)(who)
	}
	return out
}

// bearerAnswer is what h answers a request carrying token.
func bearerAnswer(h http.Handler, token string) (int, string, http.Header) {
	r := httptest.NewRequest("GET", "/api/x", nil)
	r.Header.Set("Authorization", "Bearer "+token)
	r.Header.Set("Accept", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Code, w.Body.String(), w.Header()
}

// newBearerAuth is an AuthKit Auth against stub, with the changes edit
// makes.
func newBearerAuth(t *testing.T, stub *jwksStub, now func() time.Time, edit func(*core.Config)) *core.Auth {
	t.Helper()
	cfg := core.Config{
		ClientID:       "client_test",
		APIKey:         core.NewSecret("sk_test"),
		RedirectURI:    "http://app.test/auth/callback",
		CookiePassword: core.NewSecret(akPassword),
		Now:            now,
		WorkOS:         core.WorkOSConfig{BaseURL: stub.srv.URL},
		AuthKit:        core.AuthKitConfig{Enabled: true},
	}
	if edit != nil {
		edit(&cfg)
	}
	auth, err := core.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { auth.Close() })
	return auth
}

// signToken signs a token of sub under kid, issued now by iss, with the
// claims edit sets.
func signToken(key *rsa.PrivateKey, kid, iss, sub string, now time.Time, edit func(map[string]any)) string {
	c := map[string]any{"iss": iss, "sub": sub, "sid": "session_01" + strings.ToUpper(strings.TrimPrefix(sub, "user_01")), "org_id": "org_01A",
		"role": "admin", "permissions": []string{"p:1"}, "iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix()}
	if edit != nil {
		edit(c)
	}
	return signRS(key, map[string]any{"alg": "RS256", "kid": kid}, c)
}

func TestRevokedBearerRefusedOnEveryGuard(t *testing.T) {
	// A revoked user's token is refused by every guard that accepts
	// Bearer tokens, whatever else it asks, and Optional never lets its
	// profile through as if signed in.
	for _, revoke := range []struct {
		name string
		do   func(a *core.Auth) error
	}{
		{"RevokeUser", func(a *core.Auth) error { return a.RevokeUser(context.Background(), "user_01ALICE") }},
		{"RevokeMatching", func(a *core.Auth) error {
			return a.RevokeMatching(context.Background(), time.Now(), core.MatchOrganization("org_01A"))
		}},
	} {
		t.Run(revoke.name, func(t *testing.T) {
			stub := newJWKSStub(t)
			key := stub.addKey("kid_1")
			auth := newBearerAuth(t, stub, time.Now, nil)
			guards := bearerGuards(auth)
			seen := signToken(key, "kid_1", stub.srv.URL, "user_01ALICE", time.Now(), nil)
			for name, h := range guards {
				if st, body, _ := bearerAnswer(h, seen); st != 200 || body != "user_01ALICE" {
					t.Fatalf("%s, before the revocation: %d %q", name, st, body)
				}
			}
			unseen := signToken(key, "kid_1", stub.srv.URL, "user_01ALICE", time.Now(), func(c map[string]any) { c["jti"] = "other" })
			time.Sleep(2 * time.Millisecond) // the revocation is after both tokens were issued
			if err := revoke.do(auth); err != nil {
				t.Fatal(err)
			}
			for name, h := range guards {
				for tok, what := range map[string]string{seen: "a token seen before", unseen: "a token not seen before"} {
					st, body, hdr := bearerAnswer(h, tok)
					if st != http.StatusUnauthorized || !strings.Contains(body, "invalid_token") || !strings.HasPrefix(hdr.Get("WWW-Authenticate"), "Bearer") {
						t.Errorf("%s, %s of a revoked user: %d %q, want 401 invalid_token", name, what, st, body)
					}
				}
			}
		})
	}
}

// syncFeed is a store.Feed that is in sync until cut off.
type syncFeed struct {
	mu sync.Mutex
	fs []store.Follower
}

func (f *syncFeed) Publish(context.Context, store.Revocation) error { return nil }

func (f *syncFeed) Follow(ctx context.Context, fl store.Follower) error {
	f.mu.Lock()
	f.fs = append(f.fs, fl)
	f.mu.Unlock()
	fl.Synced(true)
	<-ctx.Done()
	return nil
}

func (f *syncFeed) synced(ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, fl := range f.fs {
		fl.Synced(ok)
	}
}

func TestBearerOutOfSyncFeed(t *testing.T) {
	// Like a cookie this process does not hold, a Bearer token it has not
	// verified yet gets 503 while the revocation feed is out of sync: a
	// revocation made on another instance may not have arrived. One it
	// holds keeps working, as a held cookie does.
	stub := newJWKSStub(t)
	key := stub.addKey("kid_1")
	feed := &syncFeed{}
	auth := newBearerAuth(t, stub, time.Now, func(c *core.Config) { c.Sessions.Revocations = feed })
	h := workoshttp.RequireWorkOS(auth, core.AcceptBearer())(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k, _ := core.AuthKitFrom(r.Context())
		w.Write([]byte(k.User.ID))
	}))
	held := signToken(key, "kid_1", stub.srv.URL, "user_01ALICE", time.Now(), nil)
	if st, _, _ := bearerAnswer(h, held); st != 200 {
		t.Fatalf("in sync: %d", st)
	}
	feed.synced(false)
	other := signToken(key, "kid_1", stub.srv.URL, "user_01BOB", time.Now(), nil)
	st, body, hdr := bearerAnswer(h, other)
	if st != http.StatusServiceUnavailable || hdr.Get("Retry-After") == "" || !strings.Contains(body, "session_unavailable") {
		t.Fatalf("a token not seen before, feed out of sync: %d %q, want 503 with Retry-After", st, body)
	}
	if st, _, _ := bearerAnswer(h, held); st != 200 {
		t.Fatalf("a token held before the feed went out of sync: %d, want 200", st)
	}
	feed.synced(true)
	if st, body, _ := bearerAnswer(h, other); st != 200 || body != "user_01BOB" {
		t.Fatalf("back in sync: %d %q", st, body)
	}
}

func TestBearerSignInTimeAndTimeClaims(t *testing.T) {
	stub := newJWKSStub(t)
	key := stub.addKey("kid_1")
	auth := newBearerAuth(t, stub, time.Now, nil)
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) })
	recent := workoshttp.RequireWorkOS(auth, core.AcceptBearer(), core.RequireRecentSignIn(10*time.Minute))(ok)
	plain := workoshttp.RequireWorkOS(auth, core.AcceptBearer())(ok)
	now := time.Now()
	tok := func(edit func(map[string]any)) string {
		return signToken(key, "kid_1", stub.srv.URL, "user_01ALICE", now, edit)
	}

	// iat is when the token was issued, which a client with a refresh
	// token renews at will: it says nothing of when the user signed in.
	noAuthTime := tok(nil)
	if st, _, _ := bearerAnswer(plain, noAuthTime); st != 200 {
		t.Fatalf("a good token on a plain guard: %d", st)
	}
	for _, accept := range []string{"application/json", "text/html"} {
		r := httptest.NewRequest("GET", "/api/x", nil)
		r.Header.Set("Authorization", "Bearer "+noAuthTime)
		r.Header.Set("Accept", accept)
		w := httptest.NewRecorder()
		recent.ServeHTTP(w, r)
		if w.Code != http.StatusUnauthorized || !strings.Contains(w.Body.String(), `"reauthentication_required"`) || w.Header().Get("Location") != "" ||
			!strings.Contains(w.Header().Get("WWW-Authenticate"), `error="insufficient_user_authentication"`) {
			t.Errorf("a token without auth_time on RequireRecentSignIn (Accept %s): %d %q %v, want 401 reauthentication_required as JSON",
				accept, w.Code, w.Body.String(), w.Header())
		}
	}
	fresh := tok(func(c map[string]any) { c["auth_time"] = now.Add(-time.Minute).Unix() })
	if st, body, _ := bearerAnswer(recent, fresh); st != 200 {
		t.Errorf("auth_time a minute ago on RequireRecentSignIn(10m): %d %q", st, body)
	}
	old := tok(func(c map[string]any) { c["auth_time"] = now.Add(-time.Hour).Unix() })
	if st, body, _ := bearerAnswer(recent, old); st != http.StatusUnauthorized || !strings.Contains(body, "reauthentication_required") {
		t.Errorf("auth_time an hour ago on RequireRecentSignIn(10m): %d %q", st, body)
	}

	// Time claims ahead of now beyond the leeway are refused.
	for name, edit := range map[string]func(map[string]any){
		"nbf in a minute": func(c map[string]any) { c["nbf"] = now.Add(time.Minute).Unix() },
		"iat in a minute": func(c map[string]any) { c["iat"] = now.Add(time.Minute).Unix() },
		"iat in a day": func(c map[string]any) {
			c["iat"] = now.Add(24 * time.Hour).Unix()
			c["exp"] = now.Add(25 * time.Hour).Unix()
		},
		"no iat":                   func(c map[string]any) { delete(c, "iat") },
		"auth_time in a minute":    func(c map[string]any) { c["auth_time"] = now.Add(time.Minute).Unix() },
		"auth_time after iat":      func(c map[string]any) { c["iat"] = now.Add(-time.Hour).Unix(); c["auth_time"] = now.Unix() },
		"nbf of the wrong type":    func(c map[string]any) { c["nbf"] = "soon" },
		"auth_time not a number":   func(c map[string]any) { c["auth_time"] = "earlier" },
		"iat far ahead, exp ahead": func(c map[string]any) { c["iat"] = now.Add(time.Hour).Unix(); c["exp"] = now.Add(2 * time.Hour).Unix() },
	} {
		if st, body, _ := bearerAnswer(plain, tok(edit)); st != http.StatusUnauthorized || !strings.Contains(body, "invalid_token") {
			t.Errorf("%s: %d %q, want 401 invalid_token", name, st, body)
		}
	}
	for name, edit := range map[string]func(map[string]any){
		"nbf now":         func(c map[string]any) { c["nbf"] = now.Unix() },
		"nbf in a second": func(c map[string]any) { c["nbf"] = now.Add(time.Second).Unix() },
		"iat in a second": func(c map[string]any) { c["iat"] = now.Add(time.Second).Unix() },
	} {
		if st, body, _ := bearerAnswer(plain, tok(edit)); st != 200 {
			t.Errorf("%s (within the leeway): %d %q", name, st, body)
		}
	}
}

func TestBearerRevocationCountsFromAuthTime(t *testing.T) {
	// RevokeUser ends the sessions signed in up to now. A token that says
	// when its session signed in (auth_time) is placed by it, so a token
	// refreshed after the revocation is refused; a sign-in after it is not.
	stub := newJWKSStub(t)
	key := stub.addKey("kid_1")
	auth := newBearerAuth(t, stub, time.Now, nil)
	plain := bearerGuards(auth)["AcceptBearer"]
	before := time.Now().Add(-time.Minute)
	if err := auth.RevokeUser(t.Context(), "user_01ALICE"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond) // tokens issued a second after the revocation
	now := time.Now()
	refreshed := signToken(key, "kid_1", stub.srv.URL, "user_01ALICE", now, func(c map[string]any) { c["auth_time"] = before.Unix() })
	if st, body, _ := bearerAnswer(plain, refreshed); st != http.StatusUnauthorized {
		t.Errorf("a token issued after RevokeUser for a sign-in before it: %d %q, want 401", st, body)
	}
	again := signToken(key, "kid_1", stub.srv.URL, "user_01ALICE", now, func(c map[string]any) { c["auth_time"] = now.Unix() })
	if st, body, _ := bearerAnswer(plain, again); st != 200 || body != "user_01ALICE" {
		t.Errorf("a token of a sign-in after RevokeUser: %d %q, want 200", st, body)
	}
}
