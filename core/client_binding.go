package core

import (
	"fmt"

	"github.com/ssokit/workosauth/core/store"
)

// bindParts tells each part of the Config that is a store.Binder which
// app it serves (its client ID and logger), before core uses it. An error
// (the part is bound to another client ID already) fails New.
func bindParts(b store.Binding, parts ...any) error {
	for _, p := range parts {
		if binder, ok := p.(store.Binder); ok {
			if err := binder.Bind(b); err != nil {
				return fmt.Errorf("%w: %w", ErrConfig, err)
			}
		}
	}
	return nil
}
