package storetest

import (
	"log/slog"
	"testing"

	"github.com/ssokit/workosauth/core/store"
)

// binder runs the subtests of the Binder contract.
func (s *suite) binder(t *testing.T) {
	t.Run("rebind", func(t *testing.T) {
		t.Parallel()
		b := s.open(t).(store.Binder)
		log := slog.New(slog.DiscardHandler)
		if err := b.Bind(store.Binding{ClientID: clientID, Logger: log}); err != nil {
			t.Fatalf("Bind to the same client ID again: %v; want nil", err)
		}
		if err := b.Bind(store.Binding{ClientID: "client_other", Logger: log}); err == nil {
			t.Fatal("Bind to another client ID: no error; want one (a store serves one app)")
		}
	})
}
