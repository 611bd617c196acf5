package storetest

import (
	"bytes"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core/store"
)

// store runs the subtests of the Store contract.
func (s *suite) store(t *testing.T) {
	subtests(t, s, []subtest[store.Store]{
		{"save_load", s.saveLoad},
		{"binary_data", s.binaryData},
		{"records_apart", s.recordsApart},
		{"token_is_a_cookie_value", s.tokenIsCookieValue},
		{"token_hides_data", s.tokenHidesData},
		{"tampered_tokens", s.tamperedTokens},
		{"spliced_tokens", s.splicedTokens},
		{"garbage_tokens", s.garbageTokens},
		{"expired", s.expired},
		{"renew", s.renew},
		{"renew_other_id", s.renewOtherID},
		{"renew_tampered_token", s.renewTamperedToken},
		{"delete", s.delete},
		{"renew_after_delete", s.renewAfterDelete},
		{"concurrent", s.concurrent},
	})
}

// record returns a record with a fresh ID, data and an expiry an hour
// away, in whole seconds as core gives them.
func record(data string) store.Record {
	return store.Record{ID: newID(), Data: []byte(data), ExpiresAt: time.Now().Add(time.Hour).Truncate(time.Second)}
}

// save saves r and fails t on an error.
func save(t *testing.T, st store.Store, r store.Record) string {
	t.Helper()
	token, err := st.Save(ctx(t), r)
	if err != nil {
		t.Fatalf("Save: %v", err)
	}
	if token == "" {
		t.Fatal("Save returned an empty token")
	}
	return token
}

// opens fails t unless token opens a record equal to want.
func opens(t *testing.T, st store.Store, what, token string, want store.Record) {
	t.Helper()
	got, err := st.Load(ctx(t), token)
	if err != nil {
		t.Fatalf("%s: Load: %v", what, err)
	}
	same(t, what, got, want)
}

// same fails t unless got is want: its ID, its Data byte for byte, its
// ExpiresAt to the millisecond.
func same(t *testing.T, what string, got, want store.Record) {
	t.Helper()
	switch {
	case got.ID != want.ID:
		t.Fatalf("%s: the record of ID %q, want %q", what, got.ID, want.ID)
	case !bytes.Equal(got.Data, want.Data):
		t.Fatalf("%s: Data %q, want %q", what, clip(got.Data), clip(want.Data))
	case got.ExpiresAt.UnixMilli() != want.ExpiresAt.UnixMilli():
		t.Fatalf("%s: ExpiresAt %v, want %v", what, got.ExpiresAt, want.ExpiresAt)
	}
}

// clip shortens data for a failure's message.
func clip(b []byte) []byte {
	if len(b) > 64 {
		return append(b[:64:64], "..."...)
	}
	return b
}

// stateless reports whether st keeps nothing it could delete: its Delete
// is store.ErrStateless.
func stateless(t *testing.T, st store.Store) bool {
	t.Helper()
	err := st.Delete(ctx(t), newID())
	switch {
	case errors.Is(err, store.ErrStateless):
		return true
	case err != nil:
		t.Fatalf("Delete of an ID never saved: %v; want nil (or store.ErrStateless from a store that keeps nothing)", err)
	}
	return false
}

// saveLoad: a saved record loads as it was saved.
func (s *suite) saveLoad(t *testing.T, st store.Store) {
	r := record("session data")
	opens(t, st, "a saved record", save(t, st, r), r)
}

// binaryData: Data is kept byte for byte, whatever the bytes (every byte
// value, invalid UTF-8, NULs), at a few kilobytes.
func (s *suite) binaryData(t *testing.T, st store.Store) {
	var data []byte
	for len(data) < 4096 {
		for b := range 256 {
			data = append(data, byte(b))
		}
	}
	for _, d := range [][]byte{data, {0}, {0xff, 0xfe, 0}, []byte("\x00{\"v\":1}")} {
		r := store.Record{ID: newID(), Data: d, ExpiresAt: time.Now().Add(time.Hour).Truncate(time.Second)}
		opens(t, st, fmt.Sprintf("a record of %d bytes", len(d)), save(t, st, r), r)
	}
}

// recordsApart: each token opens its own record, and no other.
func (s *suite) recordsApart(t *testing.T, st store.Store) {
	rs := []store.Record{record("first"), record("second"), record("third")}
	tokens := make([]string, len(rs))
	for i, r := range rs {
		tokens[i] = save(t, st, r)
	}
	for i, r := range rs {
		opens(t, st, fmt.Sprintf("token %d of %d", i+1, len(rs)), tokens[i], r)
	}
}

// expired: a record opens nothing once its ExpiresAt has passed, and one
// saved already expired never opens.
func (s *suite) expired(t *testing.T, st store.Store) {
	past := store.Record{ID: newID(), Data: []byte("expired"), ExpiresAt: time.Now().Add(-time.Minute).Truncate(time.Second)}
	if token, err := st.Save(ctx(t), past); err == nil {
		_, err := st.Load(ctx(t), token)
		notFound(t, "a record saved with its ExpiresAt past", err)
	}
	soon := store.Record{ID: newID(), Data: []byte("soon"), ExpiresAt: time.Now().Add(1500 * time.Millisecond).Truncate(time.Millisecond)}
	token := save(t, st, soon)
	for time.Now().Before(soon.ExpiresAt) {
		time.Sleep(time.Until(soon.ExpiresAt) + 10*time.Millisecond)
	}
	eventually(t, "the record opens nothing once expired", func() bool {
		_, err := st.Load(ctx(t), token)
		return err != nil
	})
	_, err := st.Load(ctx(t), token)
	notFound(t, "an expired record", err)
}

