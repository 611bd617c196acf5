package core

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func newManualClock() *testClock {
	return &testClock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
}

// renewedCookies returns the session cookies the answer set, if any, or
// the ones the request had.
func renewedCookies(f *fakeExchange, had []*http.Cookie) []*http.Cookie {
	if live := f.liveCookies(); len(live) > 0 {
		return live
	}
	return had
}

// A session used every day keeps its sign-in time through every renewal
// and ends at the absolute lifetime, however often it is renewed.
func TestSessionAbsoluteLifetime(t *testing.T) {
	clock := newManualClock()
	a := newTestAuth(t, func(c *Config) {
		c.Now = clock.now
		c.Sessions.Lifetime = 7 * 24 * time.Hour
		c.Sessions.AbsoluteLifetime = 30 * 24 * time.Hour
	})
	cs := sessionCookiesFor(t, a, alice())
	signedIn := clock.now()
	renewals := 0
	for day := 1; day <= 40; day++ {
		clock.advance(24 * time.Hour)
		b := newTestAuth(t, func(c *Config) { c.Now = clock.now; c.Sessions.AbsoluteLifetime = 30 * 24 * time.Hour }) // a process that never saw it
		x := newFake("GET", "/").withCookies(cs...)
		s := b.session(x)
		if day < 30 {
			if s == nil {
				t.Fatalf("day %d: signed out before the absolute lifetime", day)
			}
			if !s.SignedInAt.Equal(signedIn) {
				t.Fatalf("day %d: sign-in time %v, want %v (renewals must keep it)", day, s.SignedInAt, signedIn)
			}
			if s.ExpiresAt.After(signedIn.Add(30 * 24 * time.Hour)) {
				t.Fatalf("day %d: expires %v, past the absolute lifetime", day, s.ExpiresAt)
			}
			if len(x.liveCookies()) > 0 {
				renewals++
			}
			cs = renewedCookies(x, cs)
			continue
		}
		if s != nil {
			t.Fatalf("day %d: a session signed in %v ago still opens (absolute lifetime 30 days)", day, clock.now().Sub(signedIn))
		}
	}
	if renewals < 3 {
		t.Fatalf("only %d renewals in 30 days of daily use with a 7-day idle lifetime", renewals)
	}
}

// An idle session ends after the idle lifetime, well before the absolute.
func TestSessionIdleLifetime(t *testing.T) {
	clock := newManualClock()
	a := newTestAuth(t, func(c *Config) { c.Now = clock.now; c.Sessions.Lifetime = time.Hour })
	cs := sessionCookiesFor(t, a, alice())
	clock.advance(61 * time.Minute)
	if s := a.session(newFake("GET", "/").withCookies(cs...)); s != nil {
		t.Fatal("a session idle past its lifetime still opens")
	}
}

func TestRequireRecentSignIn(t *testing.T) {
	clock := newManualClock()
	a := newTestAuth(t, func(c *Config) { c.Now = clock.now })
	cs := sessionCookiesFor(t, a, alice())
	g := a.mustGuard(RequireRecentSignIn(10 * time.Minute))
	plain := a.mustGuard()
	if s, d := g.Check(newFake("GET", "/settings").withCookies(cs...)); s == nil || d != nil {
		t.Fatalf("fresh sign-in refused: %+v", d)
	}
	clock.advance(11 * time.Minute)
	s, d := g.Check(newFake("GET", "/settings?tab=keys").withCookies(cs...))
	if d == nil || d.Status != http.StatusUnauthorized || d.Code != "reauthentication_required" || d.SignInURL != "/auth/signin?return_to=%2Fsettings%3Ftab%3Dkeys" {
		t.Fatalf("old sign-in: session %v, denial %+v", s != nil, d)
	}
	if s, d := plain.Check(newFake("GET", "/").withCookies(cs...)); s == nil || d != nil {
		t.Fatalf("a route that does not ask refused the session: %+v", d)
	}
	x := newFake("GET", "/settings")
	x.header.Set("Accept", "text/html")
	g.Refuse(x, d)
	if x.status != http.StatusSeeOther || location(x) != d.SignInURL {
		t.Fatalf("a browser is not sent to sign in again: %d %q", x.status, location(x))
	}
}

// The race the issue measured: sign-outs racing requests that renew the
// same session. Once Revoke returns, neither the session nor any cookie
// renewed from it before or during the revocation opens again.
func TestRevokeRacingRenewals(t *testing.T) {
	clock := newManualClock()
	for round := range 150 {
		a := newTestAuth(t, func(c *Config) { c.Now = clock.now; c.Sessions.Lifetime = time.Hour })
		cs := sessionCookiesFor(t, a, alice())
		s := a.session(newFake("GET", "/").withCookies(cs...))
		clock.advance(40 * time.Minute) // past half the lifetime: every request renews
		var mu sync.Mutex
		renewed := [][]*http.Cookie{cs}
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range 4 {
			wg.Go(func() {
				<-start
				x := newFake("GET", "/").withCookies(cs...)
				a.session(x)
				if live := x.liveCookies(); len(live) > 0 {
					mu.Lock()
					renewed = append(renewed, live)
					mu.Unlock()
				}
			})
		}
		close(start)
		a.revokeSession(t.Context(), s)
		wg.Wait()
		for i, c := range renewed {
			if got := a.session(newFake("GET", "/").withCookies(c...)); got != nil {
				t.Fatalf("round %d: cookie %d (of %d, renewed during the sign-out) opens after Revoke returned", round, i, len(renewed))
			}
		}
	}
}

