// Command workos-emulator runs the workostest WorkOS emulator as a
// program, for a team's other services, its Node or Python code and its
// docker-compose setups:
//
//	go run github.com/ssokit/workosauth/workostest/cmd/workos-emulator -redirect-uri http://127.0.0.1:8080/auth/callback
//
// It answers WorkOS's SSO, Organizations, AuthKit (User Management,
// organization memberships, the Sessions API), Directory Sync and Events
// endpoints as strictly as the package does, delivers its events to the
// webhook endpoints it is given, and prints at start-up the settings an
// app needs (WORKOS_BASE_URL, WORKOS_CLIENT_ID, WORKOS_API_KEY).
//
// Settings, each a flag or an environment variable (the flag wins):
//
//	-addr               WORKOS_EMULATOR_ADDR                host:port, default 127.0.0.1:8090
//	-client-id          WORKOS_EMULATOR_CLIENT_ID           default client_01EMULATOR0000000000000000
//	-api-key            WORKOS_EMULATOR_API_KEY             default sk_test_emulator
//	-redirect-uri       WORKOS_EMULATOR_REDIRECT_URIS       registered redirect URIs (repeat, or comma-separate)
//	-access-token-ttl   WORKOS_EMULATOR_ACCESS_TOKEN_TTL    AuthKit access tokens, default 5m
//	-code-ttl           WORKOS_EMULATOR_CODE_TTL            authorization codes, default 10m
//	-webhook-url        WORKOS_EMULATOR_WEBHOOK_URLS        webhook endpoints (repeat, or comma-separate)
//	-webhook-secret     WORKOS_EMULATOR_WEBHOOK_SECRET      their signing secret
//	-seed               WORKOS_EMULATOR_SEED                a JSON seed file; default the demo seed
//	-auto-select        WORKOS_EMULATOR_AUTO_SELECT         sign in at once, without the picker page
//	-confirm-login-hint WORKOS_EMULATOR_CONFIRM_LOGIN_HINT  show the picker even for a login_hint
//	-admin              WORKOS_EMULATOR_ADMIN               the /_emulator/ admin endpoints, default true
//
// -print-seed prints the demo seed in the seed file's format. GET
// /_emulator/health answers 200 {"status":"ok"}; with the admin
// endpoints on, POST /_emulator/faults (with the API key) injects faults
// as workostest.Server.InjectFault does, DELETE clears them, and POST
// /_emulator/directory_users/delete, /_emulator/users/delete and
// /_emulator/roles run the matching Go helpers. SIGINT or SIGTERM stops
// it gracefully.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/ssokit/workosauth/workostest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
	case err != nil:
		fmt.Fprintln(os.Stderr, "workos-emulator:", err)
		os.Exit(2)
	}
}

// run starts the emulator as args and getenv say, prints its settings
// to stdout, and serves until ctx is done.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	c, err := parseConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	if c.printSeed {
		return encodeSeed(stdout, workostest.DemoSeed(), workostest.DefaultRolePermissions())
	}
	opts := workostest.Options{ClientID: c.clientID, APIKey: c.apiKey, RedirectURIs: c.redirectURIs,
		AutoSelect: c.autoSelect, ConfirmLoginHint: c.confirmHint, CodeTTL: c.codeTTL, AdminAPI: c.admin,
		Logger: slog.New(slog.NewTextHandler(stderr, nil))}
	seedName := "the demo seed (alice@acme.test, bob@acme.test, carol@globex.test; -print-seed shows it)"
	if c.seedFile != "" {
		f, err := os.Open(c.seedFile)
		if err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		opts.Seed, opts.RolePermissions, err = decodeSeed(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("seed %s: %w", c.seedFile, err)
		}
		seedName = c.seedFile
	}
	s, err := workostest.Start(c.addr, opts)
	if err != nil {
		return err
	}
	defer s.Close()
	if c.accessTokenTTL > 0 {
		s.SetAccessTokenTTL(c.accessTokenTTL)
	}
	for _, u := range c.webhookURLs {
		s.AddWebhookEndpoint(u, c.webhookSecret)
	}
	printBanner(stdout, s, c, seedName)
	<-ctx.Done()
	return nil
}

// printBanner prints what an app needs to use the emulator. The API key
// is printed only when it is the default test key: one given in the
// environment or a flag is the caller's already.
func printBanner(w io.Writer, s *workostest.Server, c config, seedName string) {
	key := s.APIKey
	if c.apiKeyGiven {
		key = "(as given in -api-key or " + envPrefix + "API_KEY)"
	}
	fmt.Fprintf(w, "workos-emulator: listening on %s (SIGINT or SIGTERM stops it)\n", s.URL)
	fmt.Fprintf(w, "WORKOS_BASE_URL=%s\nWORKOS_CLIENT_ID=%s\nWORKOS_API_KEY=%s\n", s.URL, s.ClientID, key)
	uris := "none: every sign-in is refused until one is registered (-redirect-uri)"
	if len(c.redirectURIs) > 0 {
		uris = strings.Join(c.redirectURIs, ", ")
	}
	fmt.Fprintf(w, "redirect URIs: %s\n", uris)
	if len(c.webhookURLs) > 0 {
		fmt.Fprintf(w, "webhooks: %s\n", strings.Join(c.webhookURLs, ", "))
	}
	fmt.Fprintf(w, "seed: %s\n", seedName)
	if c.admin {
		fmt.Fprintf(w, "admin: POST/DELETE %s/_emulator/faults (API key); health: %s/_emulator/health\n", s.URL, s.URL)
	}
}