// renew: Renew stores the renewal and returns a token that opens it; a
// store that hands out a new token stops honouring the old one (unless
// it keeps nothing).
func (s *suite) renew(t *testing.T, st store.Store) {
	r := record("before renewal")
	token := save(t, st, r)
	r2 := store.Record{ID: r.ID, Data: []byte("after renewal"), ExpiresAt: r.ExpiresAt.Add(time.Hour)}
	token2, err := st.Renew(ctx(t), token, r2)
	if err != nil {
		t.Fatalf("Renew: %v", err)
	}
	opens(t, st, "the renewed token", token2, r2)
	if token2 != token && !stateless(t, st) {
		_, err := st.Load(ctx(t), token)
		notFound(t, "the token before a renewal that handed out another", err)
	}
}

// renewOtherID: Renew of a token with a record of another ID is refused
// and changes neither record.
func (s *suite) renewOtherID(t *testing.T, st store.Store) {
	a, b := record("record a"), record("record b")
	ta, tb := save(t, st, a), save(t, st, b)
	_, err := st.Renew(ctx(t), ta, store.Record{ID: b.ID, Data: []byte("b through a's token"), ExpiresAt: b.ExpiresAt.Add(time.Hour)})
	refused(t, "Renew of a's token with b's ID", err)
	opens(t, st, "a after the refused renewal", ta, a)
	opens(t, st, "b after the refused renewal", tb, b)
}

// delete: Delete ends the record (its token opens nothing), leaves the
// others, and deleting an ID never saved is no error. A store that keeps
// nothing says so with store.ErrStateless.
func (s *suite) delete(t *testing.T, st store.Store) {
	if stateless(t, st) {
		t.Skip("the store keeps nothing (Delete is store.ErrStateless): core's revocations end its sessions")
	}
	a, b := record("deleted"), record("kept")
	ta, tb := save(t, st, a), save(t, st, b)
	if err := st.Delete(ctx(t), a.ID); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	_, err := st.Load(ctx(t), ta)
	notFound(t, "a deleted record", err)
	opens(t, st, "another record after a Delete", tb, b)
	if err := st.Delete(ctx(t), a.ID); err != nil {
		t.Fatalf("Delete again: %v; want nil", err)
	}
}

// renewAfterDelete: Renew never brings back a deleted record, so that a
// renewal racing a sign-out cannot undo it.
func (s *suite) renewAfterDelete(t *testing.T, st store.Store) {
	if stateless(t, st) {
		t.Skip("the store keeps nothing: it cannot know a record was deleted")
	}
	r := record("signed out")
	token := save(t, st, r)
	if err := st.Delete(ctx(t), r.ID); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	token2, err := st.Renew(ctx(t), token, store.Record{ID: r.ID, Data: []byte("revived"), ExpiresAt: r.ExpiresAt.Add(time.Hour)})
	notFound(t, "Renew of a deleted record", err)
	_, err = st.Load(ctx(t), token)
	notFound(t, "the deleted record after a Renew", err)
	if token2 != "" {
		_, err = st.Load(ctx(t), token2)
		notFound(t, "the token of a refused Renew", err)
	}
}

// concurrent: goroutines saving, loading, renewing and deleting at once
// each see their own records.
func (s *suite) concurrent(t *testing.T, st store.Store) {
	keeps := !stateless(t, st)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Go(func() {
			for i := range 10 {
				if err := cycle(t, st, fmt.Sprintf("goroutine %d, record %d", g, i), keeps); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// cycle saves, loads, renews and deletes one record, and returns what
// went wrong.
func cycle(t *testing.T, st store.Store, name string, keeps bool) error {
	r := record(name)
	token, err := st.Save(ctx(t), r)
	if err != nil {
		return fmt.Errorf("%s: Save: %w", name, err)
	}
	if got, err := st.Load(ctx(t), token); err != nil || got.ID != r.ID || !bytes.Equal(got.Data, r.Data) {
		return fmt.Errorf("%s: Load: %q, %v", name, got.Data, err)
	}
	r.Data = []byte(name + " renewed")
	if token, err = st.Renew(ctx(t), token, r); err != nil {
		return fmt.Errorf("%s: Renew: %w", name, err)
	}
	if got, err := st.Load(ctx(t), token); err != nil || !bytes.Equal(got.Data, r.Data) {
		return fmt.Errorf("%s: Load after Renew: %q, %v", name, got.Data, err)
	}
	if !keeps {
		return nil
	}
	if err := st.Delete(ctx(t), r.ID); err != nil {
		return fmt.Errorf("%s: Delete: %w", name, err)
	}
	if _, err := st.Load(ctx(t), token); !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("%s: Load after Delete: %v, want store.ErrNotFound", name, err)
	}
	return nil
}
