package core

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// TestSecretsUnderEveryVerb: no fmt verb, flag or width, no slog handler
// and no JSON encoding prints the API key, a cookie password or a webhook
// secret of a Config, a *Config or an Auth. A Config has no printing
// methods of its own: its secrets redact themselves, under every verb,
// and a Config dumped field by field without any method called (%p and
// %w of a Config value, a Config in an unexported field) shows only the
// address of the function that holds each secret.
func TestSecretsUnderEveryVerb(t *testing.T) {
	const key, pw, prev, hook = "sk_test_verbsecretapikey", "current-cookie-password-verbs-0123456789", "previous-cookie-password-verbs-012345678", "whsec_verbs_0123456789"
	cfg := Config{
		ClientID:       "client_verbs",
		APIKey:         NewSecret(key),
		RedirectURI:    "https://app.example.com/auth/callback",
		CookiePassword: NewSecret(pw),
		Cookies:        CookieConfig{PreviousPasswords: secrets(prev)},
		Events:         EventConfig{WebhookSecrets: secrets(hook)},
	}
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]any{"Config": cfg, "*Config": &cfg, "*Auth": a, "[]Config": []Config{cfg}, "map": map[string]any{"c": cfg, "a": a},
		"struct": struct {
			C Config
			A *Auth
		}{cfg, a},
		"unexported": struct{ c Config }{cfg}, "secret": cfg.APIKey, "[]Secret": cfg.Events.WebhookSecrets}
	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "% x", "%d", "%b", "%o", "%O", "%c", "%U", "%e", "%E", "%f", "%F", "%g", "%G", "%t", "%T", "%10.3v", "%-40s", "%#x", "%+q", "%#q", "%p", "%#p", "%w", "%!", "%z", "%[2]v", "%v %v"}
	var outs []string
	for name, v := range values {
		for _, verb := range verbs {
			outs = append(outs, name+" "+verb+": "+fmt.Sprintf(verb, v))
		}
		outs = append(outs, name+" Sprint: "+fmt.Sprint(v), name+" Sprintln: "+fmt.Sprintln(v))
		var text, js strings.Builder
		slog.New(slog.NewTextHandler(&text, nil)).Info("m", "v", v)
		slog.New(slog.NewJSONHandler(&js, nil)).Info("m", "v", v)
		slog.New(slog.NewJSONHandler(&js, nil)).Info("m", slog.Any("v", v), slog.Group("g", "v", v))
		b, _ := json.Marshal(v)
		outs = append(outs, name+" slog text: "+text.String(), name+" slog json: "+js.String(), name+" json: "+string(b))
	}
	for _, s := range outs {
		for _, secret := range []string{key, pw, prev, hook, fmt.Sprintf("%x", key), fmt.Sprintf("%X", key), fmt.Sprintf("% x", key), fmt.Sprintf("%x", pw)} {
			if strings.Contains(s, secret) {
				t.Errorf("a secret is printed: %.300s", s)
			}
		}
	}
	// What the redacted forms are for is still there.
	if s := fmt.Sprintf("%x", a); !strings.Contains(s, "client_verbs") || !strings.Contains(s, "app.example.com") {
		t.Errorf("the redacted form lost the client ID and origin: %q", s)
	}
	if s := fmt.Sprintf("%v", cfg); !strings.Contains(s, "client_verbs") || !strings.Contains(s, "[redacted]") {
		t.Errorf("a Config prints without its client ID, or without saying its secrets are set: %q", s)
	}
	var nilAuth *Auth
	if got := fmt.Sprintf("%v", nilAuth); got != "<nil>" {
		t.Errorf("a nil *Auth prints %q", got)
	}
}
