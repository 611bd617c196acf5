package core

// AuthKitConfig is the AuthKit group of [Config]: sign-in through WorkOS
// AuthKit (the User Management API: /user_management/authorize and
// /user_management/authenticate) instead of the SSO API. Sessions then
// hold the AuthKit user, access token and refresh token; see the README's
// AuthKit section.
type AuthKitConfig struct {
	// Enabled turns AuthKit on (WORKOS_AUTHKIT=1). With no selector, the
	// sign-in route goes straight to AuthKit's hosted page. Default: false
	// (SSO).
	Enabled bool
	// Issuers (WORKOS_AUTHKIT_ISSUERS, comma-separated) are further iss
	// values accepted in AuthKit access tokens, such as a custom auth
	// domain ("https://auth.example.com"). WorkOS.BaseURL and
	// WorkOS.BaseURL + "/user_management/" + ClientID are always
	// accepted; nothing else is. A token WorkOS itself hands the app with
	// another issuer is a configuration mistake: it is logged
	// (config_problem "issuer_not_accepted", with the issuer seen and the
	// ones accepted), a sign-in is refused with "configuration_error", and
	// sessions go on. Only with Enabled. Default: none.
	Issuers []string
}

func (c AuthKitConfig) check(p *problems) {
	if len(c.Issuers) > 0 && !c.Enabled {
		p.add("AuthKit.Issuers (WORKOS_AUTHKIT_ISSUERS) is set but AuthKit.Enabled (WORKOS_AUTHKIT=1) is not: issuers are checked in AuthKit access tokens only")
	}
}
