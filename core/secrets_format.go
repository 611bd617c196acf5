package core

import (
	"fmt"
	"io"
	"strconv"
)

// Format writes the redacted description ([Auth.String]) whatever the
// verb and flags, so that no fmt verb dumps the Auth field by field.
func (a *Auth) Format(f fmt.State, verb rune) {
	if a == nil {
		formatRedacted(f, verb, "<nil>")
		return
	}
	formatRedacted(f, verb, a.String())
}

func formatRedacted(f fmt.State, verb rune, s string) {
	if verb == 'q' {
		s = strconv.Quote(s)
	}
	_, _ = io.WriteString(f, s)
}
