package core

import (
	"encoding/json"
	"fmt"
	"log/slog"
)

// Secret is a secret string of the configuration: the API key, a cookie
// password, a webhook secret. Its value is held by a function, which no
// printing, logging or encoding reaches: fmt prints "[redacted]" for
// every verb, and a struct that holds a Secret dumped field by field (as
// fmt does for a bad verb such as %p of a Config value, or for a Config in
// an unexported field) shows the function's address; log/slog and
// encoding/json write "[redacted]". Make one with [NewSecret];
// [Secret.Reveal] returns the value. The zero Secret is empty.
type Secret struct{ get func() string }

// NewSecret returns a Secret holding s.
func NewSecret(s string) Secret {
	if s == "" {
		return Secret{}
	}
	return Secret{func() string { return s }}
}

// NewSecrets returns a Secret for each of ss, for
// Config.PreviousCookiePasswords and Config.WebhookSecrets.
func NewSecrets(ss ...string) []Secret {
	if len(ss) == 0 {
		return nil
	}
	out := make([]Secret, len(ss))
	for i, s := range ss {
		out[i] = NewSecret(s)
	}
	return out
}

// Reveal returns the secret's value.
func (s Secret) Reveal() string {
	if s.get == nil {
		return ""
	}
	return s.get()
}

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s.Reveal() == "" }

// String is "[redacted]", or "" for an empty secret.
func (s Secret) String() string {
	if s.IsZero() {
		return ""
	}
	return "[redacted]"
}

// GoString is String, quoted.
func (s Secret) GoString() string { return fmt.Sprintf("%q", s.String()) }

// Format writes String whatever the verb and flags.
func (s Secret) Format(f fmt.State, verb rune) { formatRedacted(f, verb, s.String()) }

// LogValue is String, for log/slog.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalJSON encodes String, never the value.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// reveal returns the values of secrets, without the empty ones.
func reveal(secrets []Secret) []string {
	var out []string
	for _, s := range secrets {
		if v := s.Reveal(); v != "" {
			out = append(out, v)
		}
	}
	return out
}
