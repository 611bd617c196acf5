package conformance

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ssokit/workosauth/workostest"
)

// webhookSecret is the suite Auth's Config.Events.WebhookSecrets[0];
// previousWebhookSecret is the one before it, still accepted.
const (
	webhookSecret         = "whsec_conformance_current"
	previousWebhookSecret = "whsec_conformance_previous"
	webhooksPath          = "/auth/webhooks"
)

// acmeUser is alice or bob of the demo seed's Acme directory, as a
// directory_user; state is "active", "inactive" or "suspended".
func acmeUser(org, idpID, email, state string) map[string]any {
	return map[string]any{"object": "directory_user", "id": "directory_user_01CONF", "directory_id": "directory_01CONF",
		"organization_id": org, "idp_id": idpID, "email": email, "state": state,
		"emails": []any{map[string]any{"primary": true, "type": "work", "value": email}}}
}

// deliver POSTs a delivery of event signed with secret at signedAt to the
// app's webhook route and returns the answer.
func (e *env) deliver(t *testing.T, ev workostest.Event, secret string, signedAt time.Time) *response {
	t.Helper()
	req, err := workostest.WebhookRequest(e.url(webhooksPath), secret, ev, signedAt)
	if err != nil {
		t.Fatal(err)
	}
	return send(t, e.client(t, nil), req)
}

func newEvent(t *testing.T, typ string, data map[string]any) workostest.Event {
	t.Helper()
	ev, err := workostest.NewEvent(typ, data)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func wantStatus(t *testing.T, r *response, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("%s: answered %d %q, want %d", r, r.Status, r.Body, status)
	}
	if status >= 400 && !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		t.Errorf("%s: %d with Content-Type %q, want JSON", r, status, r.Header.Get("Content-Type"))
	}
}

// testWebhookSignsOut: the emulator, told that IT deleted alice, delivers
// a signed dsync.user.deleted to the adapter's route; alice is signed
// out, bob is not.
func testWebhookSignsOut(t *testing.T, e *env) {
	own := newEnv(t, e.adapter)
	alice, bob := own.browser(t), own.browser(t)
	alice.signInAs("alice@acme.test", AcmeOrg)
	bob.signInAs("bob@acme.test", AcmeOrg)
	own.emu.AddWebhookEndpoint(own.url(webhooksPath), webhookSecret)
	if _, err := own.emu.DeleteDirectoryUser("alice@acme.test"); err != nil {
		t.Fatalf("the emulator's delivery to %s: %v", webhooksPath, err)
	}
	alice.wantSignedOut()
	if r := alice.nav("/dashboard"); !isRedirect(r.Status) {
		t.Errorf("%s: answered %d after the removal, want a redirect to sign in", r, r.Status)
	}
	bob.wantSignedIn("bob@acme.test")
	// Re-activated, alice signs in again.
	time.Sleep(2 * time.Millisecond)
	alice.signInAs("alice@acme.test", AcmeOrg)
}

// testWebhookRefusals: deliveries that do not verify get a 4xx and change
// nothing; the route takes POST only.
func testWebhookRefusals(t *testing.T, e *env) {
	own := newEnv(t, e.adapter)
	alice := own.browser(t)
	alice.signInAs("alice@acme.test", AcmeOrg)
	ev := newEvent(t, "dsync.user.deleted", acmeUser(AcmeOrg, "00u1demoalice", "alice@acme.test", "inactive"))
	now := time.Now()
	client := own.client(t, nil)
	post := func(name string, sig string, body []byte, status int) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, own.url(webhooksPath), bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if sig != "" {
			req.Header.Set("WorkOS-Signature", sig)
		}
		r := send(t, client, req)
		if r.Status != status {
			t.Errorf("%s: answered %d %q, want %d", name, r.Status, r.Body, status)
		}
		if st, _ := alice.me(); st != http.StatusOK {
			t.Fatalf("%s signed alice out (/api/me %d)", name, st)
		}
	}
	good, _ := workostest.WebhookRequest(own.url(webhooksPath), webhookSecret, ev, now)
	body := readAll(t, good)
	sig := good.Header.Get("WorkOS-Signature")
	ts := strings.Split(sig, ",")[0]
	post("forged signature", ts+", v1="+strings.Repeat("0f", 32), body, http.StatusUnauthorized)
	post("wrong secret", workostest.SignWebhook("whsec_guess", body, now), body, http.StatusUnauthorized)
	post("stale timestamp", workostest.SignWebhook(webhookSecret, body, now.Add(-4*time.Minute)), body, http.StatusUnauthorized)
	post("future timestamp", workostest.SignWebhook(webhookSecret, body, now.Add(4*time.Minute)), body, http.StatusUnauthorized)
	post("malformed header", "sha256="+strings.Repeat("0f", 32), body, http.StatusBadRequest)
	post("no header", "", body, http.StatusBadRequest)
	post("body altered", sig, bytes.Replace(body, []byte("alice"), []byte("bobby"), 1), http.StatusUnauthorized)
	big := append(bytes.Clone(body), bytes.Repeat([]byte(" "), 1<<20)...)
	post("oversize body", workostest.SignWebhook(webhookSecret, big, now), big, http.StatusRequestEntityTooLarge)
	for _, m := range []string{http.MethodGet, http.MethodPut} {
		r := alice.do(m, webhooksPath, "application/json", nil)
		if r.Status != http.StatusMethodNotAllowed {
			t.Errorf("%s: answered %d, want 405", r, r.Status)
		}
	}
	alice.wantSignedIn("alice@acme.test")
}

