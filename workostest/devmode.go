package workostest

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"strings"

	"github.com/ssokit/workosauth/core"
)

// devSettings are the WorkOS settings that keep an app out of dev mode:
// the variables core.ConfigFromEnv reads that name credentials or a
// deployment (WORKOS_AUTHKIT only picks the mode, dev mode included), each
// with the Config field it fills, to catch a field set in code too.
var devSettings = []struct {
	env string
	set func(core.Config) bool
}{
	{"WORKOS_API_KEY", func(c core.Config) bool { return c.APIKey.Reveal() != "" }},
	{"WORKOS_REDIRECT_URI", func(c core.Config) bool { return c.RedirectURI != "" }},
	{"WORKOS_REDIRECT_URIS", func(c core.Config) bool { return len(c.Cookies.RedirectURIs) > 0 }},
	{"WORKOS_COOKIE_PASSWORD", func(c core.Config) bool { return c.CookiePassword.Reveal() != "" }},
	{"WORKOS_COOKIE_PASSWORD_PREVIOUS", func(c core.Config) bool { return len(c.Cookies.PreviousPasswords) > 0 }},
	{"WORKOS_BASE_URL", func(c core.Config) bool { return c.WorkOS.BaseURL != "" }},
	{"WORKOS_COOKIE_DOMAIN", func(c core.Config) bool { return c.Cookies.Domain != "" }},
	{"WORKOS_AUTHKIT_ISSUERS", func(c core.Config) bool { return len(c.AuthKit.Issuers) > 0 }},
}

// DevMode runs an app against the emulator on a machine with no WorkOS
// settings at all, and leaves it alone everywhere else, in one call
// before core.New:
//
//	cfg, emulator, err := workostest.DevMode(core.ConfigFromEnv(), "127.0.0.1:8080")
//	if err != nil {
//		log.Fatal(err) // WorkOS settings without WORKOS_CLIENT_ID
//	}
//	if emulator != nil {
//		defer emulator.Close()
//	}
//	auth, err := core.New(cfg)
//
// addr is where the app listens (host:port; an empty or wildcard host is
// 127.0.0.1). What it does:
//
//   - With a client ID (WORKOS_CLIENT_ID, or cfg.ClientID), it returns cfg
//     as it is and no emulator: a real WorkOS account is configured.
//   - With no WorkOS setting at all (none of WORKOS_API_KEY,
//     WORKOS_REDIRECT_URI, WORKOS_REDIRECT_URIS, WORKOS_COOKIE_PASSWORD,
//     WORKOS_COOKIE_PASSWORD_PREVIOUS, WORKOS_BASE_URL,
//     WORKOS_COOKIE_DOMAIN, WORKOS_AUTHKIT_ISSUERS in the environment nor
//     their fields in cfg), it starts the emulator on 127.0.0.1, seeded
//     with the demo organizations and users ([DemoSeed]), and fills in
//     ClientID, APIKey and BaseURL (the emulator's), RedirectURI
//     (http://addr + AuthPath + /callback, AuthPath "/auth" by default)
//     and a random CookiePassword, so sessions last as long as the
//     process. With cfg.WebhookSecrets the emulator delivers its events
//     (DeleteDirectoryUser and the like) to the app's webhook route, as
//     WorkOS would. WORKOS_AUTHKIT=1 (cfg.AuthKit) works in dev mode.
//     The caller closes the emulator.
//   - With some WorkOS settings but no client ID, it refuses, with an
//     error naming WORKOS_CLIENT_ID and the settings it found (never
//     their values): production settings with a forgotten client ID must
//     never start an app that trusts the emulator.
func DevMode(cfg core.Config, addr string) (core.Config, *Server, error) {
	if cfg.ClientID != "" || strings.TrimSpace(os.Getenv("WORKOS_CLIENT_ID")) != "" {
		return cfg, nil, nil
	}
	var found []string
	for _, s := range devSettings {
		switch {
		case strings.TrimSpace(os.Getenv(s.env)) != "":
			found = append(found, s.env)
		case s.set(cfg):
			found = append(found, s.env+" (its Config field)")
		}
	}
	if len(found) > 0 {
		verb := "is"
		if len(found) > 1 {
			verb = "are"
		}
		return cfg, nil, fmt.Errorf("workostest: WORKOS_CLIENT_ID is not set, but %s %s: refusing to fall back to dev mode (the WorkOS emulator) with WorkOS settings; set WORKOS_CLIENT_ID, or unset them all for dev mode",
			strings.Join(found, ", "), verb)
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return cfg, nil, fmt.Errorf("workostest: dev mode: the app's address %q: %w", addr, err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	authPath := strings.TrimSuffix(cfg.Cookies.AuthPath, "/")
	if authPath == "" {
		authPath = "/auth"
	}
	origin := "http://" + net.JoinHostPort(host, port)
	cfg.RedirectURI = origin + authPath + "/callback"
	b := make([]byte, 32)
	rand.Read(b)
	cfg.CookiePassword = core.NewSecret(hex.EncodeToString(b))
	emu, err := Start("127.0.0.1:0", Options{RedirectURIs: []string{cfg.RedirectURI}, ConfirmLoginHint: true})
	if err != nil {
		return cfg, nil, fmt.Errorf("workostest: dev mode: starting the emulator: %w", err)
	}
	cfg.ClientID, cfg.APIKey, cfg.WorkOS.BaseURL = emu.ClientID, core.NewSecret(emu.APIKey), emu.URL
	for _, s := range cfg.Events.WebhookSecrets {
		if secret := strings.TrimSpace(s.Reveal()); secret != "" {
			emu.AddWebhookEndpoint(origin+authPath+"/webhooks", secret)
			break
		}
	}
	return cfg, emu, nil
}
