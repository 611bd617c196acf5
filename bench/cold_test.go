package bench

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core"
)

// The cold guard: a request whose session the process has not opened (or
// with the cache of opened sessions off), beside its naive floor, the
// standard library's AES-256-GCM and encoding/json on the same session.

// naiveSession is the session as a naive sealed-cookie format keeps it:
// workosauth's v1 JSON fields (short keys, unix times), the whole profile.
type naiveSession struct {
	V    int          `json:"v"`
	ID   string       `json:"sid"`
	Auth int64        `json:"auth,omitempty"`
	Iat  int64        `json:"iat"`
	Exp  int64        `json:"exp"`
	P    core.Profile `json:"p"`
}

// naiveWire is s in naiveSession form.
func naiveWire(s *core.Session) naiveSession {
	return naiveSession{V: 1, ID: s.ID, Auth: s.SignedInAt.UnixMilli(), Iat: s.IssuedAt.Unix(), Exp: s.ExpiresAt.Unix(), P: s.Profile}
}

// naiveSealer is AES-256-GCM from the standard library under a random key,
// in workosauth's token layout: base64url(version, 4-byte key ID, 12-byte
// nonce, ciphertext and tag), bound to its cookie by the associated data.
type naiveSealer struct {
	aead cipher.AEAD
	aad  []byte
}

func newNaiveSealer(tb testing.TB) *naiveSealer {
	key := make([]byte, 32)
	rand.Read(key)
	block, err := aes.NewCipher(key)
	if err != nil {
		tb.Fatal(err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		tb.Fatal(err)
	}
	return &naiveSealer{aead: aead, aad: []byte("session\x00naive\x00client_bench")}
}

// seal is the cookie value of s: JSON, then AES-GCM, then base64url.
func (n *naiveSealer) seal(tb testing.TB, s *core.Session) string {
	js, err := json.Marshal(naiveWire(s))
	if err != nil {
		tb.Fatal(err)
	}
	head := make([]byte, 1+4+12, 1+4+12+len(js)+16)
	head[0] = 1
	rand.Read(head[1:])
	return base64.RawURLEncoding.EncodeToString(n.aead.Seal(head, head[5:17], js, n.aad))
}

// open reverses seal: base64url, AES-GCM open in place, encoding/json.
func (n *naiveSealer) open(v string) (*naiveSession, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil || len(raw) < 1+4+12+16 || raw[0] != 1 {
		return nil, false
	}
	pt, err := n.aead.Open(raw[17:17], raw[5:17], raw[17:], n.aad)
	if err != nil {
		return nil, false
	}
	var s naiveSession
	if json.Unmarshal(pt, &s) != nil || s.ID == "" || s.P.ID == "" {
		return nil, false
	}
	return &s, true
}

// naiveGuard is the floor as a net/http guard: the cookie by r.Cookie,
// opened and decoded as above, its expiry checked, the profile put in the
// context under peerKey, next.
func naiveGuard(n *naiveSealer, name string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c, err := r.Cookie(name)
			if err != nil {
				deny(w)
				return
			}
			s, ok := n.open(c.Value)
			if !ok || time.Now().Unix() >= s.Exp {
				deny(w)
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), peerKey{}, &s.P)))
		})
	}
}

// BenchmarkColdGuard is the guarded net/http request whose session is
// opened from its cookie on every request (SessionCacheSize -1: what the
// first request of a session costs a process), alice's typical session,
// beside the naive floor of the standard library's AES-256-GCM and
// encoding/json on the same session, in one run. BenchmarkGuardColdOpen
// is the same guard by session size.
func BenchmarkColdGuard(b *testing.B) {
	b.Run("workosauth", func(b *testing.B) {
		benchGuardProfile(b, alice(b), func(c *core.Config) { c.Sessions.CacheSize = -1 })
	})
	b.Run("floor-aesgcm-json", func(b *testing.B) {
		n := newNaiveSealer(b)
		v := n.seal(b, benchSession(b))
		r := httptest.NewRequest(http.MethodGet, guardedPath, nil)
		r.Header.Set("Accept", "application/json")
		r.AddCookie(&http.Cookie{Name: "naive", Value: v})
		pr := &probe{}
		serve, inspect := httpServer{naiveGuard(n, "naive")(peerHandler(pr))}.prepare(r)
		pr.arm()
		serve()
		expectAnswer(b, inspect, http.StatusOK, "")
		pr.expect(b, aliceEmail)
		r2 := httptest.NewRequest(http.MethodGet, guardedPath, nil)
		r2.AddCookie(&http.Cookie{Name: "naive", Value: flip(v, len(v)/2)})
		w := newSink()
		naiveGuard(n, "naive")(peerHandler(pr)).ServeHTTP(w, r2)
		expectStatus(b, w, http.StatusUnauthorized) // a tampered cookie does not open
		measure(b, serve)
		b.ReportMetric(float64(len(v)), "cookie-B")
	})
}
