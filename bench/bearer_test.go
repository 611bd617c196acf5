package bench

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

// A first-seen Bearer token: an AuthKit access token (RS256, signed by the
// emulator) that the verifier has not seen before, so one signature
// verification against a key set fetched earlier, the claims decoded and
// checked (alg RS256 only, iss, exp, sub). workosauth's guard beside the
// two verifiers a Go team would otherwise use, golang-jwt/jwt v5 with
// MicahParks/keyfunc v3 and lestrrat-go/jwx v3, on the same request, the
// same token shape and the same JWKS (the emulator's), in one run.

// bearerTokens is how many distinct tokens each workosauth instance sees
// once before the benchmark replaces the instance (off the clock).
const bearerTokens = 256

// bearerFixture is the emulator and tokens shared by the rows of one run.
type bearerFixture struct {
	emu    *workostest.Server
	tokens []string // bearerTokens+1 distinct tokens; the last warms up
}

var (
	bearerOnce sync.Once
	bearerFix  *bearerFixture
	bearerErr  error
)

// bearerSetup starts the emulator and mints the tokens, once per process:
// each signature costs about a millisecond.
func bearerSetup(b *testing.B) *bearerFixture {
	bearerOnce.Do(func() {
		emu, err := workostest.Start("127.0.0.1:0", workostest.Options{RedirectURIs: []string{benchRedirectURI}})
		if err != nil { // kept for the process: the rows of every -count share it
			bearerErr = err
			return
		}
		f := &bearerFixture{emu: emu}
		for range bearerTokens + 1 {
			tok, err := emu.AccessToken(aliceEmail, "org_01DEMOACME")
			if err != nil {
				bearerErr = err
				return
			}
			f.tokens = append(f.tokens, tok)
		}
		bearerFix = f
	})
	if bearerErr != nil {
		b.Fatal(bearerErr)
	}
	return bearerFix
}

// jwksURL is the emulator's key set, as WorkOS publishes it.
func (f *bearerFixture) jwksURL() string { return f.emu.URL + "/sso/jwks/" + f.emu.ClientID }

// bearerRequest is a GET of the guarded path with the token as Bearer.
func bearerRequest(tok string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, guardedPath, nil)
	r.Header.Set("Accept", "application/json")
	r.Header.Set("Authorization", "Bearer "+tok)
	return r
}

// bearerPeer is a Bearer guard built on another verifier: the middleware
// and a function that returns the subject its handler found.
type bearerPeer struct {
	name  string
	setup func(tb testing.TB, f *bearerFixture) func(http.Handler) http.Handler
}

// bearerPeers are the verifiers workosauth's first-seen token is compared with.
var bearerPeers = []bearerPeer{
	{name: "golang-jwt+keyfunc", setup: golangJWTBearer},
	{name: "jwx", setup: jwxBearer},
}

// subKey is the context key of a Bearer peer's subject.
type subKey struct{}

// subHandler is the no-op handler behind a Bearer guard: while armed it
// records the subject (peers) or the profile ID (workosauth).
func subHandler(pr *probe) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !pr.armed {
			return
		}
		if s, ok := r.Context().Value(subKey{}).(string); ok {
			pr.email = s
		} else if p, ok := workoshttp.Profile(r); ok {
			pr.email = p.ID
		}
	})
}

// bearerSubject is alice's AuthKit user ID, the tokens' sub.
func bearerSubject(tb testing.TB, f *bearerFixture) string {
	for _, u := range f.emu.AuthKitUsers() {
		if u.Email == aliceEmail {
			return u.ID
		}
	}
	tb.Fatal("no AuthKit user " + aliceEmail)
	return ""
}

// expectBearer serves tok through h and fails unless the answer is want
// and, for 200, the handler saw the subject.
func expectBearer(tb testing.TB, h http.Handler, pr *probe, tok string, want int, sub string) {
	tb.Helper()
	w := newSink()
	pr.arm()
	h.ServeHTTP(w, bearerRequest(tok))
	expectStatus(tb, w, want)
	if want != http.StatusOK {
		sub = ""
	}
	pr.expect(tb, sub)
}

// tampered is tok with one byte of its claims changed: the signature no
// longer verifies.
func tampered(tok string) string { return flip(tok, strings.IndexByte(tok, '.')+5) }

