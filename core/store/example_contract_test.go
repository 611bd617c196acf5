package store_test

import (
	"testing"

	"github.com/ssokit/workosauth/core/store"
	"github.com/ssokit/workosauth/core/store/storetest"
)

// The package example's store keeps the contract it shows.
func TestExampleStoreKeepsTheContract(t *testing.T) {
	storetest.Run(t, func(*testing.T) store.Store { return &mapStore{records: map[string]entry{}} })
}
