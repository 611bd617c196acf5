package core_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

const quotaRedirectURI = "http://app.test/auth/callback"

func quotaApp(t *testing.T, edit func(*core.Config)) (*workostest.Server, http.Handler) {
	t.Helper()
	emu := workostest.NewServer(t, workostest.Options{RedirectURIs: []string{quotaRedirectURI}, AutoSelect: true})
	cfg := core.Config{
		ClientID:       emu.ClientID,
		APIKey:         core.NewSecret(emu.APIKey),
		RedirectURI:    quotaRedirectURI,
		CookiePassword: core.NewSecret(strings.Repeat("quota-password-", 3)),
		WorkOS:         core.WorkOSConfig{BaseURL: emu.URL},
	}
	if edit != nil {
		edit(&cfg)
	}
	auth, err := core.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return emu, workoshttp.Handler(auth)
}

func signInByEmail(h http.Handler, email, remoteAddr string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, "http://app.test/auth/signin?email="+email, nil)
	req.RemoteAddr = remoteAddr
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestQuotaRandomDomainsCostBoundedCalls: N anonymous sign-in attempts
// for random domains cost at most LookupBurst calls to WorkOS's
// Organizations API per client (and per minute thereafter), however large
// N: the rest get 429 with Retry-After and plain words, without a call.
// A real domain, looked up before the flood, is still answered from the
// cache.
func TestQuotaRandomDomainsCostBoundedCalls(t *testing.T) {
	const n, burst, clients = 300, 5, 4
	emu, h := quotaApp(t, func(c *core.Config) { c.SignIn.LookupsPerMinute = 10; c.SignIn.LookupBurst = burst })
	if rec := signInByEmail(h, "alice@acme.test", "192.0.2.99:1"); rec.Code != http.StatusSeeOther {
		t.Fatalf("a real sign-in answered %d", rec.Code)
	}
	before := emu.Calls("/organizations")
	refused := 0
	for i := range n {
		addr := fmt.Sprintf("198.51.100.%d:4000", i%clients)
		rec := signInByEmail(h, fmt.Sprintf("eve@random-%d.test", i), addr)
		switch rec.Code {
		case http.StatusTooManyRequests:
			refused++
			if rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "Too many sign-ins") {
				t.Fatalf("a refusal without Retry-After or words: %v %.300s", rec.Header(), rec.Body)
			}
		case http.StatusNotFound: // no SSO for the domain: looked up
		default:
			t.Fatalf("attempt %d answered %d %.300s", i, rec.Code, rec.Body)
		}
	}
	calls := emu.Calls("/organizations") - before
	if calls > burst*clients || refused != n-calls {
		t.Fatalf("%d attempts cost %d Organizations calls (%d refused); want at most %d", n, calls, refused, burst*clients)
	}
	if rec := signInByEmail(h, "bob@acme.test", "198.51.100.0:4000"); rec.Code != http.StatusSeeOther {
		t.Fatalf("a cached real domain, from a client over its limit, answered %d", rec.Code)
	}
	if got := emu.Calls("/organizations") - before; got != calls {
		t.Fatalf("the cached domain cost a call")
	}
}

// TestQuota429NotRetriedAndPauses: when WorkOS answers a lookup 429,
// the lookup is not retried, and lookups pause for its Retry-After: a
// flood of sign-ins for random domains meanwhile costs no call at all.
// Sign-ins by organization keep working. (Before, each 429 was retried
// twice and every new domain went to WorkOS again.)
func TestQuota429NotRetriedAndPauses(t *testing.T) {
	emu, h := quotaApp(t, nil)
	emu.InjectFault("/organizations", workostest.Fault{Status: http.StatusTooManyRequests, RetryAfter: "30"})
	for i := range 100 {
		rec := signInByEmail(h, fmt.Sprintf("eve@random-%d.test", i), fmt.Sprintf("203.0.113.%d:1", i))
		if rec.Code != http.StatusBadGateway {
			t.Fatalf("attempt %d answered %d, want 502 while WorkOS refuses", i, rec.Code)
		}
	}
	if calls := emu.Calls("/organizations"); calls != 1 {
		t.Fatalf("100 sign-ins during a 429 cost %d Organizations calls, want 1", calls)
	}
	req := httptest.NewRequest(http.MethodGet, "http://app.test/auth/signin?organization=org_01DEMOACME", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("a sign-in by organization answered %d during the pause", rec.Code)
	}
}
