package core

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core/events"
	"github.com/ssokit/workosauth/core/internal/sessionfmt"
	"github.com/ssokit/workosauth/core/store"
	"github.com/ssokit/workosauth/core/store/storetest"
)

// The default cookie store keeps the store contract (as a store that
// keeps nothing: its Delete is store.ErrStateless).
func TestCookieStoreKeepsTheContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		cs, err := newCookieStore(bindingAAD("session", defaultSessionCookie, "client_storetest"), time.Now, testPassword)
		if err != nil {
			t.Fatal(err)
		}
		return cs
	})
}

// A record written by an app of one WorkOS environment opens in no other,
// whatever the store (here one that keeps the apps' records side by side,
// with no namespace of its own): core binds every record to the client
// ID inside its encoding.
func TestServerRecordsBoundToClientID(t *testing.T) {
	shared := storetest.NewMemory()
	prod := newTestAuth(t, func(c *Config) { c.ClientID = "client_prod"; c.Sessions.Store = shared })
	dev := newTestAuth(t, func(c *Config) { c.ClientID = "client_dev"; c.Sessions.Store = shared })
	devCookie := sessionCookiesFor(t, dev, alice())
	if prod.session(newFake("GET", "/").withCookies(devCookie...)) != nil {
		t.Fatal("a record written for another client ID opens")
	}
	if dev.session(newFake("GET", "/").withCookies(devCookie...)) == nil {
		t.Fatal("the record does not open where it was written (test premise)")
	}
}

// A server-side store keeps sessions in core's binary encoding, bound to
// the client ID; the cookie holds only the store's token.
func TestServerRecordsInCoreEncoding(t *testing.T) {
	st := newMemStore()
	a := newTestAuth(t, func(c *Config) { c.Sessions.Store = st })
	cs := sessionCookiesFor(t, a, alice())
	rec, ok := st.m[cs[0].Value]
	if !ok {
		t.Fatalf("the cookie is not the store's token")
	}
	if rec.Data[0] != sessionfmt.Version || rec.Data[1]&binaryBound == 0 || !bytes.Contains(rec.Data, []byte("client_test")) {
		t.Fatalf("record data %q: want the binary format, bound to client_test", rec.Data[:min(len(rec.Data), 24)])
	}
	if s, err := decodeSession(rec.Data, "client_test"); err != nil || s.ID != rec.ID || rec.ExpiresAt.Unix() != s.ExpiresAt.Unix() {
		t.Fatalf("record %q of session %+v, %v", rec.ID, s, err)
	}
	if _, err := decodeSession(rec.Data, ""); err == nil {
		t.Fatal("a bound record opens unbound (as a cookie)")
	}
}

// A record whose session is another than the record's ID (a store that
// mixed them up) is refused; a JSON session (format version 1) a store
// kept before the binary format still opens.
func TestServerRecordChecks(t *testing.T) {
	st := newMemStore()
	a := newTestAuth(t, func(c *Config) { c.Sessions.Store = st; c.Sessions.CacheSize = -1 })
	one, two := sessionCookiesFor(t, a, alice()), sessionCookiesFor(t, a, bob())
	st.mu.Lock()
	r1, r2 := st.m[one[0].Value], st.m[two[0].Value]
	r1.Data = r2.Data // one's token now holds two's session
	st.m[one[0].Value] = r1
	st.mu.Unlock()
	if s := a.session(newFake("GET", "/").withCookies(one...)); s != nil {
		t.Fatalf("a record holding another session opened as %s", s.Profile.ID)
	}

	s := a.newSession(alice())
	legacy, err := encodeSessionJSON(s)
	if err != nil {
		t.Fatal(err)
	}
	st.mu.Lock()
	st.m["legacy-token"] = store.Record{ID: s.ID, Data: legacy, ExpiresAt: s.ExpiresAt}
	st.mu.Unlock()
	x := newFake("GET", "/").withCookies(&http.Cookie{Name: a.sessionName, Value: "legacy-token"})
	if got := a.session(x); got == nil || got.ID != s.ID || got.Profile.ID != alice().ID {
		t.Fatalf("a JSON record opened to %+v", got)
	}
}

