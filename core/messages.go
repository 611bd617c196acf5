package core

import (
	"maps"
	"strings"
)

// Messages are the words of the built-in pages, in one table an app can
// translate: set Config.Pages.Messages to a translation (Lang and the fields
// you translate; an empty field keeps its English default). The page's
// lang attribute follows Lang.
type Messages struct {
	// Lang is the BCP 47 language of the words, e.g. "de"; "en" by default.
	Lang string
	// Intro says what the page is for, under the app's name.
	Intro string
	// EmailLabel labels the email field.
	EmailLabel string
	// EmailPlaceholder is the email field's example.
	EmailPlaceholder string
	// Continue is the button that signs in with single sign-on.
	Continue string
	// Or separates the email form from the provider buttons.
	Or string
	// ContinueWith is a provider button; "{provider}" stands for its name.
	ContinueWith string
	// ProblemTitle heads the page of a failure.
	ProblemTitle string
	// BackToSignIn links back to the sign-in page from a failure.
	BackToSignIn string
	// Confirm asks a user whom another site sent to sign in whether they
	// meant to (see SignInPageData.Confirm).
	Confirm string
	// ContinueConfirmed is the button that continues such a sign-in.
	ContinueConfirmed string
	// Redirecting says, on the page that moves a signed-in browser on
	// (SameSite Strict), where to click if it does not.
	Redirecting string
	// ChooseOrganizationTitle heads the AuthKit organization chooser,
	// shown when a user of several organizations signs in without
	// naming one; ChooseOrganization asks which one.
	ChooseOrganizationTitle string
	ChooseOrganization      string
	// RefusedTitle heads the page a browser gets when a guard refuses a
	// signed-in user (403); the words under it are Errors["forbidden"].
	RefusedTitle string
	// SignedInAs says on that page who is signed in; "{email}" stands
	// for the email.
	SignedInAs string
	// SignOut is that page's sign-out button.
	SignOut string
	// SignInAsSomeoneElse links from that page to the sign-in page, which
	// comes back to the refused page.
	SignInAsSomeoneElse string
	// UnavailableTitle heads the page a browser gets when its session
	// cannot be checked just now (503); the words under it are
	// Errors["session_unavailable"].
	UnavailableTitle string
	// TryAgain links from that page to the page asked for.
	TryAgain string
	// Errors are the words for the error codes, by code (see
	// [DefaultMessages] for the codes); "{domain}" stands for the email
	// domain. A code with no words here is told in the English of the
	// failure itself, which may be more precise than the table's.
	Errors map[string]string
}

// DefaultMessages returns the built-in English words, a fresh copy each
// time: a starting point for a translation.
func DefaultMessages() Messages {
	m := Messages{
		Lang:                    "en",
		Intro:                   "Sign in with your work email to continue.",
		EmailLabel:              "Work email",
		EmailPlaceholder:        "you@company.com",
		Continue:                "Continue with single sign-on",
		Or:                      "or",
		ContinueWith:            "Continue with {provider}",
		ProblemTitle:            "Sign-in problem",
		BackToSignIn:            "Back to sign-in",
		Redirecting:             "Signed in. Continue",
		Confirm:                 "Another site sent you here to sign in. Continue only if you meant to.",
		ContinueConfirmed:       "Continue",
		ChooseOrganizationTitle: "Choose an organization",
		ChooseOrganization:      "Your account belongs to several organizations. Which one do you sign in to?",
		RefusedTitle:            "Access denied",
		SignedInAs:              "You are signed in as {email}.",
		SignOut:                 "Sign out",
		SignInAsSomeoneElse:     "Sign in as someone else",
		UnavailableTitle:        "Please try again in a moment",
		TryAgain:                "Try again",
		Errors:                  maps.Clone(errorMessages),
	}
	for code, words := range map[string]string{
		"no_sso":               "No single sign-on is set up for {domain}. Check the email address, or ask your administrator.",
		"invalid_email":        "That is not a valid email address.",
		"invalid_domain":       "That is not a valid domain.",
		"lookup_failed":        "The sign-in for {domain} could not be looked up at WorkOS just now. Please try again in a moment.",
		"ambiguous_domain":     "More than one organization claims {domain}; ask your administrator.",
		"workos_timeout":       "WorkOS did not answer in time. Please try again.",
		"workos_unavailable":   "WorkOS could not complete the sign-in. Please try again.",
		"invalid_client":       "WorkOS refused this app's credentials; the app's configuration needs fixing.",
		"not_found":            "There is no such sign-in page.",
		"cross_site":           "Sign-out must come from this site.",
		CodeForbidden:          "Your account may not see this page.",
		CodeSessionUnavailable: "Your session cannot be checked just now. Please try again in a moment.",
	} {
		m.Errors[code] = words
	}
	return m
}

// withDefaults fills the empty fields of m from the English defaults.
func (m Messages) withDefaults() Messages {
	d := DefaultMessages()
	fill := func(dst *string, def string) {
		if strings.TrimSpace(*dst) == "" {
			*dst = def
		}
	}
	fill(&m.Lang, d.Lang)
	fill(&m.Intro, d.Intro)
	fill(&m.EmailLabel, d.EmailLabel)
	fill(&m.EmailPlaceholder, d.EmailPlaceholder)
	fill(&m.Continue, d.Continue)
	fill(&m.Or, d.Or)
	fill(&m.ContinueWith, d.ContinueWith)
	fill(&m.ProblemTitle, d.ProblemTitle)
	fill(&m.BackToSignIn, d.BackToSignIn)
	fill(&m.Redirecting, d.Redirecting)
	fill(&m.Confirm, d.Confirm)
	fill(&m.ContinueConfirmed, d.ContinueConfirmed)
	fill(&m.ChooseOrganizationTitle, d.ChooseOrganizationTitle)
	fill(&m.ChooseOrganization, d.ChooseOrganization)
	fill(&m.RefusedTitle, d.RefusedTitle)
	fill(&m.SignedInAs, d.SignedInAs)
	fill(&m.SignOut, d.SignOut)
	fill(&m.SignInAsSomeoneElse, d.SignInAsSomeoneElse)
	fill(&m.UnavailableTitle, d.UnavailableTitle)
	fill(&m.TryAgain, d.TryAgain)
	errs := d.Errors
	for code, words := range m.Errors {
		if strings.TrimSpace(words) != "" {
			errs[code] = words
		}
	}
	m.Errors = errs
	return m
}

// errorWords returns the words for an error code in m, with {domain}
// filled in; "" when m has none for it.
func (m *Messages) errorWords(code, domain string) string {
	words := m.Errors[code]
	if domain == "" && strings.Contains(words, "{domain}") {
		return ""
	}
	return strings.ReplaceAll(words, "{domain}", domain)
}
