package core

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestSessionRoundTripThroughCookies(t *testing.T) {
	a := newTestAuth(t, nil)
	cs := sessionCookiesFor(t, a, alice())
	if len(cs) != 1 || cs[0].Name != "wos-session" || !cs[0].HttpOnly || cs[0].SameSite != http.SameSiteLaxMode || cs[0].Path != "/" || cs[0].Secure {
		t.Fatalf("cookies = %+v", cs)
	}
	// a fresh Auth (no cache) opens it too
	b := newTestAuth(t, nil)
	s := b.session(newFake("GET", "/x").withCookies(cs...))
	if s == nil || s.Profile.Email != "alice@acme.test" || s.Profile.CustomAttributes["department"] != "R&D" || !s.Profile.HasRole("admin") {
		t.Fatalf("loadSession = %+v", s)
	}
}

func TestSessionCookieSecureOnHTTPS(t *testing.T) {
	a := newTestAuth(t, func(c *Config) { c.RedirectURI = "https://app.test/auth/callback" })
	cs := sessionCookiesFor(t, a, alice())
	if cs[0].Name != "__Host-wos-session" || !cs[0].Secure || cs[0].Domain != "" || cs[0].Path != "/" {
		t.Fatalf("cookie = %+v", cs[0])
	}
}

func TestBadSessionCookiesMeanSignedOut(t *testing.T) {
	a := newTestAuth(t, nil)
	good := sessionCookiesFor(t, a, alice())[0].Value
	other := newTestAuth(t, func(c *Config) { c.CookiePassword = NewSecret(strings.Repeat("z", 40)) })
	foreign := sessionCookiesFor(t, other, alice())[0].Value
	for name, v := range map[string]string{
		"garbage": "not-a-cookie", "empty": "", "truncated": good[:len(good)/2], "other password": foreign,
		"flipped": good[:10] + flip(good[10]) + good[11:], "huge": strings.Repeat("A", 100000),
	} {
		b := newTestAuth(t, nil) // no cache
		if s := b.session(newFake("GET", "/").withCookies(&http.Cookie{Name: "wos-session", Value: v})); s != nil {
			t.Errorf("%s: loadSession = %+v, want nil", name, s)
		}
	}
}

func flip(c byte) string {
	if c == 'A' {
		return "B"
	}
	return "A"
}

func TestSessionExpiresAndRenews(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	a := newTestAuth(t, func(c *Config) { c.Now = clock; c.Sessions.Lifetime = time.Hour })
	cs := sessionCookiesFor(t, a, alice())

	now = now.Add(20 * time.Minute) // young: no renewal
	x := newFake("GET", "/").withCookies(cs...)
	if s := a.session(x); s == nil || len(x.setCooks) != 0 {
		t.Fatalf("young session: %v, set %v", s, x.setCooks)
	}
	now = now.Add(20 * time.Minute) // past half: renewed
	x = newFake("GET", "/").withCookies(cs...)
	s := a.session(x)
	if s == nil || x.setCookie("wos-session") == nil || x.setCookie("wos-session").Value == cs[0].Value {
		t.Fatalf("aged session not renewed: %v %v", s, x.setCooks)
	}
	renewed := x.setCookie("wos-session")
	now = now.Add(30 * time.Minute) // the old one has expired; the renewed one lives
	if s := a.session(newFake("GET", "/").withCookies(cs...)); s != nil {
		t.Fatalf("expired session still opens")
	}
	if s := a.session(newFake("GET", "/").withCookies(renewed)); s == nil {
		t.Fatalf("renewed session does not open")
	}
}

func TestPasswordRotation(t *testing.T) {
	old := strings.Repeat("o", 40)
	a := newTestAuth(t, func(c *Config) { c.CookiePassword = NewSecret(old) })
	cs := sessionCookiesFor(t, a, alice())

	rotated := newTestAuth(t, func(c *Config) { c.Cookies.PreviousPasswords = secrets(old) })
	x := newFake("GET", "/").withCookies(cs...)
	if s := rotated.session(x); s == nil {
		t.Fatal("a session sealed with the previous password no longer opens")
	}
	fresh := x.setCookie("wos-session")
	if fresh == nil {
		t.Fatal("a session sealed with the previous password was not re-sealed")
	}
	retired := newTestAuth(t, nil)
	if s := retired.session(newFake("GET", "/").withCookies(cs...)); s != nil {
		t.Fatal("a session sealed with a retired password still opens")
	}
	if s := retired.session(newFake("GET", "/").withCookies(fresh)); s == nil {
		t.Fatal("the re-sealed session does not open with the current password alone")
	}
}

