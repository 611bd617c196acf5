package core

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strconv"
)

// Config and Auth hold the API key and the cookie passwords. String and
// GoString cover %v, %+v, %s and %#v, but fmt prints a struct field by
// field for the other verbs (%d, %x, %t, ...) and slog's JSON handler
// marshals it: every way of printing or logging them goes through the
// redacted description instead.

// Format writes the redacted description ([Config.String]) whatever the
// verb and flags, so that no fmt verb prints a secret. %q quotes it.
func (c Config) Format(f fmt.State, verb rune) { formatRedacted(f, verb, c.String()) }

// LogValue is the redacted description, for log/slog's text and JSON
// handlers.
func (c Config) LogValue() slog.Value { return slog.StringValue(c.String()) }

// MarshalJSON encodes the redacted description as a JSON string: a Config
// is never encoded with its secrets.
func (c Config) MarshalJSON() ([]byte, error) { return json.Marshal(c.String()) }

// Format writes the redacted description ([Auth.String]) whatever the
// verb and flags.
func (a *Auth) Format(f fmt.State, verb rune) {
	if a == nil {
		formatRedacted(f, verb, "<nil>")
		return
	}
	formatRedacted(f, verb, a.String())
}

// LogValue is the redacted description, for log/slog.
func (a *Auth) LogValue() slog.Value {
	if a == nil {
		return slog.StringValue("<nil>")
	}
	return slog.StringValue(a.String())
}

// MarshalJSON encodes the redacted description as a JSON string.
func (a *Auth) MarshalJSON() ([]byte, error) { return json.Marshal(a.String()) }

func formatRedacted(f fmt.State, verb rune, s string) {
	if verb == 'q' {
		s = strconv.Quote(s)
	}
	_, _ = io.WriteString(f, s)
}