// Core uses each part of the Config for what its field names, nothing
// more: a Store that can share revocations and events shares none unless
// Revocations and EventLog name it too. New says once what it uses, and
// warns of what the Store offers and the Config leaves unused.
func TestCapabilitiesStatedNotInferred(t *testing.T) {
	mem := storetest.NewMemory() // a Store, Feed and EventLog
	log := &recordLogger{}
	a := newTestAuth(t, func(c *Config) {
		c.Sessions.Store, c.Logger = mem, log.slog()
		c.Events.OnEvent = func(context.Context, events.Event) error { return nil }
	})
	if a.feed != nil || a.events != nil {
		t.Fatalf("the Store was taken for Revocations (%v) or EventLog (%v) unasked", a.feed, a.events)
	}
	lines := strings.Join(log.lines, "\n")
	for _, want := range []string{"sessions, revocations and events *storetest.Memory this process only in memory",
		"Config.Sessions.Revocations is not set", "Config.Events.Log is not set"} {
		if !strings.Contains(lines, want) {
			t.Errorf("the log does not say %q:\n%s", want, lines)
		}
	}

	log = &recordLogger{}
	b := newTestAuth(t, func(c *Config) {
		c.Sessions.Store, c.Sessions.Revocations, c.Events.Log, c.Logger = mem, mem, mem, log.slog()
		c.Events.OnEvent = func(context.Context, events.Event) error { return nil }
	})
	t.Cleanup(func() { b.Close() })
	if b.feed != store.Feed(mem) || b.events != store.EventLog(mem) {
		t.Fatal("Revocations and EventLog set, and not used")
	}
	lines = strings.Join(log.lines, "\n")
	if strings.Contains(lines, "is not set") || strings.Count(lines, "sessions, revocations and events") != 1 {
		t.Fatalf("with every part stated: %s", lines)
	}

	log = &recordLogger{}
	newTestAuth(t, func(c *Config) { c.Logger = log.slog() })
	if lines := strings.Join(log.lines, "\n"); !strings.Contains(lines, "sealed cookies this process only in memory") || strings.Contains(lines, "not set") {
		t.Fatalf("the defaults: %s", lines)
	}
}

// A revocation from the feed that no instance would have published (a
// match core cannot read, nothing revoked, no end) is ignored, and said.
func TestFollowerIgnoresMalformedRevocations(t *testing.T) {
	log := &recordLogger{}
	a := newTestAuth(t, func(c *Config) { c.Logger = log.slog() })
	f := &follower{a: a}
	until := time.Now().Add(time.Hour)
	for _, r := range []store.Revocation{
		{Match: "z\x00x", Before: time.Now(), Until: until},
		{Match: "u\x00", Before: time.Now(), Until: until},
		{Match: "u\x00prof_1", Until: until},
		{Until: until},
		{SessionID: "s1"},
	} {
		f.Revoked(r)
	}
	if n := a.revoked.len(); n != 0 {
		t.Fatalf("%d malformed revocations applied", n)
	}
	if n := strings.Count(strings.Join(log.lines, "\n"), "ignored a malformed revocation"); n != 5 {
		t.Fatalf("%d of 5 malformed revocations in the log", n)
	}
	f.Revoked(store.Revocation{Match: MatchUser("prof_1").key, Before: time.Now(), Until: until})
	if a.revoked.len() != 1 {
		t.Fatal("a well-formed revocation was not applied")
	}
}

// FuzzCookiePayload feeds what a cookie holds once opened (a framed
// record, a binary or a JSON session) to the cookie store's reader:
// never a panic; a record it reads seals and reads back the same.
func FuzzCookiePayload(f *testing.F) {
	cs, err := newCookieStore([]byte("session"), func() time.Time { return time.Unix(1, 0) }, testPassword)
	if err != nil {
		f.Fatal(err)
	}
	s := &Session{ID: "sid", Profile: alice(), IssuedAt: time.Unix(1700000000, 0), ExpiresAt: time.Unix(1800000000, 0)}
	bare, _ := encodeSessionBinary(s, "")
	bound, _ := encodeSessionBinary(s, "client_1")
	js, _ := encodeSessionJSON(s)
	f.Add(bare)
	f.Add(bound)
	f.Add(js)
	f.Add([]byte{frameMarker, 3, 'a', 'b', 'c', 4, 'd'})
	f.Add([]byte{frameMarker, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, raw []byte) {
		r, ok := unframe(raw)
		if !ok {
			return
		}
		token, err := cs.Save(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		back, err := cs.Load(context.Background(), token)
		if err != nil || back.ID != r.ID || !bytes.Equal(back.Data, r.Data) || back.ExpiresAt.UnixMilli() != r.ExpiresAt.UnixMilli() {
			if !r.ExpiresAt.After(time.Unix(1, 0)) {
				return // expired on arrival: refused, as it should be
			}
			t.Fatalf("%q read as %+v, sealed and read back as %+v, %v", raw, r, back, err)
		}
	})
}
