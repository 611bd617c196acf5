package conformance

import (
	"testing"
)

// Run runs the whole suite against the adapter's standard app, as
// subtests of t named after the adapter:
//
//	func TestConformance(t *testing.T) { conformance.Run(t, myAdapter{}) }
//
// It starts a WorkOS emulator (workostest, AutoSelect) and serves the
// app on 127.0.0.1 with an Auth whose redirect URI is the server's own
// callback URL, then plays browsers (a cookie jar each, every redirect
// followed hop by hop) and API clients against it. Subtests run in
// parallel; a few start an app of their own when they move its clock.
//
// Every answer of the app, in every subtest, must also keep the
// invariants: never a 5xx; Cache-Control no-store whenever it sets or
// clears a cookie; every cookie HttpOnly, SameSite=Lax and Path=/.
//
// Run with -run 'Conformance/NAME/guard' (or signin, callback, cookies,
// signout, webhooks, authz, authkit) to run one part.
func Run(t *testing.T, a Adapter) {
	t.Run(a.Name(), func(t *testing.T) {
		e := newEnv(t, a)
		for _, group := range suite {
			t.Run(group.name, func(t *testing.T) {
				for _, c := range group.cases {
					t.Run(c.name, func(t *testing.T) {
						t.Parallel()
						c.run(t, e)
					})
				}
			})
		}
	})
}

// testCase is one behaviour; it runs against a shared app and may start
// its own (newEnv with e.adapter) when it needs a clock of its own.
type testCase struct {
	name string
	run  func(t *testing.T, e *env)
}

// suite is every subtest, by group. The names are stable: adapters' CI
// and -run patterns refer to them.
var suite = []struct {
	name  string
	cases []testCase
}{
	{"guard", []testCase{
		{"navigation_redirects_to_signin", testNavigationRedirects},
		{"head_navigation_redirects", testHeadNavigationRedirects},
		{"api_client_gets_401_json", testAPIClient401},
		{"post_without_session_gets_401_json", testPost401},
		{"public_page", testPublicPage},
		{"optional_route", testOptionalRoute},
		{"optional_with_requirement", testOptionalWithRequirement},
		{"context_injection", testContextInjection},
		{"custom_denied_handler", testCustomDenied},
		{"signed_in_without_round_trip", testSignedInWithoutRoundTrip},
		{"forbidden_navigation_gets_page", testForbiddenPage},
	}},
	{"authkit", []testCase{
		{"hosted_signin", testAuthKitHostedSignIn},
		{"bearer_accepted", testAuthKitBearerAccepted},
		{"bearer_refused", testAuthKitBearerRefused},
		{"bearer_revoked", testAuthKitBearerRevoked},
		{"require_permission", testAuthKitPermission},
		{"switch_organization_route", testAuthKitSwitchRoute},
		{"select_organization_route", testAuthKitSelectRoute},
		{"switch_organization_function", testAuthKitSwitchFunction},
		{"refresh", testAuthKitRefresh},
		{"signout_through_logout_url", testAuthKitSignOut},
	}},
	{"signin", []testCase{
		{"page", testSignInPage},
		{"by_email_form", testSignInByEmailForm},
		{"by_domain", testSignInByDomain},
		{"by_connection", testSignInByConnection},
		{"by_organization", testSignInByOrganization},
		{"by_provider", testSignInByProvider},
		{"return_to_honoured", testReturnToHonoured},
		{"evil_return_to_falls_back", testEvilReturnTo},
		{"oversized_form_413", testOversizedForm},
		{"two_tabs_either_order", testTwoTabs},
		{"cross_site_start_waits_for_confirmation", testCrossSiteSignIn},
	}},
	{"callback", []testCase{
		{"wrong_state", testCallbackWrongState},
		{"missing_flow_cookie", testCallbackMissingFlowCookie},
		{"idp_error", testCallbackIdPError},
		{"replayed", testCallbackReplayed},
		{"on_signin_refusal_shown", testOnSignInRefusalShown},
		{"profile_of_another_organization", testCallbackOtherOrganization},
	}},
	{"cookies", []testCase{
		{"session_cookie_attributes", testSessionCookieAttributes},
		{"no_store_when_setting_cookies", testNoStore},
		{"garbage_session_is_signed_out", testGarbageCookies},
		{"expired_session_is_signed_out", testExpiredSession},
		{"aged_session_is_renewed", testRenewal},
	}},
	{"signout", []testCase{
		{"same_origin_post", testSignOut},
		{"other_methods_do_not_sign_out", testSignOutOtherMethods},
		{"cross_site_refused", testSignOutCrossSite},
	}},
	{"sessions", []testCase{
		{"store_unavailable_503", testStoreUnavailable},
		{"unavailable_navigation_gets_page", testUnavailablePage},
	}},
	{"readiness", []testCase{
		{"ready_handler_follows_the_store", testReadiness},
	}},
	{"webhooks", []testCase{
		{"deprovisioned_user_signed_out", testWebhookSignsOut},
		{"unverified_deliveries_refused", testWebhookRefusals},
		{"replay_harmless_previous_secret", testWebhookReplayAndRotation},
		{"organization_scoping", testWebhookOrganizationScoping},
		{"sign_in_in_flight_ended", testWebhookRacesSignIn},
	}},
	{"authz", []testCase{
		{"alice_admin_acme_engineering", testAuthzAlice},
		{"bob_acme_member", testAuthzBob},
		{"carol_globex", testAuthzCarol},
	}},
}