func TestRevokeUserEverywhere(t *testing.T) {
	a := newTestAuth(t, nil)
	var devices [][]*http.Cookie
	for range 3 {
		devices = append(devices, sessionCookiesFor(t, a, alice()))
	}
	bob := alice()
	bob.ID, bob.Email, bob.IdpID = "prof_01BOB", "bob@acme.test", "idp_2"
	bobs := sessionCookiesFor(t, a, bob)
	for i, d := range devices {
		if a.session(newFake("GET", "/").withCookies(d...)) == nil {
			t.Fatalf("device %d not signed in", i)
		}
	}
	if err := a.RevokeUser(t.Context(), "prof_01ALICE"); err != nil {
		t.Fatal(err)
	}
	fresh := newTestAuth(t, nil) // a process with an empty cache and list: cookie store only
	for i, d := range devices {
		if a.session(newFake("GET", "/").withCookies(d...)) != nil {
			t.Errorf("device %d still signed in after RevokeUser", i)
		}
		if fresh.session(newFake("GET", "/").withCookies(d...)) == nil {
			t.Errorf("device %d: another process without a feed cannot know (test premise)", i)
		}
	}
	if a.session(newFake("GET", "/").withCookies(bobs...)) == nil {
		t.Error("bob was signed out by alice's revocation")
	}
	// Signing in again afterwards works.
	time.Sleep(2 * time.Millisecond)
	again := sessionCookiesFor(t, a, alice())
	if a.session(newFake("GET", "/").withCookies(again...)) == nil {
		t.Error("alice cannot sign in again after RevokeUser")
	}
}

func TestRevokeMatchingScopedToOrganization(t *testing.T) {
	a := newTestAuth(t, nil)
	acme := alice()
	other := alice() // the same idp ID and email in another organization
	other.ID, other.OrganizationID, other.ConnectionID = "prof_01OTHER", "org_01OTHER", "conn_01OTHER"
	acmeCookies, otherCookies := sessionCookiesFor(t, a, acme), sessionCookiesFor(t, a, other)
	// One through the cache, one opened from the cookie after the revocation.
	a.session(newFake("GET", "/").withCookies(acmeCookies...))
	cold := newTestAuth(t, func(c *Config) { c.Sessions.CacheSize = -1 })
	coldAcme, coldOther := sessionCookiesFor(t, cold, acme), sessionCookiesFor(t, cold, other)

	for name, m := range map[string]Match{
		"identity": MatchIdentity("org_01ACME", "idp_1"),
		"email":    MatchEmail("org_01ACME", "ALICE@acme.test"),
	} {
		t.Run(name, func(t *testing.T) {
			for _, auth := range []*Auth{a, cold} {
				if err := auth.RevokeMatching(t.Context(), auth.now(), m); err != nil {
					t.Fatal(err)
				}
			}
			if a.session(newFake("GET", "/").withCookies(acmeCookies...)) != nil || cold.session(newFake("GET", "/").withCookies(coldAcme...)) != nil {
				t.Error("the matched user is still signed in")
			}
			if a.session(newFake("GET", "/").withCookies(otherCookies...)) == nil || cold.session(newFake("GET", "/").withCookies(coldOther...)) == nil {
				t.Error("the same identity in another organization was signed out")
			}
		})
	}
}

func TestRevokeMatchingSparesLaterSignIns(t *testing.T) {
	clock := newManualClock()
	a := newTestAuth(t, func(c *Config) { c.Now = clock.now })
	before := sessionCookiesFor(t, a, alice())
	cut := clock.now()
	clock.advance(time.Second)
	after := sessionCookiesFor(t, a, alice())
	if err := a.RevokeMatching(t.Context(), cut, MatchConnection("conn_01ACME"), Match{}); err != nil {
		t.Fatal(err)
	}
	if a.session(newFake("GET", "/").withCookies(before...)) != nil {
		t.Error("a session signed in at the revocation's time still opens")
	}
	if a.session(newFake("GET", "/").withCookies(after...)) == nil {
		t.Error("a session signed in after the revocation was ended")
	}
}

// Entries leave once every session they end would have expired; past the
// soft bound the log says so and revoking goes on.
func TestRevocationListBoundedAndNeverSilent(t *testing.T) {
	clock := newManualClock()
	log := &recordLogger{}
	r := newRevocations(100, log.slog())
	for i := range 250 {
		r.add(revocation{SessionID: fmt.Sprintf("s%d", i), Until: clock.now().Add(time.Hour)}, clock.now())
	}
	if r.len() != 250 {
		t.Fatalf("%d of 250 revocations recorded: the list stopped recording", r.len())
	}
	if !strings.Contains(strings.Join(log.lines, "\n"), "revocation list is large") {
		t.Fatalf("past the bound and nothing in the log: %v", log.lines)
	}
	probe := &Session{ID: "s249", Profile: alice()}
	if !r.revoked(probe) {
		t.Fatal("the last revocation past the bound is not in force")
	}
	clock.advance(2 * time.Hour)
	for i := range 10 {
		r.add(revocation{SessionID: fmt.Sprintf("late%d", i), Until: clock.now().Add(time.Hour)}, clock.now())
	}
	// Expired entries are pruned once the count has doubled since the
	// last prune; drive it there.
	for i := range 600 {
		r.add(revocation{SessionID: fmt.Sprintf("more%d", i), Until: clock.now().Add(time.Hour)}, clock.now())
	}
	if n := r.len(); n != 610 {
		t.Fatalf("%d entries held, want the 610 in force (the 250 expired ones pruned)", n)
	}
	r.add(revocation{SessionID: "gone", Until: clock.now().Add(-time.Second)}, clock.now())
	if r.revoked(&Session{ID: "gone"}) {
		t.Fatal("a revocation of an expired session was kept")
	}
}
