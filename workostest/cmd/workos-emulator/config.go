package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Default credentials: well-known test values, so that scripts and
// docker-compose files can name them without reading the banner.
const (
	defaultAddr     = "127.0.0.1:8090"
	defaultClientID = "client_01EMULATOR0000000000000000"
	defaultAPIKey   = "sk_test_emulator"
)

// config is the program's settings, from flags and then the environment.
type config struct {
	addr, clientID, apiKey  string
	redirectURIs            []string
	accessTokenTTL, codeTTL time.Duration
	webhookURLs             []string
	webhookSecret           string
	seedFile                string
	autoSelect, confirmHint bool
	admin                   bool
	printSeed               bool
	apiKeyGiven             bool // set by a flag or the environment
}

// envPrefix starts every environment variable the program reads.
const envPrefix = "WORKOS_EMULATOR_"

// setting is one flag and its environment variable.
type setting struct {
	flag, env, usage string
}

var settings = []setting{
	{"addr", "ADDR", "host:port to listen on (default " + defaultAddr + "; 0.0.0.0:8090 in a container)"},
	{"client-id", "CLIENT_ID", "the client ID apps use (default " + defaultClientID + ")"},
	{"api-key", "API_KEY", "the API key apps use, also the client secret (default " + defaultAPIKey + ")"},
	{"redirect-uri", "REDIRECT_URIS", "a registered redirect URI; repeat the flag, or comma-separate them"},
	{"access-token-ttl", "ACCESS_TOKEN_TTL", "life of AuthKit access tokens, such as 5m (default 5m)"},
	{"code-ttl", "CODE_TTL", "life of authorization codes (default 10m)"},
	{"webhook-url", "WEBHOOK_URLS", "a webhook endpoint the emulator delivers its events to; repeat or comma-separate"},
	{"webhook-secret", "WEBHOOK_SECRET", "the secret webhook deliveries are signed with (required with a webhook URL)"},
	{"seed", "SEED", "a JSON seed file (default: the demo seed; -print-seed shows its format)"},
	{"auto-select", "AUTO_SELECT", "sign in at once as the first user, without the picker page (true/false)"},
	{"confirm-login-hint", "CONFIRM_LOGIN_HINT", "show the picker page even when login_hint names a user (true/false)"},
	{"admin", "ADMIN", "serve /_emulator/faults and the other admin endpoints, with the API key (default true)"},
}

// parseConfig reads args (flags win) and getenv.
func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("workos-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	values := map[string]*multiFlag{}
	for _, s := range settings {
		values[s.flag] = &multiFlag{}
		fs.Var(values[s.flag], s.flag, s.usage+" [$"+envPrefix+s.env+"]")
	}
	printSeed := fs.Bool("print-seed", false, "print the demo seed as a JSON seed file and exit")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "workos-emulator: the WorkOS emulator (SSO, AuthKit, Directory Sync, events, webhooks) as a program.")
		fmt.Fprintln(stderr, "Each flag can be set in the environment instead (the flag wins):")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	get := func(name string) ([]string, bool) {
		if v := values[name]; len(v.values) > 0 {
			return v.values, true
		}
		for _, s := range settings {
			if s.flag == name {
				if e := strings.TrimSpace(getenv(envPrefix + s.env)); e != "" {
					return []string{e}, true
				}
			}
		}
		return nil, false
	}
	one := func(name, def string) (string, bool) {
		v, ok := get(name)
		if !ok {
			return def, false
		}
		return v[len(v)-1], true
	}
	list := func(name string) []string {
		v, _ := get(name)
		var out []string
		for _, item := range v {
			for _, s := range strings.Split(item, ",") {
				if s = strings.TrimSpace(s); s != "" {
					out = append(out, s)
				}
			}
		}
		return out
	}
	c := config{printSeed: *printSeed}
	var errs []error
	c.addr, _ = one("addr", defaultAddr)
	c.clientID, _ = one("client-id", defaultClientID)
	c.apiKey, c.apiKeyGiven = one("api-key", defaultAPIKey)
	c.webhookSecret, _ = one("webhook-secret", "")
	c.seedFile, _ = one("seed", "")
	c.redirectURIs = list("redirect-uri")
	c.webhookURLs = list("webhook-url")
	for _, d := range []struct {
		name string
		to   *time.Duration
	}{{"access-token-ttl", &c.accessTokenTTL}, {"code-ttl", &c.codeTTL}} {
		if v, ok := one(d.name, ""); ok {
			parsed, err := time.ParseDuration(v)
			if err != nil || parsed <= 0 {
				errs = append(errs, fmt.Errorf("-%s: %q is not a positive duration such as 5m", d.name, v))
			}
			*d.to = parsed
		}
	}
	for _, b := range []struct {
		name string
		def  bool
		to   *bool
	}{{"auto-select", false, &c.autoSelect}, {"confirm-login-hint", false, &c.confirmHint}, {"admin", true, &c.admin}} {
		*b.to = b.def
		if v, ok := one(b.name, ""); ok {
			parsed, err := strconv.ParseBool(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("-%s: %q is not true or false", b.name, v))
			}
			*b.to = parsed
		}
	}
	for _, u := range slices.Concat(c.redirectURIs, c.webhookURLs) {
		if p, err := url.Parse(u); err != nil || !p.IsAbs() || p.Host == "" {
			errs = append(errs, fmt.Errorf("%q is not an absolute URL", u))
		}
	}
	if len(c.webhookURLs) > 0 && c.webhookSecret == "" {
		errs = append(errs, errors.New("a webhook URL needs -webhook-secret ($"+envPrefix+"WEBHOOK_SECRET)"))
	}
	if c.clientID == "" || c.apiKey == "" {
		errs = append(errs, errors.New("the client ID and API key cannot be empty"))
	}
	return c, errors.Join(errs...)
}

// multiFlag is a flag that may be given several times.
type multiFlag struct{ values []string }

func (m *multiFlag) String() string     { return strings.Join(m.values, ",") }
func (m *multiFlag) Set(v string) error { m.values = append(m.values, v); return nil }