func TestRevokeEndsSessionInThisProcess(t *testing.T) {
	a := newTestAuth(t, nil)
	cs := sessionCookiesFor(t, a, alice())
	s := a.session(newFake("GET", "/").withCookies(cs...))
	if s == nil {
		t.Fatal("no session")
	}
	a.revokeSession(t.Context(), s)
	if got := a.session(newFake("GET", "/").withCookies(cs...)); got != nil {
		t.Fatal("revoked session still opens")
	}
}

func TestLargeSessionIsChunkedAndReadBack(t *testing.T) {
	a := newTestAuth(t, nil)
	p := alice()
	for i := 0; i < 110; i++ {
		p.Groups = append(p.Groups, "group-with-a-longish-name-"+strings.Repeat("x", i%7)+string(rune('a'+i%26)))
	}
	cs := sessionCookiesFor(t, a, p)
	if len(cs) < 2 || cs[0].Name != "wos-session.0" {
		t.Fatalf("want chunks, got %d cookies: %v", len(cs), names(cs))
	}
	total := 0
	for _, c := range cs {
		if len(c.String()) > 4096 {
			t.Fatalf("chunk %s is %d bytes", c.Name, len(c.String()))
		}
		total += len(c.Name) + len(c.Value) + 2
	}
	if total > 8000 {
		t.Fatalf("chunks total %d bytes", total)
	}
	b := newTestAuth(t, nil)
	s := b.session(newFake("GET", "/").withCookies(cs...))
	if s == nil || len(s.Profile.Groups) != len(p.Groups) {
		t.Fatalf("chunked session read back wrong: %v", s)
	}
	// Signing in again with a small profile clears the stale chunks.
	x := newFake("GET", "/").withCookies(cs...)
	if err := a.setSession(x, a.newSession(alice())); err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if d := x.setCookie(c.Name); d == nil || d.MaxAge >= 0 {
			t.Errorf("stale chunk %s not cleared: %v", c.Name, d)
		}
	}
}

func TestOversizedSessionDropsAttributesAndLogs(t *testing.T) {
	log := &recordLogger{}
	a := newTestAuth(t, func(c *Config) { c.Logger = log.slog() })
	p := alice()
	p.CustomAttributes = map[string]any{}
	for i := 0; i < 400; i++ {
		p.CustomAttributes[strings.Repeat("k", 5)+string(rune('a'+i%26))+strings.Repeat("x", i%13)+string(rune('A'+i/26))] = strings.Repeat("v", 30)
	}
	s, cs, err := a.sessionCookies(t.Context(), p)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Profile.CustomAttributes) != 0 || len(s.Profile.Groups) == 0 {
		t.Fatalf("want custom attributes dropped and groups kept: %+v", s.Profile)
	}
	if !strings.Contains(strings.Join(log.lines, "\n"), "custom attributes") {
		t.Fatalf("log = %v", log.lines)
	}
	for _, c := range cs {
		if len(c.String()) > 4096 {
			t.Fatalf("cookie %s too large", c.Name)
		}
	}
}

type recordLogger struct {
	mu    sync.Mutex
	lines []string
}

func (r *recordLogger) Warn(msg string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	line := msg
	for _, a := range args {
		if s, ok := a.(string); ok {
			line += " " + s
		}
	}
	r.lines = append(r.lines, line)
}

// slog returns a logger whose records r keeps, one line each: the
// message and the string values of its attributes.
func (r *recordLogger) slog() *slog.Logger { return slog.New(recordHandler{r}) }

type recordHandler struct{ r *recordLogger }

func (h recordHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h recordHandler) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h recordHandler) WithGroup(string) slog.Handler            { return h }
func (h recordHandler) Handle(_ context.Context, rec slog.Record) error {
	line := rec.Message
	rec.Attrs(func(a slog.Attr) bool {
		if a.Value.Kind() == slog.KindString {
			line += " " + a.Value.String()
		}
		return true
	})
	h.r.mu.Lock()
	defer h.r.mu.Unlock()
	h.r.lines = append(h.r.lines, line)
	return nil
}

func names(cs []*http.Cookie) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}

func FuzzSessionCookie(f *testing.F) {
	a := newTestAuth(f, nil)
	cs := sessionCookiesFor(f, a, alice())
	f.Add(cs[0].Value)
	f.Add("")
	f.Add("AQAAAAA")
	f.Add(strings.Repeat("A", 200))
	f.Fuzz(func(t *testing.T, v string) {
		b := newTestAuth(t, func(c *Config) { c.Sessions.CacheSize = -1 })
		s := b.session(newFake("GET", "/").withCookies(&http.Cookie{Name: "wos-session", Value: v}))
		if s != nil && v != cs[0].Value && s.Profile.ID == "" {
			t.Fatalf("opened a session without a profile from %q", v)
		}
	})
}
