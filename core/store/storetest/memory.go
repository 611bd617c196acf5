package storetest

import (
	"bytes"
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

// Memory is a store of one process, in memory: a [store.Store],
// [store.Updater], [store.Feed] and [store.EventLog], for tests. Several
// core.Auth values on one Memory behave as the instances of an app that
// share a database. Its tokens are "<ID>.<secret>", the secret random
// (256 bits) and kept only as its SHA-256, compared in constant time, as
// a server-side store should. The zero value is not ready: use
// [NewMemory]. It is safe for concurrent use.
type Memory struct {
	mu        sync.Mutex
	records   map[string]memRecord // by ID
	revoked   []store.Revocation   // in force, in publication order
	followers map[*memFollower]struct{}
	events    map[string]memEvent // by event ID
	cursor    string
}

// memRecord is a record and the hash of its token's secret.
type memRecord struct {
	r    store.Record
	hash [sha256.Size]byte
}

var (
	_ store.Updater  = (*Memory)(nil)
	_ store.Feed     = (*Memory)(nil)
	_ store.EventLog = (*Memory)(nil)
)

// NewMemory returns an empty Memory.
func NewMemory() *Memory {
	return &Memory{records: map[string]memRecord{}, followers: map[*memFollower]struct{}{}, events: map[string]memEvent{}}
}

// Save stores a new record; an ID already there is refused.
func (m *Memory) Save(_ context.Context, r store.Record) (string, error) {
	if r.ID == "" || strings.IndexByte(r.ID, '.') >= 0 {
		return "", fmt.Errorf("storetest: Memory: record ID %q unfit", r.ID)
	}
	secret := rand.Text()
	m.mu.Lock()
	defer m.mu.Unlock()
	if old, ok := m.records[r.ID]; ok && time.Now().Before(old.r.ExpiresAt) {
		return "", fmt.Errorf("storetest: Memory: a record of ID %q exists", r.ID)
	}
	m.records[r.ID] = memRecord{r: clone(r), hash: sha256.Sum256([]byte(secret))}
	return r.ID + "." + secret, nil
}

// clone is r with Data of its own.
func clone(r store.Record) store.Record {
	r.Data = bytes.Clone(r.Data)
	r.Outdated = false
	return r
}

// open returns the ID of the live record token opens; m.mu is held.
func (m *Memory) open(token string) (string, error) {
	id, secret, ok := strings.Cut(token, ".")
	rec, found := m.records[id]
	hash := sha256.Sum256([]byte(secret))
	switch {
	case !ok || !found || subtle.ConstantTimeCompare(hash[:], rec.hash[:]) != 1:
		return "", fmt.Errorf("%w: storetest: Memory: no record for this token", store.ErrNotFound)
	case !time.Now().Before(rec.r.ExpiresAt):
		delete(m.records, id)
		return "", fmt.Errorf("%w: storetest: Memory: the record expired", store.ErrNotFound)
	}
	return id, nil
}

// Load returns the record the token opens.
func (m *Memory) Load(_ context.Context, token string) (store.Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	id, err := m.open(token)
	if err != nil {
		return store.Record{}, err
	}
	return clone(m.records[id].r), nil
}

// errOtherRecord: the token opens a record of another ID.
var errOtherRecord = errors.New("storetest: Memory: the token opens a record of another ID")

// Renew stores r in place of the token's record and returns the same
// token.
func (m *Memory) Renew(ctx context.Context, token string, r store.Record) (string, error) {
	if err := m.Update(ctx, token, r); err != nil {
		return "", err
	}
	return token, nil
}

// Update stores r in place of the token's record.
func (m *Memory) Update(_ context.Context, token string, r store.Record) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	id, err := m.open(token)
	switch {
	case err != nil:
		return err
	case id != r.ID:
		return errOtherRecord
	}
	rec := m.records[id]
	rec.r = clone(r)
	m.records[id] = rec
	return nil
}

// Delete ends the record with this ID.
func (m *Memory) Delete(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.records, id)
	return nil
}
