package core

import (
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"testing"

	"github.com/ssokit/workosauth/core/internal/workosapi"
)

func TestRoutingOrganizationsLegacyVerified(t *testing.T) {
	org := func(id string, domains ...string) workosapi.Organization {
		o := workosapi.Organization{ID: id}
		for i := 0; i < len(domains); i += 2 {
			o.Domains = append(o.Domains, workosapi.OrganizationDomain{Domain: domains[i], State: domains[i+1]})
		}
		return o
	}
	tests := []struct {
		name string
		orgs []workosapi.Organization
		want []string
	}{
		{"verified", []workosapi.Organization{org("org_A", "acme.test", "verified")}, []string{"org_A"}},
		{"legacy verified routes too", []workosapi.Organization{org("org_A", "acme.test", "legacy_verified")}, []string{"org_A"}},
		{"a trailing dot and case", []workosapi.Organization{org("org_A", "ACME.test.", "legacy_verified")}, []string{"org_A"}},
		{"verified wins over legacy", []workosapi.Organization{org("org_L", "acme.test", "legacy_verified"), org("org_V", "acme.test", "verified")}, []string{"org_V"}},
		{"two legacy claims stay ambiguous", []workosapi.Organization{org("org_L1", "acme.test", "legacy_verified"), org("org_L2", "acme.test", "legacy_verified")}, []string{"org_L1", "org_L2"}},
		{"pending, failed, unverified route nowhere", []workosapi.Organization{org("org_P", "acme.test", "pending"), org("org_F", "acme.test", "failed"), org("org_U", "acme.test", "unverified")}, nil},
		{"another domain of the organization does not count", []workosapi.Organization{org("org_A", "other.test", "verified", "acme.test", "pending")}, nil},
		{"an unknown future state routes nowhere", []workosapi.Organization{org("org_A", "acme.test", "quarantined")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := routingOrganizations(tt.orgs, "acme.test"); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// A sign-in by email on a legacy verified domain goes to WorkOS for its
// organization; a pending one is answered "no SSO" without a trip there.
func TestSignInByEmailOnLegacyVerifiedDomain(t *testing.T) {
	base := stubWorkOS(t, map[string]http.HandlerFunc{"GET /organizations": func(w http.ResponseWriter, r *http.Request) {
		state := map[string]string{"legacy.test": "legacy_verified", "pending.test": "pending"}[r.URL.Query().Get("domains")]
		data := []any{}
		if state != "" {
			data = append(data, map[string]any{"id": "org_01LEGACY", "name": "L", "domains": []any{map[string]any{"domain": r.URL.Query().Get("domains"), "state": state}}})
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"object": "list", "data": data})
	}}).URL
	a := newTestAuth(t, func(c *Config) { c.WorkOS.BaseURL = base })
	sel, err := a.resolver.Resolve(t.Context(), "legacy.test")
	if err != nil || sel.Organization != "org_01LEGACY" {
		t.Fatalf("legacy verified domain resolved to %+v, %v", sel, err)
	}
	_, err = a.resolver.Resolve(t.Context(), "pending.test")
	if !errors.Is(err, ErrNoSSO) {
		t.Fatalf("pending domain: %v", err)
	}
}
