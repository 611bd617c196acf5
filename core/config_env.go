package core

import (
	"os"
	"strings"
)

// ConfigFromEnv returns a Config filled from the environment:
//
//	WORKOS_CLIENT_ID                 ClientID
//	WORKOS_API_KEY                   APIKey
//	WORKOS_REDIRECT_URI              RedirectURI
//	WORKOS_COOKIE_PASSWORD           CookiePassword
//	WORKOS_COOKIE_PASSWORD_PREVIOUS  Cookies.PreviousPasswords (comma-separated)
//	WORKOS_COOKIE_DOMAIN             Cookies.Domain
//	WORKOS_REDIRECT_URIS             Cookies.RedirectURIs (comma-separated)
//	WORKOS_BASE_URL                  WorkOS.BaseURL
//	WORKOS_AUTHKIT                   AuthKit.Enabled ("1")
//	WORKOS_AUTHKIT_ISSUERS           AuthKit.Issuers (comma-separated)
//
// It does not validate: [New] does. Set further fields on the result
// before passing it to New.
func ConfigFromEnv() Config {
	return configFromLookup(os.LookupEnv)
}

func configFromLookup(lookup func(string) (string, bool)) Config {
	get := func(k string) string {
		v, _ := lookup(k)
		return strings.TrimSpace(v)
	}
	var previous []Secret
	for _, pw := range list(get("WORKOS_COOKIE_PASSWORD_PREVIOUS")) {
		previous = append(previous, NewSecret(pw))
	}
	return Config{
		ClientID:       get("WORKOS_CLIENT_ID"),
		APIKey:         NewSecret(get("WORKOS_API_KEY")),
		RedirectURI:    get("WORKOS_REDIRECT_URI"),
		CookiePassword: NewSecret(get("WORKOS_COOKIE_PASSWORD")),
		Cookies: CookieConfig{
			PreviousPasswords: previous,
			Domain:            get("WORKOS_COOKIE_DOMAIN"),
			RedirectURIs:      list(get("WORKOS_REDIRECT_URIS")),
		},
		WorkOS:  WorkOSConfig{BaseURL: get("WORKOS_BASE_URL")},
		AuthKit: AuthKitConfig{Enabled: get("WORKOS_AUTHKIT") == "1", Issuers: list(get("WORKOS_AUTHKIT_ISSUERS"))},
	}
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
