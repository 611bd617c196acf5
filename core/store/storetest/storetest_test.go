package storetest_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core/store"
	"github.com/ssokit/workosauth/core/store/storetest"
	"github.com/ssokit/workosauth/internal/mutation"
)

// The suite is tested as mutation testing tests tests (package
// internal/mutation): the reference store (Memory, bound as a Binder)
// must pass it, and each deliberately broken store must fail it, in the
// subtests that guard against that breakage.

// mutantEnv names the broken store a child test process runs the suite
// on.
const mutantEnv = "WORKOSAUTH_STORETEST_MUTANT"

// reference is Memory with a Binder that serves one client ID, as a
// store should.
type reference struct {
	*storetest.Memory
	mu       sync.Mutex
	clientID string
}

func (r *reference) Bind(b store.Binding) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.clientID != "" && r.clientID != b.ClientID {
		return fmt.Errorf("bound to %q already", r.clientID)
	}
	r.clientID = b.ClientID
	return nil
}

func newReference() *reference { return &reference{Memory: storetest.NewMemory()} }

// mutant is a way a store can go wrong, and the subtests that must catch
// it.
type mutant struct {
	name     string
	make     func() store.Store
	mustFail []string
}

var mutants = []mutant{
	{"opens_tampered_tokens", func() store.Store { return &prefixCompare{reference: newReference()} },
		[]string{"Store/tampered_tokens", "Store/spliced_tokens"}},
	{"unavailable_for_unknown_tokens", func() store.Store { return unavailableForUnknown{newReference()} },
		[]string{"Store/tampered_tokens", "Store/garbage_tokens", "Store/delete"}},
	{"renew_revives", func() store.Store { return renewRevives{newReference()} },
		[]string{"Store/renew_after_delete"}},
	{"renew_ignores_the_token", func() store.Store { return &renewByID{reference: newReference(), tokens: map[string]string{}} },
		[]string{"Store/renew_other_id", "Store/renew_tampered_token"}},
	{"never_expires", func() store.Store { return &neverExpires{reference: newReference(), expiry: map[string]time.Time{}} },
		[]string{"Store/expired"}},
	{"loses_bytes", func() store.Store { return losesBytes{newReference()} },
		[]string{"Store/binary_data"}},
	{"token_reveals_data", func() store.Store { return revealsData{newReference()} },
		[]string{"Store/token_hides_data"}},
	{"update_revives", func() store.Store { return updateRevives{newReference()} },
		[]string{"Updater/after_delete"}},
	{"feed_syncs_early", func() store.Store { return syncsEarly{newReference()} },
		[]string{"Feed/published_then_followed"}},
	{"feed_mangles_match", func() store.Store { return manglesMatch{newReference()} },
		[]string{"Feed/match_kept", "Feed/followed_then_published"}},
	{"claims_leased_events", func() store.Store { return claimsLeased{newReference()} },
		[]string{"EventLog/in_progress", "EventLog/concurrent_claims"}},
	{"forgets_done", func() store.Store { return forgetsDone{newReference()} },
		[]string{"EventLog/done", "EventLog/release_after_done"}},
	{"lease_never_expires", func() store.Store { return leaseNeverExpires{newReference()} },
		[]string{"EventLog/lease_expires"}},
	{"rebinds", func() store.Store { return rebinds{newReference()} },
		[]string{"Binder/rebind"}},
}

// TestReference: the reference store passes the suite.
func TestReference(t *testing.T) {
	if os.Getenv(mutantEnv) != "" {
		t.Skip("a mutant's process")
	}
	storetest.Run(t, func(*testing.T) store.Store { return newReference() })
}

// TestMutant runs the suite on the mutant named in the environment;
// TestSuiteCatchesMutants starts it in a child process and expects it to
// fail.
func TestMutant(t *testing.T) {
	name := os.Getenv(mutantEnv)
	if name == "" {
		t.Skip("run by TestSuiteCatchesMutants")
	}
	for _, m := range mutants {
		if m.name == name {
			storetest.Run(t, func(*testing.T) store.Store { return m.make() })
			return
		}
	}
	t.Fatalf("no mutant %q", name)
}

func TestSuiteCatchesMutants(t *testing.T) {
	ms := make([]mutation.Mutant, len(mutants))
	for i, m := range mutants {
		ms[i] = mutation.Mutant{Name: m.name}
		for _, sub := range m.mustFail {
			ms[i].MustFail = append(ms[i].MustFail, "TestMutant/"+sub)
		}
	}
	mutation.Catch(t, mutantEnv, "TestMutant", ms)
}

// prefixCompare opens a token whose first half matches a token it handed
// out: a store that compares only part of the secret.
type prefixCompare struct {
	*reference
	mu     sync.Mutex
	issued []string
}

func (s *prefixCompare) Save(ctx context.Context, r store.Record) (string, error) {
	token, err := s.reference.Save(ctx, r)
	s.mu.Lock()
	s.issued = append(s.issued, token)
	s.mu.Unlock()
	return token, err
}

