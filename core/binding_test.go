package core

import (
	"net/http"
	"strings"
	"testing"
)

// A cookie sealed by an app of one WorkOS environment (client ID), or for
// one cookie name, opens in no other, even with the same password: a
// session minted against the emulator never opens in production.
func TestSessionSealBoundToClientIDAndName(t *testing.T) {
	prod := newTestAuth(t, func(c *Config) { c.ClientID = "client_prod" })
	dev := newTestAuth(t, func(c *Config) { c.ClientID = "client_dev" })
	devCookie := sessionCookiesFor(t, dev, alice())
	if prod.session(newFake("GET", "/").withCookies(devCookie...)) != nil {
		t.Fatal("a session sealed for another client ID opens")
	}
	renamed := newTestAuth(t, func(c *Config) { c.ClientID = "client_dev"; c.Cookies.SessionName = "other-session" })
	moved := &http.Cookie{Name: "other-session", Value: devCookie[0].Value}
	if renamed.session(newFake("GET", "/").withCookies(moved)) != nil {
		t.Fatal("a session value moved under another cookie name opens")
	}
	if dev.session(newFake("GET", "/").withCookies(devCookie...)) == nil {
		t.Fatal("the session does not open where it was made (test premise)")
	}
}

func TestFlowSealBoundToClientID(t *testing.T) {
	prod := newTestAuth(t, func(c *Config) { c.ClientID = "client_prod" })
	dev := newTestAuth(t, func(c *Config) { c.ClientID = "client_dev" })
	f := dev.newFlow("/")
	name, value, err := dev.sealFlow(f)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := prod.openFlow(name, value); err == nil {
		t.Fatal("a flow sealed for another client ID opens")
	}
	if _, err := dev.openFlow(name, value); err != nil {
		t.Fatalf("the flow does not open where it was made: %v", err)
	}
}

// Chunks cannot be reordered, dropped or mixed with another session's:
// the seal covers the whole value.
func TestSessionChunksCannotBeRearranged(t *testing.T) {
	a := newTestAuth(t, nil)
	big := func(id string) []*http.Cookie {
		p := alice()
		p.ID = id
		for i := range 80 {
			p.Groups = append(p.Groups, "group-"+strings.Repeat("x", 20)+string(rune('a'+i%26))+id)
		}
		cs := sessionCookiesFor(t, a, p)
		if len(cs) < 2 {
			t.Fatalf("want chunks, got %d cookies", len(cs))
		}
		return cs
	}
	one, two := big("prof_1"), big("prof_2")
	cold := newTestAuth(t, func(c *Config) { c.Sessions.CacheSize = -1 })
	rename := func(c *http.Cookie, name string) *http.Cookie { return &http.Cookie{Name: name, Value: c.Value} }
	for name, cs := range map[string][]*http.Cookie{
		"swapped": {rename(one[1], one[0].Name), rename(one[0], one[1].Name)},
		"dropped": {one[0]},
		"mixed":   {one[0], rename(two[1], one[1].Name)},
	} {
		if cold.session(newFake("GET", "/").withCookies(cs...)) != nil {
			t.Errorf("%s chunks opened a session", name)
		}
	}
	if cold.session(newFake("GET", "/").withCookies(one...)) == nil {
		t.Fatal("the chunks in order do not open (test premise)")
	}
}
