package core

import (
	"encoding/json"
	"fmt"
)

// Secret is a secret string of the configuration: the API key, a cookie
// password, a webhook secret, an AuthKit access token. Its value is held
// by a function, which no printing, logging or encoding reaches: fmt
// prints "[redacted]" for every verb (Format), and so do log/slog's text
// handler (through fmt) and its JSON handler and encoding/json
// (MarshalJSON); a struct that holds a Secret dumped field by field (as
// fmt does for a bad verb such as %p of a Config value, or for a Secret
// in an unexported field) shows the function's address. Make one with
// [NewSecret]; [Secret.Reveal] returns the value. The zero Secret is
// empty, and prints as "".
type Secret struct{ get func() string }

// NewSecret returns a Secret holding s.
func NewSecret(s string) Secret {
	if s == "" {
		return Secret{}
	}
	return Secret{func() string { return s }}
}

// Reveal returns the secret's value.
func (s Secret) Reveal() string {
	if s.get == nil {
		return ""
	}
	return s.get()
}

// Format writes "[redacted]" (or "" for an empty secret) whatever the
// verb and flags; %q quotes it.
func (s Secret) Format(f fmt.State, verb rune) { formatRedacted(f, verb, s.redacted()) }

// MarshalJSON encodes "[redacted]" (or ""), never the value.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(s.redacted()) }

func (s Secret) redacted() string {
	if s.get == nil {
		return ""
	}
	return "[redacted]"
}

// secrets returns a Secret for each of ss.
func secrets(ss ...string) []Secret {
	out := make([]Secret, 0, len(ss))
	for _, s := range ss {
		out = append(out, NewSecret(s))
	}
	return out
}

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