func readAll(t *testing.T, r *http.Request) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := b.ReadFrom(r.Body); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// testWebhookReplayAndRotation: a repeated delivery is acknowledged and
// changes nothing more; the previous secret still verifies.
func testWebhookReplayAndRotation(t *testing.T, e *env) {
	own := newEnv(t, e.adapter)
	bob := own.browser(t)
	bob.signInAs("bob@acme.test", AcmeOrg)
	ev := newEvent(t, "dsync.user.updated", acmeUser(AcmeOrg, "00u1demobob", "bob@acme.test", "suspended"))
	wantStatus(t, own.deliver(t, ev, previousWebhookSecret, time.Now()), http.StatusOK)
	bob.wantSignedOut()
	time.Sleep(2 * time.Millisecond)
	bob.signInAs("bob@acme.test", AcmeOrg)
	for range 2 {
		wantStatus(t, own.deliver(t, ev, webhookSecret, time.Now()), http.StatusOK)
	}
	bob.wantSignedIn("bob@acme.test") // signed in after the event: the replay does not end it
}

// testWebhookOrganizationScoping: an event of another organization's
// directory, naming alice's idp_id and email, leaves her signed in; an
// event that is not about sign-in is acknowledged.
func testWebhookOrganizationScoping(t *testing.T, e *env) {
	own := newEnv(t, e.adapter)
	alice := own.browser(t)
	alice.signInAs("alice@acme.test", AcmeOrg)
	wantStatus(t, own.deliver(t, newEvent(t, "dsync.user.deleted", acmeUser("org_01DEMOGLOBEX", "00u1demoalice", "alice@acme.test", "inactive")), webhookSecret, time.Now()), http.StatusOK)
	wantStatus(t, own.deliver(t, newEvent(t, "user.created", map[string]any{"id": "user_01X"}), webhookSecret, time.Now()), http.StatusOK)
	alice.wantSignedIn("alice@acme.test")
	// Her organization's event ends her session, by email alone.
	wantStatus(t, own.deliver(t, newEvent(t, "dsync.user.deleted", acmeUser(AcmeOrg, "someone-else", "Alice@Acme.test", "inactive")), webhookSecret, time.Now()), http.StatusOK)
	alice.wantSignedOut()
}

// testWebhookRacesSignIn: a sign-in under way when alice is removed does
// not leave her a session.
func testWebhookRacesSignIn(t *testing.T, e *env) {
	own := newEnv(t, e.adapter)
	alice := own.browser(t)
	authURL := alice.startSignIn(map[string][]string{"organization": {AcmeOrg}, "login_hint": {"alice@acme.test"}})
	callback := alice.authorize(authURL) // at the identity provider, not back yet
	time.Sleep(2 * time.Millisecond)
	own.emu.AddWebhookEndpoint(own.url(webhooksPath), webhookSecret)
	if _, err := own.emu.DeleteDirectoryUser("alice@acme.test"); err != nil {
		t.Fatal(err)
	}
	alice.nav(callback.String()) // back from the identity provider
	if st, _ := alice.me(); st != http.StatusUnauthorized {
		t.Fatalf("a sign-in started before alice's removal and finished after it: /api/me %d, want 401", st)
	}
}