func (s *prefixCompare) Load(ctx context.Context, token string) (store.Record, error) {
	r, err := s.reference.Load(ctx, token)
	if err == nil {
		return r, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.issued {
		if len(t) == len(token) && t[:len(t)/2] == token[:len(t)/2] {
			return s.reference.Load(ctx, t)
		}
	}
	return r, err
}

// unavailableForUnknown says "unavailable" for a token that opens nothing.
type unavailableForUnknown struct{ *reference }

func (s unavailableForUnknown) Load(ctx context.Context, token string) (store.Record, error) {
	r, err := s.reference.Load(ctx, token)
	if errors.Is(err, store.ErrNotFound) {
		return r, fmt.Errorf("%w: lookup failed", store.ErrUnavailable)
	}
	return r, err
}

// renewRevives writes a renewal whether or not the record is still there.
type renewRevives struct{ *reference }

func (s renewRevives) Renew(ctx context.Context, token string, r store.Record) (string, error) {
	t, err := s.reference.Renew(ctx, token, r)
	if errors.Is(err, store.ErrNotFound) {
		return s.reference.Save(ctx, r)
	}
	return t, err
}

// renewByID renews the record of r.ID, whatever token it is given.
type renewByID struct {
	*reference
	mu     sync.Mutex
	tokens map[string]string // record ID -> token
}

func (s *renewByID) Save(ctx context.Context, r store.Record) (string, error) {
	token, err := s.reference.Save(ctx, r)
	s.mu.Lock()
	s.tokens[r.ID] = token
	s.mu.Unlock()
	return token, err
}

func (s *renewByID) Renew(ctx context.Context, _ string, r store.Record) (string, error) {
	s.mu.Lock()
	token := s.tokens[r.ID]
	s.mu.Unlock()
	return s.reference.Renew(ctx, token, r)
}

// neverExpires keeps records past their ExpiresAt.
type neverExpires struct {
	*reference
	mu     sync.Mutex
	expiry map[string]time.Time // record ID -> its real ExpiresAt
}

func (s *neverExpires) Save(ctx context.Context, r store.Record) (string, error) {
	s.mu.Lock()
	s.expiry[r.ID] = r.ExpiresAt
	s.mu.Unlock()
	r.ExpiresAt = time.Now().Add(24 * time.Hour)
	return s.reference.Save(ctx, r)
}

func (s *neverExpires) Load(ctx context.Context, token string) (store.Record, error) {
	r, err := s.reference.Load(ctx, token)
	s.mu.Lock()
	if exp, ok := s.expiry[r.ID]; ok {
		r.ExpiresAt = exp
	}
	s.mu.Unlock()
	return r, err
}

// losesBytes keeps Data as text, replacing what is not UTF-8.
type losesBytes struct{ *reference }

func (s losesBytes) Save(ctx context.Context, r store.Record) (string, error) {
	r.Data = []byte(strings.ToValidUTF8(string(r.Data), "?"))
	return s.reference.Save(ctx, r)
}

// revealsData puts the record's Data in its token.
type revealsData struct{ *reference }

func (s revealsData) Save(ctx context.Context, r store.Record) (string, error) {
	token, err := s.reference.Save(ctx, r)
	return token + "~" + base64.RawURLEncoding.EncodeToString(r.Data), err
}

func (s revealsData) Load(ctx context.Context, token string) (store.Record, error) {
	token, _, _ = strings.Cut(token, "~")
	return s.reference.Load(ctx, token)
}

// updateRevives writes an update whether or not the record is still
// there.
type updateRevives struct{ *reference }

func (s updateRevives) Update(ctx context.Context, token string, r store.Record) error {
	err := s.reference.Update(ctx, token, r)
	if errors.Is(err, store.ErrNotFound) {
		_, err = s.reference.Save(ctx, r)
	}
	return err
}

// syncsEarly says Synced(true) before it has told the revocations in
// force.
type syncsEarly struct{ *reference }

func (s syncsEarly) Follow(ctx context.Context, f store.Follower) error {
	f.Synced(true)
	return s.reference.Follow(ctx, f)
}

// manglesMatch carries Match as text with its NULs replaced.
type manglesMatch struct{ *reference }

func (s manglesMatch) Publish(ctx context.Context, r store.Revocation) error {
	r.Match = strings.ReplaceAll(r.Match, "\x00", ":")
	return s.reference.Publish(ctx, r)
}

// claimsLeased takes a lease that another runs.
type claimsLeased struct{ *reference }

func (s claimsLeased) Claim(ctx context.Context, id string, ttl time.Duration) (bool, error) {
	ok, err := s.reference.Claim(ctx, id, ttl)
	if errors.Is(err, store.ErrEventInProgress) {
		return true, nil
	}
	return ok, err
}

// forgetsDone drops the lease at Done instead of recording the event.
type forgetsDone struct{ *reference }

func (s forgetsDone) Done(ctx context.Context, id string, _ time.Duration) error {
	return s.reference.Release(ctx, id)
}

// leaseNeverExpires ignores the lease's ttl.
type leaseNeverExpires struct{ *reference }

func (s leaseNeverExpires) Claim(ctx context.Context, id string, _ time.Duration) (bool, error) {
	return s.reference.Claim(ctx, id, 1000*time.Hour)
}

// rebinds accepts a binding to any client ID.
type rebinds struct{ *reference }

func (rebinds) Bind(store.Binding) error { return nil }
