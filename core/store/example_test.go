package store_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/ssokit/workosauth/core/store"
)

// mapStore is the smallest store that keeps the contract: records in a
// map by ID, the token "<ID>.<secret>", and only the secret's SHA-256
// kept, compared in constant time. A real store keeps the same shape in
// its database (and runs storetest.Run in its tests).
type mapStore struct {
	mu      sync.Mutex
	records map[string]entry
}

type entry struct {
	r    store.Record
	hash [32]byte
}

func (m *mapStore) Save(_ context.Context, r store.Record) (string, error) {
	secret := rand.Text()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.records[r.ID] = entry{r: r, hash: sha256.Sum256([]byte(secret))}
	return r.ID + "." + secret, nil
}

// open returns the ID of the live record the token opens; m.mu is held.
func (m *mapStore) open(token string) (string, error) {
	id, secret, _ := strings.Cut(token, ".")
	e, ok := m.records[id]
	h := sha256.Sum256([]byte(secret))
	if !ok || subtle.ConstantTimeCompare(h[:], e.hash[:]) != 1 || !time.Now().Before(e.r.ExpiresAt) {
		return "", store.ErrNotFound // whatever the reason: signed out
	}
	return id, nil
}

func (m *mapStore) Load(_ context.Context, token string) (store.Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	id, err := m.open(token)
	if err != nil {
		return store.Record{}, err
	}
	return m.records[id].r, nil
}

func (m *mapStore) Renew(_ context.Context, token string, r store.Record) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	id, err := m.open(token) // never revives a deleted record
	if err != nil {
		return "", err
	}
	if id != r.ID {
		return "", fmt.Errorf("%w: the token is another record's", store.ErrNotFound)
	}
	e := m.records[id]
	e.r = r
	m.records[id] = e
	return token, nil
}

func (m *mapStore) Delete(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.records, id)
	return nil
}

// A store keeps opaque records and hands out tokens that open them; the
// errors tell core what to do.
func Example() {
	var st store.Store = &mapStore{records: map[string]entry{}}
	ctx := context.Background()
	token, _ := st.Save(ctx, store.Record{ID: "sess_1", Data: []byte("core's bytes"), ExpiresAt: time.Now().Add(time.Hour)})
	r, _ := st.Load(ctx, token)
	fmt.Printf("%s %s\n", r.ID, r.Data)

	_, err := st.Load(ctx, "sess_1.guessed")
	fmt.Println("a forged token, signed out:", errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrUnavailable))

	st.Delete(ctx, "sess_1")
	_, err = st.Renew(ctx, token, r)
	fmt.Println("a renewal after sign-out:", errors.Is(err, store.ErrNotFound))
	// Output:
	// sess_1 core's bytes
	// a forged token, signed out: true false
	// a renewal after sign-out: true
}