// flip changes the base64url character at i to another one.
func flip(s string, i int) string {
	c := byte('A')
	if s[i] == 'A' {
		c = 'B'
	}
	return s[:i] + string(c) + s[i+1:]
}

// BenchmarkBearerFirstSeen is a Bearer request with a token the verifier
// has not seen before. "workosauth" is workoshttp.RequireWorkOS with
// AcceptBearer: every iteration is a token that instance has not verified
// (each instance, replaced off the clock every 256 tokens, fetched the key
// set before). The peers cache nothing, so they verify the same token
// every iteration.
func BenchmarkBearerFirstSeen(b *testing.B) {
	f := bearerSetup(b)
	sub := bearerSubject(b, f)
	b.Run("workosauth", func(b *testing.B) {
		pr := &probe{}
		var auth *core.Auth
		var h http.Handler
		fresh := func() { // a new instance, its key set fetched with the last token
			if auth != nil {
				auth.Close()
			}
			auth = newAuth(b, func(c *core.Config) {
				c.ClientID, c.APIKey, c.WorkOS.BaseURL, c.AuthKit.Enabled = f.emu.ClientID, core.NewSecret(f.emu.APIKey), f.emu.URL, true
			})
			h = workoshttp.RequireWorkOS(auth, core.AcceptBearer())(subHandler(pr))
			expectBearer(b, h, pr, f.tokens[bearerTokens], http.StatusOK, sub)
		}
		fresh()
		expectBearer(b, h, pr, tampered(f.tokens[0]), http.StatusUnauthorized, "")
		reqs := make([]*http.Request, bearerTokens)
		for i := range reqs {
			reqs[i] = bearerRequest(f.tokens[i])
		}
		w := newSink()
		meter := pausableCPU()
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			if i%bearerTokens == 0 && i > 0 {
				b.StopTimer()
				meter.pause()
				fresh()
				meter.resume()
				b.StartTimer()
			}
			w.code = 0
			h.ServeHTTP(w, reqs[i%bearerTokens])
		}
		b.StopTimer()
		meter.report(b)
		if w.status() != http.StatusOK {
			b.Fatalf("last answer %d", w.status())
		}
		auth.Close()
	})
	for _, pe := range bearerPeers {
		b.Run(pe.name, func(b *testing.B) {
			pr := &probe{}
			h := pe.setup(b, f)(subHandler(pr))
			expectBearer(b, h, pr, f.tokens[0], http.StatusOK, sub)
			expectBearer(b, h, pr, tampered(f.tokens[0]), http.StatusUnauthorized, "")
			serve, _ := httpServer{h}.prepare(bearerRequest(f.tokens[0]))
			measure(b, serve)
		})
	}
}

// bearerToken returns the token of an "Authorization: Bearer" header.
func bearerToken(r *http.Request) (string, bool) {
	const prefix = "Bearer "
	h := r.Header.Get("Authorization")
	if len(h) <= len(prefix) || !strings.EqualFold(h[:len(prefix)], prefix) {
		return "", false
	}
	return h[len(prefix):], true
}

// bearerGuard is a Bearer peer's middleware: the token from the
// Authorization header, verify's subject in the context under subKey,
// next; 401 when verify refuses.
func bearerGuard(verify func(token string) (sub string, ok bool)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			tok, ok := bearerToken(r)
			var sub string
			if ok {
				sub, ok = verify(tok)
			}
			if !ok || sub == "" {
				deny(w)
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), subKey{}, sub)))
		})
	}
}

// peerContext returns a background context cancelled when tb ends.
func peerContext(tb testing.TB) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	tb.Cleanup(cancel)
	return ctx
}

// cpuPause measures the process's CPU time over the timed stretches of a
// benchmark that stops its timer for setup.
type cpuPause struct {
	total, start time.Duration
	ok           bool
}

// pausableCPU starts measuring.
func pausableCPU() *cpuPause {
	m := &cpuPause{}
	m.start, m.ok = processCPU()
	return m
}

func (m *cpuPause) pause() {
	now, _ := processCPU()
	m.total += now - m.start
}

func (m *cpuPause) resume() { m.start, _ = processCPU() }

// report pauses and reports cpu-ns/op.
func (m *cpuPause) report(b *testing.B) {
	m.pause()
	if m.ok && b.N > 0 {
		b.ReportMetric(float64(m.total)/float64(b.N), "cpu-ns/op")
	}
}
