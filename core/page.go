package core

import (
	"bytes"
	"html/template"
	"regexp"
)

// SignInPageData is what the sign-in page template is executed with.
type SignInPageData struct {
	// AppName is Config.AppName.
	AppName string
	// Action is where the form posts: the sign-in path.
	Action string
	// Email is the email given before, to fill the field again.
	Email string
	// ReturnTo is passed on as a hidden field.
	ReturnTo string
	// Error is a failure to show, in plain words; ErrorCode its code.
	Error, ErrorCode string
	// Providers are the OAuth buttons to show.
	Providers []ProviderButton
	// Status is the HTTP status of the answer (on error pages).
	Status int
	// Confirm is set when a sign-in that came from another site (or as a
	// subresource) waits for the user: the page says what it is for and
	// posts its selector back, from this site, to continue.
	Confirm bool
	// Domain, Organization, Connection, Provider and LoginHint are the
	// selector of the sign-in to confirm (an email is in Email), to carry
	// as hidden fields.
	Domain, Organization, Connection, Provider, LoginHint string

	// Messages are the page's words (Config.Pages.Messages, English by
	// default); Lang is their language, for <html lang>.
	Messages Messages
	Lang     string
	// PageTitle is the page's <title>.
	PageTitle string
	// LogoURL is Config.Branding.LogoURL.
	LogoURL string
	// Nonce is the nonce of the answer's Content-Security-Policy: a custom
	// template's <style nonce="{{.Nonce}}"> applies, no other style does.
	Nonce string
	// Style is the built-in stylesheet (with the accent colour), for a
	// custom template to reuse: <style nonce="{{.Nonce}}">{{.Style}}</style>.
	Style template.CSS
}

// ProviderButton is one OAuth provider on the sign-in page.
type ProviderButton struct {
	// ID is the WorkOS provider, e.g. "GoogleOAuth".
	ID string
	// Label is its name for people, e.g. "Google".
	Label string
	// Text is the button's words, e.g. "Continue with Google"
	// (Messages.ContinueWith).
	Text string
}

var providerLabels = map[string]string{
	"GoogleOAuth": "Google", "MicrosoftOAuth": "Microsoft", "GitHubOAuth": "GitHub", "AppleOAuth": "Apple",
	"GitLabOAuth": "GitLab", "LinkedInOAuth": "LinkedIn", "SlackOAuth": "Slack", "SalesforceOAuth": "Salesforce",
	"BitbucketOAuth": "Bitbucket",
}

// errorMessages are the plain words for the error codes the sign-in page
// may be given in ?error=.
var errorMessages = map[string]string{
	"access_denied":                            "The sign-in was cancelled or denied.",
	"signin_consent_denied":                    "You did not consent to sign in.",
	"connection_invalid":                       "Your organization's single sign-on connection is not active. Ask your administrator.",
	"organization_invalid":                     "Your organization has no active single sign-on connection. Ask your administrator.",
	"invalid_connection_selector":              "That single sign-on connection does not exist.",
	"ambiguous_connection_selector":            "Your organization has more than one sign-on connection; ask your administrator.",
	"connection_strategy_invalid":              "Your organization's sign-on connection is not set up correctly. Ask your administrator.",
	"connection_unlinked":                      "Your organization's sign-on connection is not linked. Ask your administrator.",
	"profile_not_allowed_outside_organization": "Your account is not part of the organization.",
	"oauth_failed":                             "The sign-in provider failed. Please try again.",
	"server_error":                             "WorkOS had a problem. Please try again.",
	"state_mismatch":                           "This sign-in did not start here, or it was already used. Please sign in again.",
	"missing_state":                            "This sign-in link is incomplete. Please sign in again.",
	"flow_expired":                             "This sign-in took too long. Please sign in again.",
	"missing_code":                             "WorkOS did not return a sign-in code. Please sign in again.",
	"invalid_grant":                            "This sign-in link has expired or was already used. Please sign in again.",
	"signin_refused":                           "Your sign-in was refused.",
	"organization_mismatch":                    "That account belongs to another organization than the one this sign-in was for. Please sign in again with your work account.",
	"connection_mismatch":                      "That account signed in through another connection than the one this sign-in was for. Please sign in again with your work account.",
	"too_many_lookups":                         "Too many sign-ins by email from your network just now. Please wait a minute and try again.",
	"bad_request":                              "That sign-in request was not valid.",
	"sign_in_failed":                           "The sign-in failed. Please try again.",
	"session_too_large":                        "Your account has more groups or roles than this app's sessions can hold. Ask the app's administrator.",
	codeConfigurationError:                     "This app's sign-in is not set up correctly, so signing in again will not help. Ask the app's administrator.",
}

// codeConfigurationError is the code of a sign-in refused because of the
// app's configuration (WorkOS's tokens name an issuer the app does not
// accept): the operator must act, the user cannot.
const codeConfigurationError = "configuration_error"

var errorCodeRE = regexp.MustCompile(`^[a-z_]{1,64}$`)

// errorMessage returns the words for a code; unknown or malformed codes get
// a generic message (the code itself is never echoed).
func errorMessage(code string) (string, string) {
	if msg, ok := errorMessages[code]; ok {
		return code, msg
	}
	if errorCodeRE.MatchString(code) {
		return code, errorMessages["sign_in_failed"]
	}
	return "sign_in_failed", errorMessages["sign_in_failed"]
}

func (a *Auth) pageData(x exchange) SignInPageData {
	d := SignInPageData{AppName: a.cfg.Pages.AppName, Action: a.signInPath}
	for _, p := range a.cfg.SignIn.Providers {
		label := providerLabels[p]
		if label == "" {
			label = p
		}
		d.Providers = append(d.Providers, ProviderButton{ID: p, Label: label})
	}
	return d
}

// renderSignIn writes the sign-in page, with its Content-Security-Policy.
func (a *Auth) renderSignIn(x exchange, status int, d SignInPageData) {
	var buf bytes.Buffer
	a.dress(&d)
	a.pageHeaders(x, d.Nonce)
	if err := a.cfg.Pages.SignIn.Execute(&buf, d); err != nil {
		a.emit(x.Context(), AuditEvent{Type: AuditConfigProblem, Code: "template_failed", Message: "the sign-in page template failed: " + err.Error()})
		buf.Reset()
		_ = defaultSignInPage.Execute(&buf, d)
	}
	x.Write(status, "text/html; charset=utf-8", buf.Bytes())
}
