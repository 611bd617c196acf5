package core

import (
	"os"
	"strings"
)

// The environment variables [ConfigFromEnv] reads.
const (
	EnvClientID               = "WORKOS_CLIENT_ID"
	EnvAPIKey                 = "WORKOS_API_KEY"
	EnvRedirectURI            = "WORKOS_REDIRECT_URI"
	EnvCookiePassword         = "WORKOS_COOKIE_PASSWORD"
	EnvCookiePasswordPrevious = "WORKOS_COOKIE_PASSWORD_PREVIOUS"
	EnvBaseURL                = "WORKOS_BASE_URL"
	// EnvCookieDomain is Config.CookieDomain (AuthKit's name for it).
	EnvCookieDomain = "WORKOS_COOKIE_DOMAIN"
	// EnvRedirectURIs is Config.RedirectURIs, comma-separated.
	EnvRedirectURIs = "WORKOS_REDIRECT_URIS"
	// EnvAuthKit set to 1 turns on Config.AuthKit.
	EnvAuthKit = "WORKOS_AUTHKIT"
	// EnvAuthKitIssuers is Config.AuthKitIssuers, comma-separated.
	EnvAuthKitIssuers = "WORKOS_AUTHKIT_ISSUERS"
)

// ConfigFromEnv returns a Config filled from the WORKOS_* environment
// variables: WORKOS_CLIENT_ID, WORKOS_API_KEY, WORKOS_REDIRECT_URI,
// WORKOS_COOKIE_PASSWORD, WORKOS_COOKIE_PASSWORD_PREVIOUS (comma-separated),
// WORKOS_BASE_URL, WORKOS_COOKIE_DOMAIN, WORKOS_REDIRECT_URIS
// (comma-separated), WORKOS_AUTHKIT ("1" sets Config.AuthKit) and
// WORKOS_AUTHKIT_ISSUERS (comma-separated). It does not validate: [New]
// does. Set further fields on the result before passing it to New.
func ConfigFromEnv() Config {
	return configFromLookup(os.LookupEnv)
}

func configFromLookup(lookup func(string) (string, bool)) Config {
	get := func(k string) string {
		v, _ := lookup(k)
		return strings.TrimSpace(v)
	}
	c := Config{
		ClientID:       get(EnvClientID),
		APIKey:         NewSecret(get(EnvAPIKey)),
		RedirectURI:    get(EnvRedirectURI),
		CookiePassword: NewSecret(get(EnvCookiePassword)),
		Cookies:        CookieConfig{Domain: get(EnvCookieDomain)},
		WorkOS:         WorkOSConfig{BaseURL: get(EnvBaseURL)},
		AuthKit:        AuthKitConfig{Enabled: get(EnvAuthKit) == "1"},
	}
	c.Cookies.RedirectURIs = list(get(EnvRedirectURIs))
	c.Cookies.PreviousPasswords = NewSecrets(list(get(EnvCookiePasswordPrevious))...)
	c.AuthKit.Issuers = list(get(EnvAuthKitIssuers))
	return c
}

// list splits a comma-separated variable, dropping empty items.
func list(v string) []string {
	var out []string
	for _, item := range strings.Split(v, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}
